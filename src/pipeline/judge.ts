import { compare, ESTIMATE_FACTOR, errors, type Tolerance } from './compare.js';
import { type Entry, type EntryStatus, type Measurement, nearest } from './entry.js';

/**
 * The judge stage: each measured entry against its bound. What it decides of an entry is
 * stored in the table (table.ts); the check's verdict is decide.ts's.
 */

/**
 * The estimate rule's bound on |a − n| for one entry: k·(truncation + roundoff) plus the
 * analytic value's own rounding. Truncation is read from the numeric value at half the
 * step: the difference n(h) − n(h/2) is (2ᵖ − 1)/2ᵖ of the truncation at h (and carries
 * the roundoff of both, which only makes the bound safer). k = ESTIMATE_FACTOR.
 */
export function estimateBound(
  value: number,
  atHalf: number,
  order: number,
  roundoff: number,
  analytic: number,
  analyticRounding: number,
  epsilon: number,
) {
  const truncation = (Math.abs(value - atHalf) * 2 ** order) / (2 ** order - 1);
  // A few ulps of each value (exp and the like round to about 1 ulp, and sums of them drift): 32ε relative.
  const floor = 32 * epsilon * (Math.abs(analytic) + Math.abs(value)) + analyticRounding;
  return ESTIMATE_FACTOR * (truncation + roundoff) + floor;
}

/** How far analytic and numeric may differ for a value of this size: the entry's own bound, or allclose's atol + rtol·size. */
export function allowedDifference(bound: number | undefined, tol: Tolerance, size: number): number {
  return bound ?? tol.atol + tol.rtol * Math.abs(size);
}

/**
 * Whether a wrong gradient of the usual kinds would fail an entry whose true derivative
 * lies in [lo, hi] (lo = hi away from kinks): −g, 2g and g/2 must all land outside it
 * by more than the tolerance and the roundoff. With s = the smaller and S = the larger
 * magnitude (same sign), g/2 is the closest miss: s − S/2 must clear that margin. So
 * must the gradient without σ′, when the function has an activation (relu that sees no
 * z < 0 is linear there, and a missing σ′ changes nothing).
 */
function canTell([lo, hi]: readonly [number, number], m: Measurement, tol: Tolerance): boolean {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || Math.sign(lo) !== Math.sign(hi) || lo === 0) return false;
  const small = Math.min(Math.abs(lo), Math.abs(hi));
  const large = Math.max(Math.abs(lo), Math.abs(hi));
  const margin = allowedDifference(m.bound, tol, large) + m.roundoff;
  if (!(small - large / 2 > margin)) return false;
  const w = m.withoutDerivative;
  return w === undefined || w < Math.min(lo, hi) - margin || w > Math.max(lo, hi) + margin;
}

/**
 * A failing entry that proves the gradient wrong: the difference is beyond its roundoff,
 * and the two values are not both below the noise floor (atol + roundoff), where a
 * saturated or vanishing gradient leaves nothing to compare. NaN never clears anything.
 */
export function isClearFailure(
  e: Pick<Entry, 'analytic' | 'numeric' | 'absError' | 'roundoff' | 'bound'>,
  tol: Tolerance,
): boolean {
  const floor = (e.bound ?? tol.atol) + e.roundoff;
  return e.absError > e.roundoff && Math.max(Math.abs(e.analytic), Math.abs(e.numeric)) > floor;
}

/** What judging decides of a measured entry: the value it is compared with, and the outcome. */
export interface Judgement {
  numeric: number;
  pass: boolean;
  status: EntryStatus;
  informative: boolean;
}

/**
 * A measurement compared under the tolerance rule. At a kink the analytic value passes
 * when it lies between the one-sided differences, up to tolerance: it is compared with
 * the nearer of them (itself, when it lies between). entryOf makes the report's entry of it.
 */
export function judgement(m: Measurement, tol: Tolerance): Judgement {
  const numeric = m.subgradients ? nearest(m.analytic, m.subgradients) : m.numeric;
  const c = compare(m.analytic, numeric, tol, m.bound);
  const failsClearly =
    !c.pass &&
    isClearFailure({ analytic: m.analytic, numeric, absError: c.absError, roundoff: m.roundoff, bound: m.bound }, tol);
  const status: EntryStatus = !c.pass ? 'fail' : m.subgradients ? 'kink' : 'pass';
  const informative = failsClearly || canTell(m.subgradients ?? [m.numeric, m.numeric], m, tol);
  return { numeric, pass: c.pass, status, informative };
}

/** The entry a judged measurement reports, its fields in the report's order. */
export function entryOf(m: Measurement, j: Judgement): Entry {
  const { param, index, analytic, step, roundoff } = m;
  const { numeric, pass, status, informative } = j;
  const { difference, absError, relError } = errors(analytic, numeric);
  // Whole literals, not fields added later (each would move the entry's fields out of the object): a million entries share one shape.
  if (!m.subgradients) {
    return m.bound === undefined
      ? { param, index, analytic, numeric, difference, absError, relError, step, roundoff, pass, status, informative }
      : {
          param,
          index,
          analytic,
          numeric,
          difference,
          absError,
          relError,
          step,
          roundoff,
          pass,
          status,
          informative,
          bound: m.bound,
        };
  }
  // At a kink the range comes first, then the bound (the order of the report's fields).
  const entry: Entry = {
    param,
    index,
    analytic,
    numeric,
    difference,
    absError,
    relError,
    step,
    roundoff,
    pass,
    status,
    informative,
  };
  entry.low = m.subgradients[0];
  entry.high = m.subgradients[1];
  if (m.bound !== undefined) entry.bound = m.bound;
  return entry;
}

/** A failing entry whose difference is no larger than its numeric value's arithmetic error. */
export function failsWithinRoundoff(e: Pick<Entry, 'pass' | 'absError' | 'roundoff'>): boolean {
  return !e.pass && e.absError <= e.roundoff;
}
