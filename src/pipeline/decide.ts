import type { Tolerance } from './compare.js';
import type { Retake } from './escalate.js';
import { allowedDifference, isClearFailure } from './judge.js';
import { INCONCLUSIVE_REASONS, type InconclusiveReason, type Remedy } from './remedies.js';
import type { EntryTable } from './table.js';

/** The decide stage: one function gives the verdict, from facts gathered before it (docs/ARCHITECTURE.md's table). */

/** pass: all within tolerance and some could tell; fail: some entry wrong beyond doubt; else inconclusive. */
export type Verdict = 'pass' | 'fail' | 'inconclusive';

export type { InconclusiveReason };

/** Why a check that ran proved nothing, and what to change; `message` is the caller's words. */
export interface Inconclusive {
  reason: InconclusiveReason;
  remedies: Remedy[];
  /** The one parameter that proved nothing, when the others passed. */
  only?: string;
  message?: string;
}

/** Why an entry could not tell a right gradient from a wrong one. */
export type Cause =
  | 'nonfinite'
  | 'saturated'
  | 'zero-inputs'
  | 'kinks'
  | 'truncation'
  | 'linear-activation'
  | 'noise-floor';

export type Causes = Partial<Record<Cause, number>>;

/**
 * First that holds: differences NaN or ±∞, at a kink, moves nothing, saturated, only σ′ = 1 (relu, no z < 0: σ′
 * changes nothing), small.
 */
function causeOf(table: EntryTable, i: number, retake: Retake, tol: Tolerance): Cause {
  if (table.status(i) === 'nonfinite') return 'nonfinite';
  if (table.range(i) !== undefined || retake.blockedByKinks?.(i)) return 'kinks';
  if (retake.moves(i) === false) return 'zero-inputs';
  if (retake.saturated(i) === true) return 'saturated';
  // A bound made mostly of the step's truncation (4·T·hᵖ beyond 4× the roundoff): the step is too large to tell.
  const bound = table.bound(i);
  if (bound !== undefined && bound / 4 - table.roundoff[i] > 4 * table.roundoff[i]) return 'truncation';
  const without = retake.withoutDerivative(i);
  const numeric = table.numeric[i];
  if (
    without !== undefined &&
    Math.abs(without - numeric) <= allowedDifference(table.bound(i), tol, numeric) + table.roundoff[i]
  )
    return 'linear-activation';
  return 'noise-floor';
}

/** How many of the chosen rows proved nothing for each cause. */
export function countCauses(table: EntryTable, retake: Retake, tol: Tolerance, among: (i: number) => boolean): Causes {
  const causes: Causes = {};
  for (let i = 0; i < table.length; i++) {
    if (!among(i)) continue;
    const cause = causeOf(table, i, retake, tol);
    causes[cause] = (causes[cause] ?? 0) + 1;
  }
  return causes;
}

/** The commonest cause (ties: the first in INCONCLUSIVE_REASONS order). */
function commonest(causes: Causes): Cause {
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

/** What a verdict is decided from: what the judged entries showed, and what was decided of their parts. */
export interface VerdictFacts {
  /** Some analytic value is NaN or ±∞ where its numeric value is finite. */
  analyticNonFinite: boolean;
  /** Two entries at one kink (a tie) whose analytic values add up outside the slopes of moving both (ties.ts). */
  tiesFail?: boolean;
  failures: number;
  /** Some failure is beyond its roundoff and above the noise floor (judge.ts isClearFailure). */
  clearFailure: boolean;
  /** Some failure is beyond its roundoff. */
  beyondRoundoff: boolean;
  /** The diagnosis found the failures to be the step's truncation, not the gradient's. */
  truncation: boolean;
  /** Some entry could tell a right gradient from a wrong one. */
  informative: boolean;
  /** The entries that proved nothing, by cause; and the failing ones', counted only if asked. */
  uninformative: Causes;
  failing(): Causes;
  /** Each parameter's own decision, when entry by entry several are checked. */
  parameters?: readonly { name: string; decision: Decision }[];
  /** A float64 recheck's decision, when there was one: it decides. */
  recheck?: Decision;
}

export interface Decision {
  verdict: Verdict;
  /** Set exactly when the verdict is inconclusive. */
  inconclusive: Inconclusive | null;
}

/** What the entries of a judged table show, in one pass over its columns. */
export function factsOf(
  table: EntryTable,
  retake: Retake,
  tol: Tolerance,
  truncation: boolean,
): Omit<VerdictFacts, 'parameters' | 'recheck'> {
  const facts = {
    analyticNonFinite: false,
    failures: 0,
    clearFailure: false,
    beyondRoundoff: false,
  };
  let informative = false;
  for (let i = 0; i < table.length; i++) {
    if (table.informative(i)) informative = true;
    // An entry whose differences were NaN or ±∞ proved nothing (a cause among the uninformative), failed nothing.
    if (table.pass(i) || table.status(i) === 'nonfinite') continue;
    if (!Number.isFinite(table.analytic[i])) facts.analyticNonFinite = true;
    facts.failures++;
    if (!table.failsWithinRoundoff(i)) facts.beyondRoundoff = true;
    if (!facts.clearFailure && isClearFailure(table.entry(i), tol)) facts.clearFailure = true;
  }
  const uninformative = countCauses(table, retake, tol, (i) => !table.informative(i));
  const failing = () => countCauses(table, retake, tol, (i) => !table.pass(i));
  return { ...facts, truncation, informative, uninformative, failing };
}

/**
 * The law: a wrong gradient must never pass, a right one never fail. The first rule that holds decides, in the
 * order of docs/ARCHITECTURE.md's table; `remedies`: what makes a check of this kind conclusive, per reason.
 */
export function decide(facts: VerdictFacts, remedies: (reason: InconclusiveReason) => Remedy[]): Decision {
  const inconclusive = (reason: InconclusiveReason, only?: string): Decision => ({
    verdict: 'inconclusive',
    inconclusive: { reason, remedies: remedies(reason), ...(only === undefined ? {} : { only }) },
  });
  const fail: Decision = { verdict: 'fail', inconclusive: null };
  if (facts.recheck) return facts.recheck;
  if (facts.analyticNonFinite) return fail;
  if (facts.tiesFail) return fail;
  if (facts.failures > 0) {
    if (facts.truncation) return inconclusive('truncation');
    if (facts.clearFailure) return fail;
    if (!facts.beyondRoundoff) return inconclusive('roundoff');
    // Failures with both values under the noise floor: saturated, or too small to compare.
    return inconclusive(commonest(facts.failing()));
  }
  if (!facts.informative) return inconclusive(commonest(facts.uninformative));
  // A pass claims every checked parameter's gradient: one that proved nothing leaves the check inconclusive.
  const idle = facts.parameters?.find((p) => p.decision.verdict === 'inconclusive');
  if (idle?.decision.inconclusive) return inconclusive(idle.decision.inconclusive.reason, idle.name);
  return { verdict: 'pass', inconclusive: null };
}

/** A module's rules' verdicts as one: fail if any fails, else inconclusive if any is, else pass. */
export function combinedVerdict(verdicts: readonly Verdict[]): Verdict {
  return verdicts.includes('fail') ? 'fail' : verdicts.includes('inconclusive') ? 'inconclusive' : 'pass';
}
