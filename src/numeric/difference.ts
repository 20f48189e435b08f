import type { Activation } from '../model/activations.js';
import type { Round } from '../model/dtype.js';
import type { Matrix } from '../model/matrix.js';

/**
 * l(w + a·eₖ) − l(w + b·eₖ) for entry k of one parameter: the only thing a
 * difference scheme needs to know about the model. No derivative is involved.
 */
export type LossDifference = (k: number, a: number, b: number) => number;

/**
 * The black-box way: set the entry, run the whole loss, set it again, run again.
 * Each loss is computed in the model's dtype; their difference in float64, as the
 * notebook's `.item()` quotient is.
 */
export function fullDifference(values: Float64Array, loss: () => number, r: Round): LossDifference {
  return (k, a, b) => {
    const w = values[k];
    values[k] = r(w + a);
    const la = loss();
    values[k] = r(w + b);
    const lb = loss();
    values[k] = w;
    return la - lb;
  };
}

/**
 * Σ over one strip of Z (a column, or a row) of ½(σ(z + c·δa) − t)² − ½(σ(z + c·δb) − t)²,
 * where c runs over the matching strip of the other factor. Each row's difference is
 * taken as ½(ya − yb)(ya + yb − 2t), the same number without cancelling against t.
 * Rows whose c is 0 do not move and add exactly nothing, so they are skipped.
 */
function stripDifference(
  Z: Float64Array, T: Float64Array, zStart: number, zStride: number,
  coef: Float64Array, cStart: number, cStride: number, count: number,
  da: number, db: number, act: Activation, r: Round,
): number {
  let acc = 0;
  for (let m = 0; m < count; m++) {
    const c = coef[cStart + m * cStride];
    if (c === 0) continue;
    const z = Z[zStart + m * zStride];
    const t = T[zStart + m * zStride];
    const ya = act.value(r(z + r(c * da)), r);
    const yb = act.value(r(z + r(c * db)), r);
    acc = r(acc + r(r(ya - yb) * r(r(ya + yb) - 2 * t)));
  }
  return acc / 2;
}

/**
 * Column-local differences for W: moving W[i,j] moves only column j of Z = XW, by
 * δ·X[:,i]. Still a difference of loss values, O(n) per entry instead of a forward
 * pass, and it never subtracts the unchanged columns, so float32 loses far less.
 * The step is the one W really takes after rounding to the dtype.
 */
export function localDifferenceW(X: Matrix, W: Matrix, T: Matrix, Z: Matrix, act: Activation, r: Round): LossDifference {
  const { rows: n, cols: d } = X;
  const C = W.cols;
  return (k, a, b) => {
    const i = Math.floor(k / C);
    const j = k - i * C;
    const w = W.data[k];
    return stripDifference(Z.data, T.data, j, C, X.data, i, d, n, r(w + a) - w, r(w + b) - w, act, r);
  };
}
