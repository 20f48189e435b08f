import type { Activation } from '../model/activations.js';
import type { Matrix } from '../model/matrix.js';
import type { Forward } from '../model/network.js';

/**
 * The arithmetic error of a numeric derivative, estimated as
 *
 *   roundoff ≈ ε_dtype · (L + M + (|w| + h)·|numeric|) / h
 *
 * - L ≈ |l| when each perturbed loss is a whole forward pass: two losses of size |l|,
 *   each held to about ε·|l|, are subtracted (0 in local mode, which never forms them);
 * - M = Σ over the moved rows of |y−t|·(|y| + |σ′(z)·z|): rounding y and the perturbed z
 *   moves each row's ½(y−t)² by that much;
 * - (|w| + h)·|numeric|: w ± h is rounded to the dtype while the quotient divides by 2h.
 * For central differences; other schemes scale it by their coefficients.
 */
export function rowNoise(fw: Forward, T: Matrix, act: Activation): Float64Array {
  const { Z, Y } = fw;
  const m = new Float64Array(Z.data.length);
  for (let k = 0; k < m.length; k++) {
    const z = Z.data[k];
    const y = Y.data[k];
    m[k] = Math.abs(y - T.data[k]) * (Math.abs(y) + Math.abs(act.slope(z, y, (x) => x) * z));
  }
  return m;
}

/**
 * The L term of a whole-pass loss: |l| held to ε·|l|, and a sequential sum of N terms
 * drifts by about √N/4 of its ulps more; √N/2 keeps the estimate on the safe side.
 */
export function fullPassMagnitude(loss: number, terms: number): number {
  return Math.abs(loss) * Math.max(1, Math.sqrt(terms) / 2);
}

/** roundoff for every entry of W; `lossMagnitude` is fullPassMagnitude in full mode, 0 in local mode. */
export function roundoffW(
  X: Matrix, W: Matrix, noise: Float64Array, numeric: Float64Array, steps: Float64Array,
  lossMagnitude: number, epsilon: number,
): Float64Array {
  const { rows: n, cols: d } = X;
  const C = W.cols;
  const out = new Float64Array(W.data.length);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < C; j++) {
      let moved = 0;
      for (let r = 0; r < n; r++) if (X.data[r * d + i] !== 0) moved += noise[r * C + j];
      const k = i * C + j;
      out[k] = (epsilon * (lossMagnitude + moved + (Math.abs(W.data[k]) + steps[k]) * Math.abs(numeric[k]))) / steps[k];
    }
  }
  return out;
}
