import type { Tolerance } from './compare.js';
import type { Diagnosis } from './diagnose.js';
import { allowedDifference, type Entry, isClearFailure } from './entries.js';
import type { MeasuredEntry } from './measure.js';
import type { Remedy } from './remedies.js';

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
function causeOf(e: Entry, m: MeasuredEntry, tol: Tolerance): Cause {
  if (e.low !== undefined || m.blockedByKinks) return 'kinks';
  if (m.moves?.() === false) return 'zero-inputs';
  if (m.saturated?.() === true) return 'saturated';
  const without = m.measurement.withoutDerivative;
  if (without !== undefined && Math.abs(without - e.numeric) <= allowedDifference(e.bound, tol, e.numeric) + e.roundoff)
    return 'linear-activation';
  return 'noise-floor';
}

type Cause = keyof Causes;

/** How many of the chosen entries proved nothing for each cause. */
export function countCauses(entries: readonly Entry[], measured: readonly MeasuredEntry[], tol: Tolerance, among: (k: number) => boolean) {
  const causes: Causes = {};
  entries.forEach((e, k) => {
    if (!among(k)) return;
    const cause = causeOf(e, measured[k], tol);
    causes[cause] = (causes[cause] ?? 0) + 1;
  });
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
  entries: readonly Entry[],
  tol: Tolerance,
  diagnosis: Diagnosis | undefined,
  causes: { uninformative: Causes; failing: () => Causes },
): Decision {
  if (entries.some((e) => !Number.isFinite(e.numeric))) return { verdict: 'inconclusive', reason: 'nonfinite' };
  if (entries.some((e) => !Number.isFinite(e.analytic))) return { verdict: 'fail', reason: null };
  if (entries.some((e) => !e.pass)) {
    if (diagnosis?.code === 'truncation') return { verdict: 'inconclusive', reason: 'truncation' };
    if (entries.some((e) => !e.pass && isClearFailure(e, tol))) return { verdict: 'fail', reason: null };
    if (entries.every((e) => e.pass || e.absError <= e.roundoff)) return { verdict: 'inconclusive', reason: 'roundoff' };
    // Failures with both values under the noise floor: saturated, or too small to compare.
    return { verdict: 'inconclusive', reason: commonest(causes.failing()) };
  }
  if (entries.some((e) => e.informative)) return { verdict: 'pass', reason: null };
  return { verdict: 'inconclusive', reason: commonest(causes.uninformative) };
}
