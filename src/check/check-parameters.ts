import { type Dtype, machineEpsilon } from '../model/dtype.js';
import { allIndices, type Progress } from '../numeric/gradient.js';
import type { Objective } from '../numeric/probe.js';
import { fullPassMagnitude } from '../numeric/roundoff.js';
import { SCHEMES } from '../numeric/schemes.js';
import { predictedStep } from '../numeric/steps.js';
import type { RandomStream } from '../problem/random.js';
import { shareSample, stratifiedSample } from '../problem/sample.js';
import { type Diagnosis, diagnose } from './diagnose.js';
import { type Entry, judge, type Summary, summarize } from './entries.js';
import { type CheckedParameter, type MeasuredEntry, type MeasureSettings, measureDirection, measureEntries } from './measure.js';
import type { NumericOptions } from './options.js';
import { roundoffRemedies, truncationRemedies } from './remedies.js';

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
}

export type CheckSummary = Summary & { diagnosis: Diagnosis | null };

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
  return params.flatMap((p, q) => {
    const indices = s.sample === null ? allIndices(p.values.length) : stratifiedSample(p.values.length, share[q], stream);
    const measured = measureEntries(p, indices, m, onProgress && ((e) => onProgress(done + e, total)));
    done += indices.length;
    return measured;
  });
}

function diagnosis(measured: readonly MeasuredEntry[], entries: readonly Entry[], params: readonly CheckedParameter[], s: CheckSettings) {
  const scheme = SCHEMES[s.scheme];
  const remedyContext = {
    ...s,
    scheme,
    predictedStep: predictedStep(scheme, machineEpsilon(s.dtype)),
  };
  return diagnose(
    entries.map((entry, k) => ({ ...measured[k], entry })),
    {
      tol: s,
      shapes: Object.fromEntries(params.map((p) => [p.name, p.shape])),
      order: scheme.order,
      remedies: { roundoff: roundoffRemedies(remedyContext), truncation: truncationRemedies(remedyContext) },
      derivative: s.derivative,
      directional: s.fast,
    },
  );
}

/**
 * The numeric side of a check and the comparison: every entry (or a sample, or one
 * direction) of every parameter, judged, summarized, and diagnosed when something
 * fails. `stream` supplies the sample or the direction.
 */
export function checkParameters(
  objective: Objective,
  params: readonly CheckedParameter[],
  s: CheckSettings,
  stream: RandomStream,
  onProgress?: Progress,
): { entries: Entry[]; summary: CheckSummary } {
  const L = fullPassMagnitude(s.loss, s.lossTerms);
  const m = (lossMagnitude: number): MeasureSettings => ({ scheme: SCHEMES[s.scheme], eps: s.eps, dtype: s.dtype, lossMagnitude });
  // A direction is always probed by whole passes.
  const measured = s.fast
    ? [measureDirection(objective, params, stream, m(L))]
    : measureAll(params, s, m(s.wholePasses ? L : 0), stream, onProgress);
  if (s.fast) onProgress?.(1, 1);
  const entries = measured.map(({ measurement }) => judge(measurement, s));
  const summary = summarize(entries, s);
  const found = entries.some((e) => e.status === 'fail') ? diagnosis(measured, entries, params, s) : undefined;
  return { entries, summary: { ...summary, diagnosis: found ?? null } };
}
