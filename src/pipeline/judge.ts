import { compare, ESTIMATE_FACTOR, errors, type Tolerance } from './compare.js';
import { type Entry, type EntryStatus, type Measurement, nearest } from './entry.js';

/** The judge stage: each measured entry against its bound, into the table (table.ts); the verdict is decide.ts's. */

/**
 * The estimate rule's bound on |a − n|: ESTIMATE_FACTOR·(truncation + roundoff) + the analytic value's rounding.
 * n(h) − n(h/2) is (2ᵖ − 1)/2ᵖ of the truncation at h (its roundoff only makes the bound safer).
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
  return boundOf(truncation, roundoff, analytic, value, analyticRounding, epsilon);
}

/** The estimate rule's bound given an entry's truncation: from its half step, or a screen's T·hᵖ (plan.ts). */
export function boundOf(
  truncation: number,
  roundoff: number,
  analytic: number,
  value: number,
  analyticRounding: number,
  epsilon: number,
): number {
  // A few ulps of each value (exp and the like round to about 1 ulp, and sums of them drift): 32ε relative.
  const floor = 32 * epsilon * (Math.abs(analytic) + Math.abs(value)) + analyticRounding;
  return ESTIMATE_FACTOR * (truncation + roundoff) + floor;
}

/**
 * Whether a screened entry passes by the screen's margin: |a − n| within half of what its rule allows. The
 * full measurement (escalate.ts) judges every other: borderline, failing, NaN or ∞, at a kink.
 * docs/THEORY.md ("The screen") says why half.
 */
export const SCREEN_MARGIN = 2;
export function passesScreen(m: Measurement, j: Judgement, tol: Tolerance, atKink: boolean): boolean {
  if (!j.pass || atKink || m.subgradients) return false;
  return Math.abs(m.analytic - m.numeric) * SCREEN_MARGIN <= allowedDifference(m.bound, tol, m.numeric);
}

/** How far a and n may differ at this size: the entry's own bound, or allclose's atol + rtol·size. */
export function allowedDifference(bound: number | undefined, tol: Tolerance, size: number): number {
  return bound ?? tol.atol + tol.rtol * Math.abs(size);
}

/**
 * Whether −g, 2g and g/2 all land outside [lo, hi] by more than tolerance + roundoff: with s, S the smaller and
 * larger magnitude (same sign), g/2 is the closest miss, so s − S/2 must clear it. So must g without σ′ (relu
 * that sees no z < 0 is linear there, and a missing σ′ changes nothing).
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
 * A failure that proves the gradient wrong: beyond its roundoff, and not both values under the noise floor
 * (atol + roundoff), where a saturated or vanishing gradient leaves nothing to compare. NaN clears nothing.
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

/** A measurement under the tolerance rule; at a kink analytic is compared with the nearest point of the range. */
export function judgement(m: Measurement, tol: Tolerance): Judgement {
  // Differences NaN or ±∞ at every step tried decide nothing of this entry, and nothing of the others.
  const measured = m.subgradients ?? [m.numeric, m.numeric];
  if (!measured.every(Number.isFinite))
    return { numeric: m.numeric, pass: false, status: 'nonfinite', informative: false };
  // At a kink: the subgradient nearest the analytic value (nearest 0 when that is NaN or ±∞, which fails).
  const numeric = m.subgradients ? nearest(Number.isFinite(m.analytic) ? m.analytic : 0, m.subgradients) : m.numeric;
  const c = compare(m.analytic, numeric, tol, m.bound);
  // An analytic NaN or ±∞ beside a finite difference is the backward pass's fault: wrong beyond doubt.
  const failsClearly =
    !c.pass &&
    (!Number.isFinite(m.analytic) ||
      isClearFailure(
        { analytic: m.analytic, numeric, absError: c.absError, roundoff: m.roundoff, bound: m.bound },
        tol,
      ));
  const status: EntryStatus = !c.pass ? 'fail' : m.subgradients ? 'kink' : 'pass';
  const informative = failsClearly || canTell(m.subgradients ?? [m.numeric, m.numeric], m, tol);
  return { numeric, pass: c.pass, status, informative };
}

/** The entry a judged measurement reports, its fields in the report's order. */
export function entryOf(m: Measurement, j: Judgement): Entry {
  const { param, index, analytic, step, roundoff } = m;
  const { numeric, pass, status, informative } = j;
  const { difference, absError, relError } = errors(analytic, numeric);
  // Whole literals, not fields added later (which move fields out of the object): all entries share one V8 shape.
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
