import { type Round, unrounded } from '../numeric/dtype.js';
import type { Objective } from '../numeric/probe.js';
import type { Activation } from './activations.js';
import { complex } from './complex.js';
import { createMatrix, type Matrix } from './matrix.js';
import { matmul } from './network.js';

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

/** Im l for Z = (X + i·VX)(W + i·VW) to first order: Im Z = VX·W + X·VW, Im ½(y − t)² = (Re y − t)·Im y. */
export function imaginaryLoss(
  X: Matrix,
  W: Matrix,
  T: Matrix,
  act: Activation,
  r: Round,
  VX?: Float64Array,
  VW?: Float64Array,
): number {
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

/**
 * Loss differences along U of W and V of X in float64 without a whole pass: Z(a) = Z + a·(XU + VW) + a²·VU
 * from three products made once, then O(n·C) rows of ½(ya − yb)(ya + yb − 2t) as local probes take them.
 */
function lossAlong(X: Matrix, W: Matrix, T: Matrix, act: Activation, u: Readonly<Record<string, Float64Array>>) {
  const Z = matmul(X, W, unrounded).data;
  const U = u.W && createMatrix(W.rows, W.cols, u.W);
  const V = u.X && createMatrix(X.rows, X.cols, u.X);
  const linear = new Float64Array(Z.length);
  if (U) linear.set(matmul(X, U, unrounded).data);
  if (V) {
    const VW = matmul(V, W, unrounded).data;
    for (let k = 0; k < VW.length; k++) linear[k] += VW[k];
  }
  const square = U && V ? matmul(V, U, unrounded).data : undefined;
  return (a: number, b: number): number => {
    let acc = 0;
    for (let k = 0; k < Z.length; k++) {
      const q = square ? square[k] : 0;
      const ya = act.value(Z[k] + a * linear[k] + a * a * q, unrounded);
      const yb = act.value(Z[k] + b * linear[k] + b * b * q, unrounded);
      acc += (ya - yb) * (ya + yb - 2 * T.data[k]);
    }
    return acc / 2;
  };
}

/** The built-in model as an Objective over live X and W. */
export function modelObjective(X: Matrix, W: Matrix, T: Matrix, act: Activation, r: Round): Objective {
  return {
    loss: () => fullLoss(X, W, T, act, r),
    imaginary: (V) => imaginaryLoss(X, W, T, act, r, V.X, V.W),
    along: (u) => lossAlong(X, W, T, act, u),
  };
}
