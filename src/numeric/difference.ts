import type { Activation } from '../model/activations.js';
import { complex } from '../model/complex.js';
import type { Round } from '../model/dtype.js';
import type { Matrix } from '../model/matrix.js';

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
      // Only W[k] has an imaginary part, so Im z = x·h where the product meets it.
      const iK = Math.floor(k / C);
      const jK = k - iK * C;
      let acc = 0;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < C; j++) {
          let re = 0;
          for (let m = 0; m < d; m++) re = r(re + r(X.data[i * d + m] * W.data[m * C + j]));
          const im = j === jK ? r(X.data[i * d + iK] * h) : 0;
          const y = act.complexValue(complex(re, im), r);
          // Im ½(y − t)² = (Re y − t)·Im y
          acc = r(acc + r(r(y.re - T.data[i * C + j]) * y.im));
        }
      }
      return acc;
    },
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

/** Which strip of Z an entry moves, and by which coefficients. */
interface Strip {
  zStart: number;
  zStride: number;
  cStart: number;
  cStride: number;
  count: number;
}

/**
 * Column-local probes for W: moving W[i,j] moves only column j of Z = XW, by δ·X[:,i].
 * A difference of the loss is then the sum over that column's n rows of the per-row
 * differences, O(n) per entry instead of a forward pass, and it never subtracts the
 * unchanged columns, so float32 loses far less. Each row's difference is taken as
 * ½(ya − yb)(ya + yb − 2t), the same number without cancelling against t. Rows whose
 * coefficient is 0 do not move and add exactly nothing, so they are skipped.
 */
export function localProbe(X: Matrix, W: Matrix, T: Matrix, Z: Matrix, act: Activation, r: Round): LossProbe {
  const { rows: n, cols: d } = X;
  const C = W.cols;
  const strip = (k: number): Strip => {
    const i = Math.floor(k / C);
    return { zStart: k - i * C, zStride: C, cStart: i, cStride: d, count: n };
  };
  const coef = X.data;
  return {
    difference(k, a, b) {
      const w = W.data[k];
      const da = r(w + a) - w;
      const db = r(w + b) - w;
      const s = strip(k);
      let acc = 0;
      for (let m = 0; m < s.count; m++) {
        const c = coef[s.cStart + m * s.cStride];
        if (c === 0) continue;
        const z = Z.data[s.zStart + m * s.zStride];
        const t = T.data[s.zStart + m * s.zStride];
        const ya = act.value(r(z + r(c * da)), r);
        const yb = act.value(r(z + r(c * db)), r);
        acc = r(acc + r(r(ya - yb) * r(r(ya + yb) - 2 * t)));
      }
      return acc / 2;
    },
    imaginary(k, h) {
      const s = strip(k);
      let acc = 0;
      for (let m = 0; m < s.count; m++) {
        const c = coef[s.cStart + m * s.cStride];
        if (c === 0) continue;
        const y = act.complexValue(complex(Z.data[s.zStart + m * s.zStride], r(c * h)), r);
        acc = r(acc + r(r(y.re - T.data[s.zStart + m * s.zStride]) * y.im));
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
