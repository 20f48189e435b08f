import type { Dtype } from '../numeric/dtype.js';
import { machineEpsilon } from '../numeric/dtype.js';
import { SCHEMES } from '../numeric/schemes.js';
import { predictedStep } from '../numeric/steps.js';
import type { NumericOptions } from '../rules/options.js';
import type { Tolerance } from './compare.js';
import {
  type Causes,
  type Decision,
  decide,
  factsOf,
  type Inconclusive,
  type Verdict,
  type VerdictFacts,
} from './decide.js';
import { type Diagnosis, type DiagnosisContext, diagnose } from './diagnose.js';
import type { DirectionFindings } from './direction.js';
import type { Entry, EntryName, Summary } from './entry.js';
import type { Retake } from './escalate.js';
import type { CheckedParameter, DirectionGuard } from './parameter.js';
import {
  type InconclusiveReason,
  inconclusiveRemedies,
  type RemedyContext,
  roundoffRemedies,
  truncationRemedies,
} from './remedies.js';
import type { EntryTable } from './table.js';
import type { TiedPair } from './ties.js';

/** A check's options, and what the function being checked allows and needs. */
export interface CheckSettings extends NumericOptions {
  dtype: Dtype;
  /** Whether per-entry probes run whole passes (--numeric full, or a user's function). */
  wholePasses: boolean;
  /** The loss at θ and how many terms it sums: the L of the roundoff of whole passes. */
  loss: number;
  lossTerms: number;
  /**
   * How many ulps of the loss its rounding may take where the check does not see the terms it sums (a user's
   * function: 16). The full measurement's half step measures that noise; a screen has one value and assumes it.
   */
  lossUlps?: number;
  /** Whether local probes and complex-step exist for this function, to be suggested. */
  localAvailable: boolean;
  complexAvailable: boolean;
  /** Whether the function has an activation whose σ′ a wrong gradient may drop. */
  derivative: boolean;
  /** Whether the tool drew the problem, so that it can be drawn otherwise (--init scaled, another seed). */
  drawn: boolean;
  /** Keeps fast mode's direction clear of kinks, when the function has them. */
  directionGuard?: DirectionGuard;
  /** Fast mode's analytic side along u, for a rule given only along directions (a jvp); else ⟨analytic, u⟩. */
  analyticAlong?(u: readonly Float64Array[]): number;
  /** Where the loss values the check evaluates are counted (numeric/probe.ts lossCounter): summary.lossCalls. */
  calls?: Int32Array;
  /** Patterns a diagnosis may also name, of checks with more structure than a gradient (a Jacobian's). */
  patterns?: DiagnosisContext['patterns'];
  /** Check these entries of each parameter (by name, flat positions), not all or a sample: a recheck. */
  only?: ReadonlyMap<string, Uint32Array>;
}

/** One parameter's share of a check (for checks of several): its counts, verdict and diagnosis. */
export interface ParameterSummary {
  name: string;
  checked: number;
  passed: number;
  failed: number;
  informative: number;
  verdict: Verdict;
  diagnosis: Diagnosis | null;
}

export type CheckSummary = Summary & {
  /** The entries that proved nothing, by cause. */
  uninformative: Causes;
  /** Each parameter's own summary, when entry by entry several are checked ("b2 is wrong, W1 is right"). */
  parameters?: ParameterSummary[];
  verdict: Verdict;
  /** True exactly when the verdict is pass. */
  pass: boolean;
  /** Why the check proved nothing, when it did not; null otherwise. */
  inconclusive: Inconclusive | null;
  diagnosis: Diagnosis | null;
  /** How many loss values the check evaluated (a Jacobian's: output values), pilots and escalations included. */
  lossCalls: number;
  /** Fast mode: what its one direction proved, and whether a failing one was bisected to every entry it comes from. */
  direction?: DirectionFindings;
  /** Entries at kinks moved in pairs: how many pairs share a kink, and those whose analytic sum misses its slopes. */
  ties?: { shared: number; failing: TieFailure[] };
};

/** A pair of tied entries whose analytic values add up to more (or less) than moving both together gives. */
export interface TieFailure {
  entries: [EntryName, EntryName];
  analytic: number;
  low: number;
  high: number;
}

/** A check's judged entries, and what more may be measured of each row. */
export interface Judged {
  table: EntryTable;
  retake: Retake;
  /** Fast mode: what its direction proved, and whether a failing one was bisected to every entry it comes from. */
  direction?: DirectionFindings;
  /** Pairs of entries at kinks that share one (ties.ts), when a function's kinks are unknown. */
  ties?: TiedPair[];
}

/** max that lets NaN through, so a NaN error is never hidden behind a finite one. */
function maxOf(a: number, b: number): number {
  return Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b);
}

/** How a summary names an entry: its parameter and index (a Jacobian's output, cotangent too). */
function nameOf(w: Entry | undefined): EntryName {
  return {
    param: w?.param ?? '',
    index: w?.index ?? [],
    ...(w?.output ? { output: w.output } : {}),
    ...(w?.outputParam !== undefined ? { outputParam: w.outputParam } : {}),
    ...(w?.cotangent !== undefined ? { cotangent: w.cotangent } : {}),
  };
}

/** The counts and maxima of a table of judged entries, in one pass over its columns. */
export function summarize(table: EntryTable, s: Tolerance): Summary {
  let [maxAbsError, maxRelError, passed, informative, nonFinite, withinRoundoff] = [0, 0, 0, 0, 0, 0];
  let worst = -1;
  let worstRank = -Infinity;
  let undecided = 0;
  for (let i = 0; i < table.length; i++) {
    const r = table.severity(i, s);
    if (r > worstRank) [worstRank, worst] = [r, i];
    if (!Number.isFinite(table.analytic[i]) || !Number.isFinite(table.numeric[i])) nonFinite++;
    // Differences NaN or ±∞ at every step: neither an error nor a failure, counted in nonFinite.
    if (table.status(i) === 'nonfinite') {
      undecided++;
      continue;
    }
    const { absError, relError } = table.errors(i);
    maxAbsError = maxOf(maxAbsError, absError);
    maxRelError = maxOf(maxRelError, relError);
    if (table.pass(i)) passed++;
    if (table.failsWithinRoundoff(i)) withinRoundoff++;
    if (table.informative(i)) informative++;
  }
  const named = nameOf(worst < 0 ? undefined : table.entry(worst));
  const failed = table.length - passed - undecided;
  const { kinks } = table;
  return {
    checked: table.length,
    passed,
    failed,
    informative,
    nonFinite,
    withinRoundoff,
    kinks,
    maxAbsError,
    maxRelError,
    worst: named,
  };
}

function remedyContext(s: CheckSettings): RemedyContext {
  const scheme = SCHEMES[s.scheme];
  return { ...s, scheme, predictedStep: predictedStep(scheme, machineEpsilon(s.dtype)) };
}

/** What makes a check of these settings conclusive, for each reason it may prove nothing. */
export function remediesFor(s: CheckSettings): (reason: InconclusiveReason) => ReturnType<typeof inconclusiveRemedies> {
  const init = (s as { init?: string }).init;
  return (reason) =>
    inconclusiveRemedies(reason, { ...remedyContext(s), drawn: s.drawn, tolerance: s.tolerance, init });
}

/** Why entries failed: read from every entry, made as objects (a check with failures only). */
function diagnosisOf({ table, retake }: Judged, params: readonly CheckedParameter[], s: CheckSettings) {
  const context = remedyContext(s);
  const evidence = table.entries().map((entry, row) => ({ entry, row }));
  return diagnose(evidence, {
    tol: s,
    shapes: Object.fromEntries(params.map((p) => [p.name, p.shape])),
    order: SCHEMES[s.scheme].order,
    remedies: { roundoff: roundoffRemedies(context), truncation: truncationRemedies(context) },
    derivative: s.derivative,
    directional: s.fast,
    patterns: s.patterns,
    retake,
  });
}

/** One parameter's entries on their own: counts, diagnosis, and the decision they alone give. */
function parameterSummary(
  p: CheckedParameter,
  { table, retake }: Judged,
  s: CheckSettings,
): ParameterSummary & { decision: Decision } {
  const mine = table.rowsOf(p.name);
  const own: Judged = { table: table.select(mine), retake: rowsOfRetake(retake, mine) };
  const { checked, passed, failed, informative, nonFinite } = summarize(own.table, s);
  const found = failed > 0 || (nonFinite > 0 && informative === 0) ? diagnosisOf(own, [p], s) : undefined;
  const decision = decide(factsOf(own.table, own.retake, s, found?.code === 'truncation'), remediesFor(s));
  return {
    name: p.name,
    checked,
    passed,
    failed,
    informative,
    verdict: decision.verdict,
    diagnosis: found ?? null,
    decision,
  };
}

/** A Retake of some rows of a table, renumbered from 0. */
function rowsOfRetake(retake: Retake, rows: readonly number[]): Retake {
  return {
    halfStep: retake.halfStep && ((i) => retake.halfStep?.(rows[i]) ?? Number.NaN),
    autoStep: retake.autoStep && ((i) => retake.autoStep?.(rows[i]) ?? Number.NaN),
    saturated: (i) => retake.saturated(rows[i]),
    moves: (i) => retake.moves(rows[i]),
    withoutDerivative: (i) => retake.withoutDerivative(rows[i]),
    blockedByKinks: retake.blockedByKinks && ((i) => retake.blockedByKinks?.(rows[i]) ?? false),
  };
}

/** What judged entries show before a verdict: counts, maxima, diagnosis, each parameter's share, the facts. */
export interface Findings {
  summary: Summary;
  direction?: DirectionFindings;
  ties?: CheckSummary['ties'];
  diagnosis: Diagnosis | undefined;
  parameters?: ParameterSummary[];
  facts: VerdictFacts;
}

/** The findings of judged entries: what the summary reports, and what the verdict is decided from (decide.ts). */
export function findingsOf(judged: Judged, params: readonly CheckedParameter[], s: CheckSettings): Findings {
  const { table } = judged;
  const summary = summarize(table, s);
  // Entries NaN at every step explain a check only where nothing else proved anything.
  const telling = summary.failed > 0 || (summary.nonFinite > 0 && summary.informative === 0);
  const diagnosis = telling ? diagnosisOf(judged, params, s) : undefined;
  const own = params.length > 1 && !s.fast ? params.map((p) => parameterSummary(p, judged, s)) : undefined;
  const facts: VerdictFacts = {
    ...factsOf(table, judged.retake, s, diagnosis?.code === 'truncation'),
    ...(judged.ties ? { tiesFail: judged.ties.some((pair) => !pair.pass) } : {}),
    ...(own ? { parameters: own.map(({ name, decision }) => ({ name, decision })) } : {}),
  };
  const parameters = own?.map(({ decision: _, ...summary }) => summary);
  const ties = judged.ties && {
    shared: judged.ties.length,
    failing: judged.ties
      .filter((pair) => !pair.pass)
      .map(({ rows, analytic, low, high }) => ({
        entries: rows.map((i) => nameOf(table.entry(i))) as [EntryName, EntryName],
        analytic,
        low,
        high,
      })),
  };
  return { summary, diagnosis, ...(parameters ? { parameters } : {}), facts, direction: judged.direction, ties };
}

/** The summary of findings under their verdict, in the order reports print it. */
export function summaryOf(f: Findings, { verdict, inconclusive }: Decision, calls?: Int32Array): CheckSummary {
  const { maxAbsError, maxRelError, worst, ...counts } = f.summary;
  return {
    ...counts,
    uninformative: f.facts.uninformative,
    ...(f.parameters ? { parameters: f.parameters } : {}),
    verdict,
    pass: verdict === 'pass',
    maxAbsError,
    maxRelError,
    worst,
    inconclusive,
    diagnosis: f.diagnosis ?? null,
    lossCalls: calls ? Atomics.load(calls, 0) : 0,
    ...(f.direction ? { direction: f.direction } : {}),
    ...(f.ties ? { ties: f.ties } : {}),
  };
}

/** The summary of judged entries, its verdict decided from their findings. */
export function summarized(judged: Judged, params: readonly CheckedParameter[], s: CheckSettings): CheckSummary {
  const findings = findingsOf(judged, params, s);
  return summaryOf(findings, decide(findings.facts, remediesFor(s)), s.calls);
}
