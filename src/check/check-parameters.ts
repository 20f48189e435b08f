import { type Dtype, machineEpsilon } from '../model/dtype.js';
import { allIndices, type Progress } from '../numeric/gradient.js';
import type { Objective } from '../numeric/probe.js';
import { fullPassMagnitude } from '../numeric/roundoff.js';
import { SCHEMES } from '../numeric/schemes.js';
import { predictedStep } from '../numeric/steps.js';
import type { RandomStream } from '../problem/random.js';
import { shareSample, stratifiedSample } from '../problem/sample.js';
import { type Diagnosis, type DiagnosisContext, diagnose } from './diagnose.js';
import { judgement, type Summary, summarize } from './entries.js';
import {
  amended,
  type CheckedParameter,
  type DirectionGuard,
  indexer,
  type MeasuredEntry,
  type MeasureSettings,
  measureDirection,
  measureEntries,
  remeasured,
} from './measure.js';
import type { NumericOptions } from './options.js';
import { inconclusiveRemedies, type RemedyContext, roundoffRemedies, truncationRemedies } from './remedies.js';
import { EntryTable, type TableParameter } from './table.js';
import { type Causes, countCauses, decide, type Inconclusive, type Verdict } from './verdict.js';

export type { CheckedParameter } from './measure.js';

/** A check's options, and what the function being checked allows and needs. */
export interface CheckSettings extends NumericOptions {
  dtype: Dtype;
  /** Whether per-entry probes run whole passes (--numeric full, or a user's function). */
  wholePasses: boolean;
  /** The loss at θ and how many terms it sums: the L of the roundoff of whole passes. */
  loss: number;
  lossTerms: number;
  /** Whether local probes and complex-step exist for this function, to be suggested. */
  localAvailable: boolean;
  complexAvailable: boolean;
  /** Whether the function has an activation whose σ′ a wrong gradient may drop. */
  derivative: boolean;
  /** Whether the tool drew the problem, so that it can be drawn otherwise (--init scaled, another seed). */
  drawn: boolean;
  /** Keeps fast mode's direction clear of kinks, when the function has them. */
  directionGuard?: DirectionGuard;
  /** Fast mode's analytic side along u, for a rule that gives it only along directions (a jvp); else ⟨analytic, u⟩. */
  analyticAlong?(u: readonly Float64Array[]): number;
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
};

/** The entries of each parameter to check: all, a sample shared out over them, or those a recheck names. */
function chosenIndices(params: readonly CheckedParameter[], s: CheckSettings, stream: RandomStream): Uint32Array[] {
  const sizes = params.map((p) => p.values.length);
  const share = s.sample === null ? sizes : shareSample(sizes, s.sample);
  return params.map((p, q) => {
    if (s.only) return s.only.get(p.name) ?? new Uint32Array(0);
    return s.sample === null ? allIndices(p.values.length) : stratifiedSample(p.values.length, share[q], stream);
  });
}

/** A check's measured entries, by row of its table: made when asked for. */
export type MeasuredRows = (i: number) => MeasuredEntry;

/** A check's judged entries and, row by row, what was measured of them. */
export interface Judged {
  table: EntryTable;
  measured: MeasuredRows;
}

function remedyContext(s: CheckSettings): RemedyContext {
  const scheme = SCHEMES[s.scheme];
  return { ...s, scheme, predictedStep: predictedStep(scheme, machineEpsilon(s.dtype)) };
}

/** Why entries failed: read from every entry, made as objects (a check with failures only). */
function diagnosis({ table, measured }: Judged, params: readonly CheckedParameter[], s: CheckSettings) {
  const context = remedyContext(s);
  const evidence = table.entries().map((entry, i) => amended(measured(i), { entry }));
  return diagnose(evidence, {
    tol: s,
    shapes: Object.fromEntries(params.map((p) => [p.name, p.shape])),
    order: SCHEMES[s.scheme].order,
    remedies: { roundoff: roundoffRemedies(context), truncation: truncationRemedies(context) },
    derivative: s.derivative,
    directional: s.fast,
    patterns: s.patterns,
  });
}

/** The verdict on judged entries, and for an inconclusive one its reason, causes and remedies. */
export function verdictOf(
  { table, measured }: Judged,
  found: Diagnosis | undefined,
  uninformative: Causes,
  s: CheckSettings,
): { verdict: Verdict; inconclusive: Inconclusive | null } {
  const failing = () => countCauses(table, measured, s, (i) => !table.pass(i));
  const decision = decide(table, s, found, { uninformative, failing });
  if (decision.reason === null) return { verdict: decision.verdict, inconclusive: null };
  const remedies = inconclusiveRemedies(decision.reason, { ...remedyContext(s), drawn: s.drawn, tolerance: s.tolerance });
  return { verdict: decision.verdict, inconclusive: { reason: decision.reason, remedies } };
}

/**
 * The numeric side of a check and the comparison: every entry (or a sample, or one
 * direction) of every parameter, measured and judged into a table, a row an entry. A
 * measurement is thrown away once judged, and made again from its row if asked for.
 * `stream` supplies the sample or the direction.
 */
export function measureAndJudge(
  objective: Objective,
  params: readonly CheckedParameter[],
  s: CheckSettings,
  stream: RandomStream,
  onProgress?: Progress,
): Judged {
  const L = fullPassMagnitude(s.loss, s.lossTerms);
  // A direction is always probed by whole passes.
  const m: MeasureSettings = {
    scheme: SCHEMES[s.scheme],
    eps: s.eps,
    dtype: s.dtype,
    lossMagnitude: s.fast || s.wholePasses ? L : 0,
    estimate: s.tolerance === 'estimate',
  };
  const chosen = s.fast ? [Uint32Array.of(0)] : chosenIndices(params, s, stream);
  const total = chosen.reduce((n, indices) => n + indices.length, 0);
  const rows = EntryTable.filled(tableParameters(params, s.fast), total);
  // Kept whole: the direction, and failures found to be kinks. Kept of entries at known kinks: the central difference.
  const kept = new Map<number, MeasuredEntry>();
  const centralAtKink = new Map<number, number>();
  const judgeRow = (i: number, q: number, k: number, measured: MeasuredEntry) => {
    const { measurement } = measured;
    const judged = judgement(measurement, s);
    // A failure of a function whose kinks are unknown may be a kink: judged again as one if it is.
    const atKink = judged.status === 'fail' ? measured.atKink?.() : undefined;
    if (atKink) {
      kept.set(i, amended(measured, { measurement: atKink }));
      rows.judged(i, q, k, atKink, judgement(atKink, s));
      return;
    }
    if (measurement.subgradients) centralAtKink.set(i, measurement.numeric);
    rows.judged(i, q, k, measurement, judged);
  };
  if (s.fast) {
    const direction = measureDirection(objective, params, stream, m, s.directionGuard, s.analyticAlong);
    kept.set(0, direction);
    judgeRow(0, 0, 0, direction);
    onProgress?.(1, 1);
  } else {
    let done = 0;
    chosen.forEach((indices, q) => {
      const start = done;
      const progress = onProgress && ((e: number) => onProgress(start + e, total));
      measureEntries(params[q], indices, m, (e, measured) => judgeRow(start + e, q, indices[e], measured), progress);
      done += indices.length;
    });
  }
  const table = rows.build();
  return { table, measured: measuredAgain(table, params, m, kept, centralAtKink) };
}

/** The table's parameters: the checked ones, or fast mode's one direction. */
function tableParameters(params: readonly CheckedParameter[], fast: boolean): TableParameter[] {
  if (fast) return [{ name: 'direction', indexOf: () => [], shape: [] }];
  return params.map((p) => ({ name: p.name, indexOf: indexer(p), shape: p.indexOf ? undefined : p.shape }));
}

/** Row i's measured entry: the one kept, or made again from its row (measure.ts remeasured) with the central difference kept at a known kink. */
function measuredAgain(
  table: EntryTable,
  params: readonly CheckedParameter[],
  m: MeasureSettings,
  kept: ReadonlyMap<number, MeasuredEntry>,
  centralAtKink: ReadonlyMap<number, number>,
): MeasuredRows {
  const again = params.map((p) => remeasured(p, m));
  return (i) => {
    const found = kept.get(i);
    if (found) return found;
    const q = table.param[i];
    const k = table.flat[i];
    const measurement = { ...table.measurement(i), withoutDerivative: params[q].withoutDerivative?.[k] };
    measurement.numeric = centralAtKink.get(i) ?? measurement.numeric;
    return again[q](measurement, k, centralAtKink.has(i));
  };
}

/** measureAndJudge, then the summary: counts, diagnosis and verdict. */
export function checkParameters(
  objective: Objective,
  params: readonly CheckedParameter[],
  s: CheckSettings,
  stream: RandomStream,
  onProgress?: Progress,
): { table: EntryTable; summary: CheckSummary } {
  const judged = measureAndJudge(objective, params, s, stream, onProgress);
  return { table: judged.table, summary: summaryOf(judged, params, s) };
}

/** One parameter's entries judged on their own: counts, the verdict they alone would give, and their own diagnosis. */
function parameterSummary(
  p: CheckedParameter,
  { table, measured }: Judged,
  s: CheckSettings,
): ParameterSummary & { inconclusive: Inconclusive | null } {
  const mine = table.rowsOf(p.name);
  const own: Judged = { table: table.select(mine), measured: (i) => measured(mine[i]) };
  const { checked, passed, failed, informative } = summarize(own.table, s);
  const found = failed > 0 ? diagnosis(own, [p], s) : undefined;
  const uninformative = countCauses(own.table, own.measured, s, (i) => !own.table.informative(i));
  const { verdict, inconclusive } = verdictOf(own, found, uninformative, s);
  return { name: p.name, checked, passed, failed, informative, verdict, diagnosis: found ?? null, inconclusive };
}

/** Counts, maxima, diagnosis and verdict of judged entries, in the order reports print them. */
export function summaryOf(judged: Judged, params: readonly CheckedParameter[], s: CheckSettings): CheckSummary {
  const { table } = judged;
  const { maxAbsError, maxRelError, worst, ...counts } = summarize(table, s);
  const found = counts.failed > 0 ? diagnosis(judged, params, s) : undefined;
  // Counted once: the summary reports them, and the verdict reads its reason from them.
  const uninformative = countCauses(table, judged.measured, s, (i) => !table.informative(i));
  const overall = verdictOf(judged, found, uninformative, s);
  const own = params.length > 1 && !s.fast ? params.map((p) => parameterSummary(p, judged, s)) : undefined;
  const parameters = own?.map(({ inconclusive: _, ...summary }) => summary);
  // A pass claims every checked parameter's gradient: one that proved nothing leaves the check inconclusive.
  const idle = overall.verdict === 'pass' ? own?.find((p) => p.verdict === 'inconclusive') : undefined;
  const { verdict, inconclusive } = idle?.inconclusive
    ? { verdict: 'inconclusive' as const, inconclusive: { ...idle.inconclusive, only: idle.name } }
    : overall;
  return {
    ...counts,
    uninformative,
    ...(parameters ? { parameters } : {}),
    verdict,
    pass: verdict === 'pass',
    maxAbsError,
    maxRelError,
    worst,
    inconclusive,
    diagnosis: found ?? null,
  };
}
