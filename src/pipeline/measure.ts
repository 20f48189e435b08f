import { machineEpsilon } from '../numeric/dtype.js';
import { numericGradient, type Progress } from '../numeric/gradient.js';
import { roundoffOf } from '../numeric/roundoff.js';
import { backwardDifference, central, forwardDifference, type Scheme } from '../numeric/schemes.js';
import { textbookStep } from '../numeric/steps.js';
import { type Measurement, unravel } from './entry.js';
import type { CheckedParameter, MeasureSettings, NumericColumns } from './parameter.js';
import { stepRuleOf } from './plan.js';

/** The measure stage: each entry's numeric value, roundoff, value at h/2 and kink range, as plain data (Measured). */

/** A measured entry, before it is judged. */
export interface Measured {
  /** Its bound is the judge's to set. */
  measurement: Measurement;
  /** Its flat position in its parameter. */
  k: number;
  /** The numeric value at half the step, under the estimate rule (NaN when not taken). */
  atHalf: number;
  /** The analytic value's own rounding (Knowledge.analyticRounding), under the estimate rule. */
  analyticRounding: number;
  /** Whether its step crosses a kink the function knew of: then `measurement` holds the range of subgradients. */
  atKnownKink: boolean;
  /** A screen's bound on the value's truncation error (NaN when measured in full). */
  truncation: number;
}

/**
 * At a kink: backward and forward differences, whose range holds every subgradient, each extrapolated
 * (2·D(h/2) − D(h)) to cancel its O(h) error (exactly, for relu), so the step leaves no right subgradient out.
 */
function oneSided(p: CheckedParameter, k: number, h: number): [number, number] {
  const side = (scheme: Scheme) => 2 * scheme.estimate(p.probe, k, h / 2) - scheme.estimate(p.probe, k, h);
  const left = side(backwardDifference);
  const right = side(forwardDifference);
  return [Math.min(left, right), Math.max(left, right)];
}

/**
 * The range of subgradients at a kink, and its roundoff (extrapolating from h/2 magnifies rounding about 3×).
 * Complex-step's tiny step is no step for a difference: central differences' step is used instead.
 */
export function kinkRange(p: CheckedParameter, k: number, step: number, s: MeasureSettings, epsilon: number) {
  const h = s.scheme.subtracts ? step : textbookStep(p.values[k], central, epsilon);
  const range = p.known.subgradients?.(k, h) ?? oneSided(p, k, h);
  const size = Math.max(Math.abs(range[0]), Math.abs(range[1]));
  const rounding = p.known.lossRounding?.(k) ?? 0;
  const roundoff =
    3 * roundoffOf(forwardDifference, epsilon, s.lossMagnitude, rounding, Math.abs(p.values[k]), h / 2, size);
  return { range, roundoff };
}

/** The range a kink entry is judged against: as measured, or for several kinks widened to hold analytic and 0. */
export function judgedRange(
  p: CheckedParameter,
  range: readonly [number, number],
  analytic: number,
): readonly [number, number] {
  return p.known.severalKinks ? [Math.min(range[0], analytic, 0), Math.max(range[1], analytic, 0)] : range;
}

/** Columns for `length` entries under settings s, as numericColumns fills them; `floats` makes each. */
export function emptyColumns(
  length: number,
  s: MeasureSettings,
  floats = (n: number): Float64Array => new Float64Array(n),
): NumericColumns {
  return {
    steps: floats(length),
    values: floats(length),
    roundoff: floats(length),
    atHalf: s.estimate && s.scheme.subtracts && !s.screen ? floats(length) : undefined,
    analyticRounding: s.estimate ? floats(length) : undefined,
    truncation: s.screen ? floats(length) : undefined,
  };
}

/** The entries' numeric columns, in this thread: into `out` from `at` when given (a worker's chunk, uncopied). */
export function numericColumns(
  p: CheckedParameter,
  indices: Uint32Array,
  s: MeasureSettings,
  onProgress?: Progress,
  out = emptyColumns(indices.length, s),
  at = 0,
): NumericColumns {
  const epsilon = machineEpsilon(s.dtype);
  const { known } = p;
  const stepOf = stepRuleOf(p, s, out.truncation, at);
  const { values, steps } = numericGradient(indices, p.probe, s.scheme, stepOf, onProgress, out, at);
  const { roundoff, analyticRounding, atHalf } = out;
  for (let e = 0; e < indices.length; e++) {
    const k = indices[e];
    const rounding = known.lossRounding?.(k) ?? 0;
    roundoff[at + e] = roundoffOf(
      s.scheme,
      epsilon,
      s.lossMagnitude,
      rounding,
      Math.abs(p.values[k]),
      steps[at + e],
      values[at + e],
    );
  }
  if (analyticRounding)
    for (let e = 0; e < indices.length; e++) analyticRounding[at + e] = known.analyticRounding?.(indices[e]) ?? 0;
  if (atHalf)
    for (let e = 0; e < indices.length; e++) atHalf[at + e] = s.scheme.estimate(p.probe, indices[e], steps[at + e] / 2);
  return out;
}

/** Entries measured at a time: a block's numeric columns are dropped once its entries are judged. */
const MEASURED_AT_ONCE = 1 << 16;

/** The index a report gives entry k of a parameter. */
export function indexer(p: Pick<CheckedParameter, 'indexOf' | 'shape'>): (k: number) => number[] {
  // The shape alone is kept (a report's table outlives the parameter's columns).
  const { shape } = p;
  return p.indexOf ?? ((k: number) => unravel(k, shape));
}

/** One parameter's entries, a block at a time, each handed to `take` in order as plain data, dropped once judged. */
export function measureEntries(
  p: CheckedParameter,
  indices: Uint32Array,
  s: MeasureSettings,
  take: (e: number, measured: Measured) => void,
  onProgress?: Progress,
): void {
  const epsilon = machineEpsilon(s.dtype);
  const indexOf = indexer(p);
  const { known, executor } = p;
  const blockAt = (start: number) => indices.subarray(start, Math.min(indices.length, start + MEASURED_AT_ONCE));
  for (let start = 0, block = blockAt(0); start < indices.length; start += MEASURED_AT_ONCE) {
    const progress = onProgress && ((e: number) => onProgress(start + e, indices.length));
    const numeric = executor?.columns?.(block, s, progress) ?? numericColumns(p, block, s, progress);
    const next = blockAt(start + MEASURED_AT_ONCE);
    if (next.length > 0) executor?.ahead?.(next, s);
    for (let e = 0; e < block.length; e++) take(start + e, measureEntry(block[e], e, numeric));
    executor?.forget?.();
    block = next;
  }

  function measureEntry(k: number, e: number, numeric: NumericColumns): Measured {
    const step = numeric.steps[e];
    // A screen leaves a known kink to the escalation, which measures its range.
    const atKink = known.kink?.(k, s.scheme.reach * step) === true;
    const kink = atKink && !s.screen ? kinkRange(p, k, step, s, epsilon) : undefined;
    const roundoff = numeric.roundoff[e];
    const measurement: Measurement = {
      param: p.name,
      index: indexOf(k),
      analytic: p.analytic[k],
      numeric: numeric.values[e],
      step,
      roundoff: kink ? Math.max(roundoff, kink.roundoff) : roundoff,
      subgradients: kink && judgedRange(p, kink.range, p.analytic[k]),
      withoutDerivative: known.withoutDerivative?.[k],
      // Set by the judge under the estimate rule: a field of the literal keeps all measurements one V8 shape.
      bound: undefined,
    };
    const atHalf = numeric.atHalf?.[e] ?? Number.NaN;
    return {
      measurement,
      k,
      atHalf,
      analyticRounding: numeric.analyticRounding?.[e] ?? 0,
      atKnownKink: atKink,
      truncation: numeric.truncation?.[e] ?? Number.NaN,
    };
  }
}

/** f, evaluated the first time it is asked for and remembered. */
export function once<V>(f: () => V): () => V {
  let value: V | undefined;
  return () => (value ??= f());
}
