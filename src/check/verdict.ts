import type { Tolerance } from './compare.js';
import type { Diagnosis } from './diagnose.js';
import { allowedDifference, isClearFailure } from './entries.js';
import type { MeasuredEntry } from './measure.js';
import type { Remedy } from './remedies.js';
import type { EntryTable } from './table.js';

/** pass: every entry within tolerance and some could tell; fail: some entry is wrong beyond doubt; else inconclusive. */
export type Verdict = 'pass' | 'fail' | 'inconclusive';

/** Why an entry, or a whole check, proved nothing. */
export const INCONCLUSIVE_REASONS = [
  'saturated',
  'zero-inputs',
  'kinks',
  'linear-activation',
  'noise-floor',
  'roundoff',
  'truncation',
  'nonfinite',
] as const;
export type InconclusiveReason = (typeof INCONCLUSIVE_REASONS)[number];

/** Why a check that ran proved nothing, and what to change; `message` is the caller's words. */
export interface Inconclusive {
  reason: InconclusiveReason;
  remedies: Remedy[];
  /** The one parameter that proved nothing, when the others passed. */
  only?: string;
  message?: string;
}

/** How many entries, by cause, could not tell a right gradient from a wrong one. */
export type Causes = Partial<Record<'saturated' | 'zero-inputs' | 'kinks' | 'linear-activation' | 'noise-floor', number>>;

/**
 * An uninformative entry's cause: it sits at a kink, moves nothing, is saturated, sees
 * the activation only where σ′ = 1 (relu with no z < 0: a gradient without σ′ is the
 * same there), or is just small.
 */
function causeOf(table: EntryTable, i: number, m: MeasuredEntry, tol: Tolerance): Cause {
  if (table.range(i) !== undefined || m.blockedByKinks) return 'kinks';
  if (m.moves?.() === false) return 'zero-inputs';
  if (m.saturated?.() === true) return 'saturated';
  const without = m.measurement.withoutDerivative;
  const numeric = table.numeric[i];
  if (without !== undefined && Math.abs(without - numeric) <= allowedDifference(table.bound(i), tol, numeric) + table.roundoff[i])
    return 'linear-activation';
  return 'noise-floor';
}

type Cause = keyof Causes;

/** How many of the chosen rows proved nothing for each cause. */
export function countCauses(table: EntryTable, measured: (i: number) => MeasuredEntry, tol: Tolerance, among: (i: number) => boolean) {
  const causes: Causes = {};
  for (let i = 0; i < table.length; i++) {
    if (!among(i)) continue;
    const cause = causeOf(table, i, measured(i), tol);
    causes[cause] = (causes[cause] ?? 0) + 1;
  }
  return causes;
}

/** The commonest cause (ties: the first in INCONCLUSIVE_REASONS order). */
export function commonest(causes: Causes): Cause {
  let best: Cause = 'noise-floor';
  let most = 0;
  for (const reason of INCONCLUSIVE_REASONS) {
    const n = causes[reason as Cause] ?? 0;
    if (n > most) {
      best = reason as Cause;
      most = n;
    }
  }
  return best;
}

/** What a check's entries proved, once judged and diagnosed. */
export interface Decision {
  verdict: Verdict;
  /** Set exactly when the verdict is inconclusive. */
  reason: InconclusiveReason | null;
}

/**
 * The law: a wrong gradient must never pass, a right one never fail.
 * - fail: an entry differs beyond tolerance and beyond its roundoff, and a too-large step
 *   does not explain it, or the analytic value is NaN/∞ where the numeric one is finite;
 * - inconclusive: the numeric side is NaN/∞, the step explains the failures (truncation),
 *   every failure is within roundoff, or no entry could tell a right gradient from a wrong one;
 * - pass: every entry within tolerance, and at least one could tell.
 */
export function decide(
  table: EntryTable,
  tol: Tolerance,
  diagnosis: Diagnosis | undefined,
  causes: { uninformative: Causes; failing: () => Causes },
): Decision {
  // One pass over the columns (10⁶ entries), then the law's order.
  let numericNonFinite = false;
  let analyticNonFinite = false;
  let informative = false;
  let failures = 0;
  let clearFailure = false;
  let beyondRoundoff = false;
  for (let i = 0; i < table.length; i++) {
    if (!Number.isFinite(table.numeric[i])) numericNonFinite = true;
    if (!Number.isFinite(table.analytic[i])) analyticNonFinite = true;
    if (table.informative(i)) informative = true;
    if (table.pass(i)) continue;
    failures++;
    if (!table.failsWithinRoundoff(i)) beyondRoundoff = true;
    if (!clearFailure && isClearFailure(table.entry(i), tol)) clearFailure = true;
  }
  if (numericNonFinite) return { verdict: 'inconclusive', reason: 'nonfinite' };
  if (analyticNonFinite) return { verdict: 'fail', reason: null };
  if (failures > 0) {
    if (diagnosis?.code === 'truncation') return { verdict: 'inconclusive', reason: 'truncation' };
    if (clearFailure) return { verdict: 'fail', reason: null };
    if (!beyondRoundoff) return { verdict: 'inconclusive', reason: 'roundoff' };
    // Failures with both values under the noise floor: saturated, or too small to compare.
    return { verdict: 'inconclusive', reason: commonest(causes.failing()) };
  }
  if (informative) return { verdict: 'pass', reason: null };
  return { verdict: 'inconclusive', reason: commonest(causes.uninformative) };
}
