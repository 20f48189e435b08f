import type { Activation } from '../model/activations.js';
import { complex } from '../model/complex.js';
import { type Round, exact } from '../model/dtype.js';
import { type Matrix, createMatrix, transpose } from '../model/matrix.js';

/**
 * What a finite-difference scheme may ask of the model about entry k of a parameter.
 * Only loss values: no derivative formula is involved.
 */
export interface LossProbe {
  /** l(w + a·eₖ) − l(w + b·eₖ). */
  difference(k: number, a: number, b: number): number;
  /** Im l(w + i·h·eₖ): the loss evaluated in complex arithmetic. */
  imaginary(k: number, h: number): number;
}

/** ½(y − t)² summed in order, each step rounded: the loss of one forward pass. */
function halfSquaredError(act: Activation, r: Round) {
  return (z: number, t: number, acc: number): number => {
    const e = r(act.value(z, r) - t);
    return r(acc + r(e * e));
  };
}

/**
 * The black-box way: set the entry, run the whole loss, set it again, run again
 * (or run it once in complex arithmetic). Each loss is computed in the model's dtype;
 * their difference in float64, as the notebook's `.item()` quotient is.
 */
export function fullProbe(X: Matrix, W: Matrix, T: Matrix, act: Activation, r: Round): LossProbe {
  const { rows: n, cols: d } = X;
  const C = W.cols;
  const loss = () => fullLoss(X, W, T, act, r);
  const imaginaryW = createMatrix(W.rows, W.cols);
  return {
    difference(k, a, b) {
      const w = W.data[k];
      W.data[k] = r(w + a);
      const la = loss();
      W.data[k] = r(w + b);
      const lb = loss();
      W.data[k] = w;
      return la - lb;
    },
    imaginary(k, h) {
      imaginaryW.data[k] = h;
      const im = imaginaryLoss(X, W, imaginaryW, T, act, r);
      imaginaryW.data[k] = 0;
      return im;
    },
  };
}

/**
 * Im l(W + i·V) by one forward pass in complex arithmetic: Im ½(y − t)² = (Re y − t)·Im y,
 * with Z = XW + i·XV. V is 0 but for the entries (or the direction) being differentiated.
 */
export function imaginaryLoss(X: Matrix, W: Matrix, V: Matrix, T: Matrix, act: Activation, r: Round): number {
  const { rows: n, cols: d } = X;
  const C = W.cols;
  let acc = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < C; j++) {
      let re = 0;
      let im = 0;
      for (let k = 0; k < d; k++) {
        const x = X.data[i * d + k];
        re = r(re + r(x * W.data[k * C + j]));
        im = r(im + r(x * V.data[k * C + j]));
      }
      const y = act.complexValue(complex(re, im), r);
      acc = r(acc + r(r(y.re - T.data[i * C + j]) * y.im));
    }
  }
  return acc;
}

/**
 * Probes along one direction u of all of W at once (torch's fast mode):
 * l(W + a·u) − l(W + b·u), and Im l(W + i·h·u). The entry index is ignored.
 */
export function directionProbe(X: Matrix, W: Matrix, T: Matrix, u: Float64Array, act: Activation, r: Round): LossProbe {
  const moved = createMatrix(W.rows, W.cols);
  const lossAt = (a: number) => {
    for (let k = 0; k < u.length; k++) moved.data[k] = r(W.data[k] + r(a * u[k]));
    return fullLoss(X, moved, T, act, r);
  };
  return {
    difference: (_k, a, b) => lossAt(a) - lossAt(b),
    imaginary: (_k, h) => imaginaryLoss(X, W, createMatrix(W.rows, W.cols, u.map((v) => h * v)), T, act, r),
  };
}

/** ½Σ(σ(XW) − T)² by one forward pass, summed in row-major order. */
export function fullLoss(X: Matrix, W: Matrix, T: Matrix, act: Activation, r: Round): number {
  const { rows: n, cols: d } = X;
  const C = W.cols;
  const add = halfSquaredError(act, r);
  let acc = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < C; j++) {
      let z = 0;
      for (let k = 0; k < d; k++) z = r(z + r(X.data[i * d + k] * W.data[k * C + j]));
      acc = add(z, T.data[i * C + j], acc);
    }
  }
  return r(acc / 2);
}

/**
 * Column-local probes for W: moving W[i,j] moves only column j of Z = XW, by δ·X[:,i].
 * A difference of the loss is then the sum over that column's n rows of the per-row
 * differences, O(n) per entry instead of a forward pass, and it never subtracts the
 * unchanged columns, so float32 loses far less. Each row's difference is taken as
 * ½(ya − yb)(ya + yb − 2t), the same number without cancelling against t. Rows whose
 * coefficient is 0 do not move and add exactly nothing, so they are skipped.
 *
 * Columns of X, Z and T are copied once into contiguous rows (Xᵀ, Zᵀ, Tᵀ), so each
 * entry reads two short runs of memory and allocates nothing.
 */
export function localProbe(X: Matrix, W: Matrix, T: Matrix, Z: Matrix, act: Activation, r: Round): LossProbe {
  const n = X.rows;
  const C = W.cols;
  const coef = transpose(X).data;
  const z = transpose(Z).data;
  const t = transpose(T).data;
  return {
    difference(k, a, b) {
      const i = Math.floor(k / C);
      const c0 = i * n;
      const z0 = (k - i * C) * n;
      const w = W.data[k];
      const da = r(w + a) - w;
      const db = r(w + b) - w;
      let acc = 0;
      if (r === exact) {
        // float64: the same arithmetic without the rounding calls, for speed.
        for (let m = 0; m < n; m++) {
          const c = coef[c0 + m];
          if (c === 0) continue;
          const zm = z[z0 + m];
          const ya = act.value(zm + c * da, exact);
          const yb = act.value(zm + c * db, exact);
          acc += (ya - yb) * (ya + yb - 2 * t[z0 + m]);
        }
        return acc / 2;
      }
      for (let m = 0; m < n; m++) {
        const c = coef[c0 + m];
        if (c === 0) continue;
        const zm = z[z0 + m];
        const ya = act.value(r(zm + r(c * da)), r);
        const yb = act.value(r(zm + r(c * db)), r);
        acc = r(acc + r(r(ya - yb) * r(r(ya + yb) - 2 * t[z0 + m])));
      }
      return acc / 2;
    },
    imaginary(k, h) {
      const i = Math.floor(k / C);
      const c0 = i * n;
      const z0 = (k - i * C) * n;
      let acc = 0;
      for (let m = 0; m < n; m++) {
        const c = coef[c0 + m];
        if (c === 0) continue;
        const y = act.complexValue(complex(z[z0 + m], r(c * h)), r);
        acc = r(acc + r(r(y.re - t[z0 + m]) * y.im));
      }
      return acc;
    },
  };
}

/**
 * Whether moving W[k] by up to ±reach carries some z of its strip across, or onto,
 * a kink of the activation: there the difference quotient is not a derivative.
 */
export function crossesKinkW(X: Matrix, W: Matrix, Z: Matrix, act: Activation, k: number, reach: number): boolean {
  if (act.kinks.length === 0) return false;
  const { rows: n, cols: d } = X;
  const C = W.cols;
  const i = Math.floor(k / C);
  const j = k - i * C;
  for (let m = 0; m < n; m++) {
    const c = X.data[m * d + i];
    if (c === 0) continue;
    const z = Z.data[m * C + j];
    for (const kink of act.kinks) if (Math.abs(z - kink) <= Math.abs(c) * reach) return true;
  }
  return false;
}
