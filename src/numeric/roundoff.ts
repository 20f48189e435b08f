/**
 * The arithmetic error of a numeric derivative, estimated for central differences as
 *
 *   roundoff ≈ ε_dtype · (L + M + (|w| + h)·|numeric|) / h
 *
 * - L ≈ |l| when each perturbed loss is a whole forward pass: two losses of size |l|,
 *   each held to about ε·|l|, are subtracted (0 in local mode, which never forms them);
 * - M = Σ over the moved rows of |y−t|·(|y| + |σ′(z)·z|): rounding y and the perturbed z
 *   moves each row's ½(y−t)² by that much (the model supplies it: model/noise.ts);
 * - (|w| + h)·|numeric|: w ± h is rounded to the dtype while the quotient divides by 2h.
 * Other schemes scale it by how much they magnify rounding (Scheme.noise). Complex-step
 * subtracts nothing: its error is a few ε of the terms it sums, 4ε·Σ|x·σ′·(y−t)|.
 */
import type { Scheme } from './schemes.js';

/**
 * The L term of a whole-pass loss: |l| held to ε·|l|, and a sequential sum of N terms
 * drifts by about √N/4 of its ulps more; √N/2 keeps the estimate on the safe side.
 */
export function fullPassMagnitude(loss: number, terms: number): number {
  return Math.abs(loss) * Math.max(1, Math.sqrt(terms) / 2);
}

/**
 * The roundoff of one numeric value: `sum` is M (Σ of the model's noise over the moved
 * rows) or, for complex-step, Σ |x·∂l/∂z| over them; `lossMagnitude` is L (0 for local probes).
 */
/** A subtracting scheme's roundoff times its step: R in error(h) ≈ T·hᵖ + R/h (steps.ts balances the two). */
export function roundoffScale(
  scheme: Scheme,
  epsilon: number,
  lossMagnitude: number,
  sum: number,
  absW: number,
  numeric: number,
): number {
  return scheme.noise * epsilon * (lossMagnitude + sum + absW * Math.abs(numeric));
}

export function roundoffOf(
  scheme: Scheme,
  epsilon: number,
  lossMagnitude: number,
  sum: number,
  absW: number,
  h: number,
  numeric: number,
): number {
  return scheme.subtracts
    ? roundoffScale(scheme, epsilon, lossMagnitude, sum, absW + h, numeric) / h
    : epsilon * (4 * sum + Math.abs(numeric));
}
