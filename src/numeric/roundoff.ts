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

/** roundoff for every entry of W. */
export function roundoffW(o: RoundoffInputs): Float64Array {
  const { rows: n, cols: d } = o.X;
  const C = o.W.cols;
  const out = new Float64Array(o.W.data.length);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < C; j++) {
      let moved = 0;
      let terms = 0;
      for (let r = 0; r < n; r++) {
        const x = o.X.data[r * d + i];
        if (x === 0) continue;
        moved += o.noise[r * C + j];
        terms += Math.abs(x) * o.absDelta[r * C + j];
      }
      const k = i * C + j;
      const h = o.steps[k];
      out[k] = o.scheme.noise === 0
        ? o.epsilon * (4 * terms + Math.abs(o.numeric[k]))
        : (o.scheme.noise * o.epsilon * (o.lossMagnitude + moved + (Math.abs(o.W.data[k]) + h) * Math.abs(o.numeric[k]))) / h;
    }
  }
  return out;
}
