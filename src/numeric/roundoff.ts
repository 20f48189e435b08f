import type { Activation } from '../model/activations.js';
import type { Matrix } from '../model/matrix.js';
import type { Forward } from '../model/network.js';
import type { Scheme } from './schemes.js';

/**
 * The arithmetic error of a numeric derivative, estimated for central differences as
 *
 *   roundoff ≈ ε_dtype · (L + M + (|w| + h)·|numeric|) / h
 *
 * - L ≈ |l| when each perturbed loss is a whole forward pass: two losses of size |l|,
 *   each held to about ε·|l|, are subtracted (0 in local mode, which never forms them);
 * - M = Σ over the moved rows of |y−t|·(|y| + |σ′(z)·z|): rounding y and the perturbed z
 *   moves each row's ½(y−t)² by that much;
 * - (|w| + h)·|numeric|: w ± h is rounded to the dtype while the quotient divides by 2h.
 * Other schemes scale it by how much they magnify rounding (Scheme.noise). Complex-step
 * subtracts nothing: its error is a few ε of the terms it sums, 4ε·Σ|x·σ′·(y−t)|.
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

export interface RoundoffInputs {
  X: Matrix;
  W: Matrix;
  /** rowNoise of the forward pass. */
  noise: Float64Array;
  /** |∂l/∂Z| = |σ′(Z)∘(Y−T)|, for complex-step. */
  absDelta: Float64Array;
  numeric: Float64Array;
  steps: Float64Array;
  /** fullPassMagnitude in full mode, 0 in local mode. */
  lossMagnitude: number;
  epsilon: number;
  scheme: Scheme;
}

/**
 * For every entry of W, Σ over its moved rows (x ≠ 0) of weight(x)·v[row, column]:
 * rowNoise gives M, |x|·|∂l/∂z| gives complex-step's terms. Runs along rows of X and Z.
 */
export function movedSum(X: Matrix, C: number, v: Float64Array, weight: (x: number) => number): Float64Array {
  const { rows: n, cols: d } = X;
  const out = new Float64Array(d * C);
  for (let m = 0; m < n; m++) {
    for (let i = 0; i < d; i++) {
      const x = X.data[m * d + i];
      if (x === 0) continue;
      const w = weight(x);
      const row = i * C;
      const zRow = m * C;
      for (let j = 0; j < C; j++) out[row + j] += w * v[zRow + j];
    }
  }
  return out;
}

const one = () => 1;

/** What the roundoff of a scheme sums over the moved rows: rowNoise, or for complex-step |x·∂l/∂z|. */
export function noiseSums(X: Matrix, C: number, scheme: Scheme, noise: Float64Array, absDelta: Float64Array): Float64Array {
  return scheme.noise === 0 ? movedSum(X, C, absDelta, Math.abs) : movedSum(X, C, noise, one);
}

/** The roundoff of one numeric value, given its noiseSums entry, |w| and step h. */
export function roundoffOf(
  scheme: Scheme, epsilon: number, lossMagnitude: number, sum: number, absW: number, h: number, numeric: number,
): number {
  return scheme.noise === 0
    ? epsilon * (4 * sum + Math.abs(numeric))
    : (scheme.noise * epsilon * (lossMagnitude + sum + (absW + h) * Math.abs(numeric))) / h;
}

/** roundoff for the checked entries of W (flat positions `indices`, numeric and steps aligned with them). */
export function roundoffW(o: RoundoffInputs & { indices: ArrayLike<number> }): Float64Array {
  const sums = noiseSums(o.X, o.W.cols, o.scheme, o.noise, o.absDelta);
  return Float64Array.from({ length: o.indices.length }, (_, e) => {
    const k = o.indices[e];
    return roundoffOf(o.scheme, o.epsilon, o.lossMagnitude, sums[k], Math.abs(o.W.data[k]), o.steps[e], o.numeric[e]);
  });
}
