import type { Objective } from '../numeric/probe.js';
import type { Activation } from './activations.js';
import { complex } from './complex.js';
import type { Round } from './dtype.js';
import type { Matrix } from './matrix.js';

/** z = Σₖ X[i,k]·W[k,j], summed in index order, each step rounded: one entry of Z = XW. */
function zAt(X: Matrix, W: Matrix, i: number, j: number, r: Round): number {
  const d = X.cols;
  const C = W.cols;
  let z = 0;
  for (let k = 0; k < d; k++) z = r(z + r(X.data[i * d + k] * W.data[k * C + j]));
  return z;
}

/** ½Σ(σ(XW) − T)² by one forward pass, summed in row-major order, each step rounded. */
export function fullLoss(X: Matrix, W: Matrix, T: Matrix, act: Activation, r: Round): number {
  const C = W.cols;
  let acc = 0;
  for (let i = 0; i < X.rows; i++) {
    for (let j = 0; j < C; j++) {
      const e = r(act.value(zAt(X, W, i, j, r), r) - T.data[i * C + j]);
      acc = r(acc + r(e * e));
    }
  }
  return r(acc / 2);
}

/**
 * Im l for Z = (X + i·VX)(W + i·VW) to first order in V: Im Z = VX·W + X·VW, then
 * Im ½(y − t)² = (Re y − t)·Im y. V is 0 but where a derivative is taken.
 */
export function imaginaryLoss(X: Matrix, W: Matrix, T: Matrix, act: Activation, r: Round, VX?: Float64Array, VW?: Float64Array): number {
  const d = X.cols;
  const C = W.cols;
  let acc = 0;
  for (let i = 0; i < X.rows; i++) {
    for (let j = 0; j < C; j++) {
      let im = 0;
      for (let k = 0; k < d; k++) {
        if (VW) im = r(im + r(X.data[i * d + k] * VW[k * C + j]));
        if (VX) im = r(im + r(VX[i * d + k] * W.data[k * C + j]));
      }
      const y = act.complexValue(complex(zAt(X, W, i, j, r), im), r);
      acc = r(acc + r(r(y.re - T.data[i * C + j]) * y.im));
    }
  }
  return acc;
}

/** The built-in model as an Objective over live X and W. */
export function modelObjective(X: Matrix, W: Matrix, T: Matrix, act: Activation, r: Round): Objective {
  return {
    loss: () => fullLoss(X, W, T, act, r),
    imaginary: (V) => imaginaryLoss(X, W, T, act, r, V.X, V.W),
  };
}
