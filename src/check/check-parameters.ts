import { type Dtype, machineEpsilon } from '../model/dtype.js';
import { allIndices, type Progress } from '../numeric/gradient.js';
import type { Objective } from '../numeric/probe.js';
import { fullPassMagnitude } from '../numeric/roundoff.js';
import { SCHEMES } from '../numeric/schemes.js';
import { predictedStep } from '../numeric/steps.js';
import type { RandomStream } from '../problem/random.js';
import { shareSample, stratifiedSample } from '../problem/sample.js';
import { type Diagnosis, type DiagnosisContext, diagnose } from './diagnose.js';
import { type Entry, judge, type Summary, summarize } from './entries.js';
import {
  amended,
  type CheckedParameter,
  type DirectionGuard,
  type MeasuredEntry,
  type MeasureSettings,
  measureDirection,
  measureEntries,
} from './measure.js';
import type { NumericOptions } from './options.js';
import { inconclusiveRemedies, type RemedyContext, roundoffRemedies, truncationRemedies } from './remedies.js';
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

/** Every entry of every parameter, or a sample shared out over them, measured in order. */
function measureAll(
  params: readonly CheckedParameter[],
  s: CheckSettings,
  m: MeasureSettings,
  stream: RandomStream,
  onProgress?: Progress,
) {
  const sizes = params.map((p) => p.values.length);
  const share = s.sample === null ? sizes : shareSample(sizes, s.sample);
  const total = share.reduce((a, b) => a + b, 0);
  let done = 0;
  const chosen = (p: CheckedParameter, q: number) => {
    if (s.only) return s.only.get(p.name) ?? new Uint32Array(0);
    return s.sample === null ? allIndices(p.values.length) : stratifiedSample(p.values.length, share[q], stream);
  };
  return params.flatMap((p, q) => {
    const indices = chosen(p, q);
    const measured = measureEntries(p, indices, m, onProgress && ((e) => onProgress(done + e, total)));
    done += indices.length;
    return measured;
  });
}

function remedyContext(s: CheckSettings): RemedyContext {
  const scheme = SCHEMES[s.scheme];
  return { ...s, scheme, predictedStep: predictedStep(scheme, machineEpsilon(s.dtype)) };
}

function diagnosis(measured: readonly MeasuredEntry[], entries: readonly Entry[], params: readonly CheckedParameter[], s: CheckSettings) {
  const context = remedyContext(s);
  return diagnose(
    entries.map((entry, k) => amended(measured[k], { entry })),
    {
      tol: s,
      shapes: Object.fromEntries(params.map((p) => [p.name, p.shape])),
      order: SCHEMES[s.scheme].order,
      remedies: { roundoff: roundoffRemedies(context), truncation: truncationRemedies(context) },
      derivative: s.derivative,
      directional: s.fast,
      patterns: s.patterns,
    },
  );
}

/** The verdict on judged entries, and for an inconclusive one its reason, causes and remedies. */
export function verdictOf(
  entries: readonly Entry[],
  measured: readonly MeasuredEntry[],
  found: Diagnosis | undefined,
  uninformative: Causes,
  s: CheckSettings,
): { verdict: Verdict; inconclusive: Inconclusive | null } {
  const failing = () => countCauses(entries, measured, s, (k) => !entries[k].pass);
  const decision = decide(entries, s, found, { uninformative, failing });
  if (decision.reason === null) return { verdict: decision.verdict, inconclusive: null };
  const remedies = inconclusiveRemedies(decision.reason, { ...remedyContext(s), drawn: s.drawn, tolerance: s.tolerance });
  return { verdict: decision.verdict, inconclusive: { reason: decision.reason, remedies } };
}

/**
 * The numeric side of a check and the comparison: every entry (or a sample, or one
 * direction) of every parameter, measured and judged. `stream` supplies the sample or the direction.
 */
export function measureAndJudge(
  objective: Objective,
  params: readonly CheckedParameter[],
  s: CheckSettings,
  stream: RandomStream,
  onProgress?: Progress,
): { entries: Entry[]; measured: MeasuredEntry[] } {
  const L = fullPassMagnitude(s.loss, s.lossTerms);
  const m = (lossMagnitude: number): MeasureSettings => ({
    scheme: SCHEMES[s.scheme],
    eps: s.eps,
    dtype: s.dtype,
    lossMagnitude,
    estimate: s.tolerance === 'estimate',
  });
  // A direction is always probed by whole passes.
  const measured = s.fast
    ? [measureDirection(objective, params, stream, m(L), s.directionGuard, s.analyticAlong)]
    : measureAll(params, s, m(s.wholePasses ? L : 0), stream, onProgress);
  if (s.fast) onProgress?.(1, 1);
  const entries = measured.map((m, i) => {
    const entry = judge(m.measurement, s);
    // A failure of a function whose kinks are unknown may be a kink: judged again as one if it is.
    const atKink = entry.status === 'fail' ? m.atKink?.() : undefined;
    if (!atKink) return entry;
    measured[i] = amended(m, { measurement: atKink });
    return judge(atKink, s);
  });
  return { entries, measured };
}

/** measureAndJudge, then the summary: counts, diagnosis and verdict. */
export function checkParameters(
  objective: Objective,
  params: readonly CheckedParameter[],
  s: CheckSettings,
  stream: RandomStream,
  onProgress?: Progress,
): { entries: Entry[]; summary: CheckSummary } {
  const { entries, measured } = measureAndJudge(objective, params, s, stream, onProgress);
  return { entries, summary: summaryOf(entries, measured, params, s) };
}

/** One parameter's entries judged on their own: counts, the verdict they alone would give, and their own diagnosis. */
function parameterSummary(
  p: CheckedParameter,
  entries: readonly Entry[],
  measured: readonly MeasuredEntry[],
  s: CheckSettings,
): ParameterSummary & { inconclusive: Inconclusive | null } {
  const mine = entries.flatMap((e, i) => (e.param === p.name ? [i] : []));
  const own = mine.map((i) => entries[i]);
  const ownMeasured = mine.map((i) => measured[i]);
  const { checked, passed, failed, informative } = summarize(own, s);
  const found = own.some((e) => e.status === 'fail') ? diagnosis(ownMeasured, own, [p], s) : undefined;
  const uninformative = countCauses(own, ownMeasured, s, (k) => !own[k].informative);
  const { verdict, inconclusive } = verdictOf(own, ownMeasured, found, uninformative, s);
  return { name: p.name, checked, passed, failed, informative, verdict, diagnosis: found ?? null, inconclusive };
}

/** Counts, maxima, diagnosis and verdict of judged entries, in the order reports print them. */
export function summaryOf(
  entries: readonly Entry[],
  measured: readonly MeasuredEntry[],
  params: readonly CheckedParameter[],
  s: CheckSettings,
): CheckSummary {
  const { maxAbsError, maxRelError, worst, ...counts } = summarize(entries, s);
  const found = entries.some((e) => e.status === 'fail') ? diagnosis(measured, entries, params, s) : undefined;
  // Counted once: the summary reports them, and the verdict reads its reason from them.
  const uninformative = countCauses(entries, measured, s, (k) => !entries[k].informative);
  const overall = verdictOf(entries, measured, found, uninformative, s);
  const own = params.length > 1 && !s.fast ? params.map((p) => parameterSummary(p, entries, measured, s)) : undefined;
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
