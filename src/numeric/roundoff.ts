/**
 * Arithmetic error of a numeric derivative; for central differences
 *   roundoff ≈ ε_dtype · (L + M + (|w| + h)·|numeric|) / h
 * - L ≈ |l| for whole-pass losses: two losses each held to ε·|l| are subtracted (0 for local probes);
 * - M = Σ over moved rows of |y−t|·(|y| + |σ′(z)·z|): rounding y and the perturbed z moves ½(y−t)²
 *   that much (model/noise.ts);
 * - (|w| + h)·|numeric|: w ± h is rounded to the dtype while the quotient divides by 2h.
 * Other schemes scale it by Scheme.roundoffGain. Complex-step subtracts nothing: its error is 4ε·Σ|x·σ′·(y−t)|.
 */
import type { Scheme } from './schemes.js';

/** L of a whole-pass loss: a sequential sum of N terms drifts ~√N/4 ulps more; √N/2 stays on the safe side. */
export function fullPassMagnitude(loss: number, terms: number): number {
  return Math.abs(loss) * Math.max(1, Math.sqrt(terms) / 2);
}

/** A subtracting scheme's roundoff times its step: R in error(h) ≈ T·hᵖ + R/h (balanced in steps.ts). */
export function roundoffScale(
  scheme: Scheme,
  epsilon: number,
  lossMagnitude: number,
  sum: number,
  absW: number,
  numeric: number,
): number {
  return scheme.roundoffGain * epsilon * (lossMagnitude + sum + absW * Math.abs(numeric));
}

/** One value's roundoff: `sum` is M (complex-step: Σ|x·∂l/∂z|), `lossMagnitude` is L (0 for local probes). */
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
