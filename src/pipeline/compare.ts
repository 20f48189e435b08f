import type { ToleranceRule } from '../rules/options.js';

/** allclose (torch's): |a − n| ≤ atol + rtol·|n|; or `estimate`: each entry's own bound (Measurement.bound). */
export interface Tolerance {
  atol: number;
  rtol: number;
  tolerance?: ToleranceRule;
}

/** The estimate rule's k: |a − n| ≤ k·(truncation + roundoff) + the analytic value's own rounding. */
export const ESTIMATE_FACTOR = 4;

export interface Comparison {
  /** analytic − numeric, the notebook's sign. */
  difference: number;
  absError: number;
  /** |a − n| / max(|a|, |n|), 0 when both are 0. */
  relError: number;
  /** atol + rtol·|n|: how large absError may be. */
  allowed: number;
  /** Within tolerance, and both values finite: NaN or ∞ never pass. */
  pass: boolean;
}

/** How far apart analytic and numeric are: the comparison without a tolerance. */
export function errors(analytic: number, numeric: number): Pick<Comparison, 'difference' | 'absError' | 'relError'> {
  const difference = analytic - numeric;
  const absError = Math.abs(difference);
  const scale = Math.max(Math.abs(analytic), Math.abs(numeric));
  const relError = scale === 0 ? 0 : absError / scale;
  return { difference, absError, relError };
}

/** The comparison under the allclose rule, or against a given bound (the estimate rule's). */
export function compare(analytic: number, numeric: number, tol: Tolerance, bound?: number): Comparison {
  const { difference, absError, relError } = errors(analytic, numeric);
  const allowed = bound ?? tol.atol + tol.rtol * Math.abs(numeric);
  const pass = Number.isFinite(analytic) && Number.isFinite(numeric) && absError <= allowed;
  return { difference, absError, relError, allowed, pass };
}

/** absError in units of what is allowed; non-finite ranks above all, so the worst entry is looked at first. */
export function severity(c: Comparison): number {
  if (!Number.isFinite(c.difference)) return Infinity;
  if (c.allowed === 0) return c.absError === 0 ? 0 : Number.MAX_VALUE;
  return c.absError / c.allowed;
}
