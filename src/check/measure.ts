import { type Dtype, machineEpsilon, roundingFor } from '../model/dtype.js';
import { numericGradient, type Progress } from '../numeric/gradient.js';
import { directionProbe, type LiveParameter, type LossProbe, type Objective } from '../numeric/probe.js';
import { roundoffOf, roundoffScale } from '../numeric/roundoff.js';
import { backwardDifference, central, forwardDifference, type Scheme } from '../numeric/schemes.js';
import { autoStep, balancedStep, type KnownDerivatives, type StepRule } from '../numeric/steps.js';
import type { RandomStream } from '../problem/random.js';
import { unitDirection } from '../problem/sample.js';
import { ESTIMATE_FACTOR } from './compare.js';
import { type Measurement, unravel } from './entries.js';

/** One parameter to check: its live values, the analytic gradient, and how to probe it. */
export interface CheckedParameter extends LiveParameter {
  shape: readonly number[];
  analytic: ArrayLike<number>;
  probe: LossProbe;
  /** The Σ the roundoff estimate needs at entry k (numeric/roundoff.ts); 0 when absent. */
  noise?(k: number): number;
  /** Whether entry k's steps (up to ±reach) cross a kink of the function. */
  kink?(k: number, reach: number): boolean;
  /** Whether all of entry k's moved rows have σ′ < 1e-6. */
  saturated?(k: number): boolean;
  /** Whether moving entry k moves anything at all (false: its coefficients are all 0). */
  moves?(k: number): boolean;
  /**
   * At a kink, the range of subgradient values of entry k with step h, when the function
   * knows better than the one-sided differences of its whole loss (the model: each kink's
   * own one-sided differences, summed, so that every combination of choices is inside).
   */
  subgradients?(k: number, h: number): readonly [number, number];
  /**
   * The loss's own first and third derivatives along entry k, when the function knows them
   * (the built-in one-layer model): the balanced step is then struck without a pilot.
   */
  derivativesAlong?(k: number): KnownDerivatives;
  /** The gradient as it would be with the activation's σ′ dropped: a check that cannot tell it from the numeric value proves nothing about σ′. */
  withoutDerivative?: ArrayLike<number>;
  /**
   * The numeric columns of the given entries computed elsewhere (the model's worker threads),
   * or undefined to compute them here: the same numbers either way.
   */
  columns?(indices: Uint32Array, s: MeasureSettings, onProgress?: Progress): NumericColumns | undefined;
  /** The entries `columns` will be asked for next: the threads computing them may start while the last ones are judged. */
  ahead?(indices: Uint32Array, s: MeasureSettings): void;
  /** Drops what the parameter remembers of the entries measured so far (a block's sums): asked again, the same numbers are computed again. */
  forget?(): void;
  /**
   * Entries whose sums the parameter makes at once (a page, from a multiple of it): threads splitting its columns take
   * them together, so that no two make the same page. Absent: any split costs the same.
   */
  madeTogether?: number;
  /** The index the report gives entry k; row-major in `shape` when absent. */
  indexOf?(k: number): number[];
  /** How much the analytic value of entry k may be off by its own rounding (the model: ε·Σ|x·δ| over its rows). */
  analyticNoise?(k: number): number;
  /**
   * Where the kinks are is unknown (a user's function): a failing entry is looked at again
   * with one-sided differences, and is a kink when they disagree beyond their noise.
   */
  kinksUnknown?: boolean;
  /**
   * Several kinks may sit in one entry's step (a hidden relu layer, whose z are often exactly 0):
   * steps stay at most the textbook step, and a found kink's range is widened to hold the analytic
   * value and 0, since one-sided differences of the whole loss need not hold every combination of
   * subgradients: such an entry can neither fail nor prove anything.
   */
  severalKinks?: boolean;
}

/**
 * Fast mode's direction kept clear of kinks (the built-in relu): `hold` changes u in place
 * so that every z on a kink stays there and returns how many it held; `maxStep` is the
 * largest step along u that carries no other z across a kink.
 */
export interface DirectionGuard {
  hold(u: readonly Float64Array[]): number;
  maxStep(u: readonly Float64Array[]): number;
}

/** How numeric values are taken: the scheme, the step rule, the dtype, and the loss-size term of roundoff. */
export interface MeasureSettings {
  scheme: Scheme;
  eps: StepRule;
  dtype: Dtype;
  /** L of the roundoff estimate: the loss's own size when probes run whole passes, else 0. */
  lossMagnitude: number;
  /** Whether each entry gets its own bound (the estimate rule), which costs one more difference an entry. */
  estimate: boolean;
}

/**
 * The estimate rule's bound on |a − n| for one entry: k·(truncation + roundoff) plus the
 * analytic value's own rounding. Truncation is read from the numeric value at half the
 * step: the difference n(h) − n(h/2) is (2ᵖ − 1)/2ᵖ of the truncation at h (and carries
 * the roundoff of both, which only makes the bound safer). k = ESTIMATE_FACTOR.
 */
function estimateBound(
  value: number,
  atHalf: number,
  order: number,
  roundoff: number,
  analytic: number,
  analyticNoise: number,
  epsilon: number,
) {
  const truncation = (Math.abs(value - atHalf) * 2 ** order) / (2 ** order - 1);
  // A few ulps of each value (exp and the like round to about 1 ulp, and sums of them drift): 32ε relative.
  const floor = 32 * epsilon * (Math.abs(analytic) + Math.abs(value)) + analyticNoise;
  return ESTIMATE_FACTOR * (truncation + roundoff) + floor;
}

/** A measured entry, with the evidence a diagnosis or a verdict may ask for later (evaluated only then). */
export interface MeasuredEntry {
  measurement: Measurement;
  numericAtHalfStep?(): number;
  /** The numeric value at the automatic step, when the step used was another. */
  numericAtAutoStep?(): number;
  saturated?(): boolean;
  moves?(): boolean;
  /** Fast mode: the kinks held every move of the direction, so there was nothing to compare. */
  blockedByKinks?: boolean;
  /** For a function whose kinks are unknown: the measurement as a kink, if its one-sided differences disagree; asked of failures only. */
  atKink?(): Measurement | undefined;
}

/**
 * At a kink the loss has no derivative: the backward and forward differences, whose range
 * holds every subgradient. Each is extrapolated, 2·D(h/2) − D(h), to cancel its O(h)
 * truncation error (on relu's piecewise quadratic loss, exactly), so that a right
 * subgradient is never left outside by the step.
 */
function oneSided(p: CheckedParameter, k: number, h: number): [number, number] {
  const side = (scheme: Scheme) => 2 * scheme.estimate(p.probe, k, h / 2) - scheme.estimate(p.probe, k, h);
  const left = side(backwardDifference);
  const right = side(forwardDifference);
  return [Math.min(left, right), Math.max(left, right)];
}

/**
 * The range of subgradient values at a kink, and its roundoff (extrapolation from h/2
 * magnifies rounding about 3× over one difference there). Complex-step's tiny step is no
 * step for a difference, so there the step central differences would take is used.
 */
function kinkRange(p: CheckedParameter, k: number, step: number, s: MeasureSettings, epsilon: number) {
  const h = s.scheme.subtracts ? step : autoStep(p.values[k], central, epsilon);
  const range = p.subgradients?.(k, h) ?? oneSided(p, k, h);
  const size = Math.max(Math.abs(range[0]), Math.abs(range[1]));
  const roundoff = 3 * roundoffOf(forwardDifference, epsilon, s.lossMagnitude, p.noise?.(k) ?? 0, Math.abs(p.values[k]), h / 2, size);
  return { range, roundoff };
}

/** The range a kink entry is judged against: as measured, or for several kinks at once widened to hold the analytic value and 0. */
function judgedRange(p: CheckedParameter, range: readonly [number, number], analytic: number): readonly [number, number] {
  return p.severalKinks ? [Math.min(range[0], analytic, 0), Math.max(range[1], analytic, 0)] : range;
}

/**
 * A kink found where none was known: the one-sided differences, each extrapolated, agree
 * to O(h³) on a smooth function (both are f′ − h²f‴/12), so they disagree by more than
 * their roundoff (4×) and the central truncation |n(h) − n(h/2)| only where the slope jumps.
 * Then the entry is judged as a subgradient, as relu's are; otherwise undefined.
 */
function foundKink(
  p: CheckedParameter,
  k: number,
  m: Measurement,
  atHalf: number,
  s: MeasureSettings,
  epsilon: number,
): Measurement | undefined {
  const found = kinkRange(p, k, m.step, s, epsilon);
  const { roundoff } = found;
  const noise = 4 * roundoff + Math.abs(m.numeric - atHalf);
  if (!(found.range[1] - found.range[0] > noise)) return undefined;
  const range = judgedRange(p, found.range, m.analytic);
  const worst = Math.max(m.roundoff, roundoff);
  // As at a known kink: the extrapolated ends carry no O(h) error, so the bound is roundoff and rounding alone.
  const noiseOfAnalytic = p.analyticNoise?.(k) ?? 0;
  const bound =
    m.bound === undefined ? undefined : estimateBound(m.numeric, m.numeric, s.scheme.order, worst, m.analytic, noiseOfAnalytic, epsilon);
  return { ...m, subgradients: range, roundoff: worst, bound };
}

/**
 * The numeric side of entries, aligned with their indices: each one's step, its value, and
 * under the estimate rule its value at half the step. Entries are independent of each other,
 * so any split of them (over worker threads, checks/parallel.ts) gives the same numbers.
 */
export interface NumericColumns {
  steps: Float64Array;
  values: Float64Array;
  /** The numeric value's roundoff (numeric/roundoff.ts), away from kinks. */
  roundoff: Float64Array;
  atHalf?: Float64Array;
  /** The analytic value's own rounding (CheckedParameter.analyticNoise), under the estimate rule. */
  analyticNoise?: Float64Array;
}

/** The automatic (balanced) step of entry k. */
function autoStepOf(p: CheckedParameter, k: number, s: MeasureSettings): number {
  const epsilon = machineEpsilon(s.dtype);
  const w = p.values[k];
  const scale = (n: number) => roundoffScale(s.scheme, epsilon, s.lossMagnitude, p.noise?.(k) ?? 0, Math.abs(w), n);
  const { derivativesAlong } = p;
  const known = derivativesAlong && (() => derivativesAlong.call(p, k));
  return balancedStep(p.probe, k, w, s.scheme, epsilon, scale, p.kink !== undefined || p.severalKinks === true, known);
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
    atHalf: s.estimate && s.scheme.subtracts ? floats(length) : undefined,
    analyticNoise: s.estimate ? floats(length) : undefined,
  };
}

/**
 * The numeric columns of the given entries, in this thread: written to `out` from position
 * `at` when given (a worker's chunk of shared columns: 10⁶ entries in chunks of 16 would
 * otherwise make and copy five arrays a chunk).
 */
export function numericColumns(
  p: CheckedParameter,
  indices: Uint32Array,
  s: MeasureSettings,
  onProgress?: Progress,
  out = emptyColumns(indices.length, s),
  at = 0,
): NumericColumns {
  const epsilon = machineEpsilon(s.dtype);
  const stepOf = (k: number) => (s.eps === 'auto' ? autoStepOf(p, k, s) : s.eps);
  const { values, steps } = numericGradient(indices, p.probe, s.scheme, stepOf, onProgress, out, at);
  const { roundoff, analyticNoise, atHalf } = out;
  for (let e = 0; e < indices.length; e++) {
    const k = indices[e];
    roundoff[at + e] = roundoffOf(
      s.scheme,
      epsilon,
      s.lossMagnitude,
      p.noise?.(k) ?? 0,
      Math.abs(p.values[k]),
      steps[at + e],
      values[at + e],
    );
  }
  if (analyticNoise) for (let e = 0; e < indices.length; e++) analyticNoise[at + e] = p.analyticNoise?.(indices[e]) ?? 0;
  if (atHalf) for (let e = 0; e < indices.length; e++) atHalf[at + e] = s.scheme.estimate(p.probe, indices[e], steps[at + e] / 2);
  return out;
}

/** Entries measured at a time: a block's numeric columns are dropped once its entries are judged (10⁶ entries). */
const MEASURED_AT_ONCE = 1 << 16;

/** The index a report gives entry k of a parameter. */
export function indexer(p: Pick<CheckedParameter, 'indexOf' | 'shape'>): (k: number) => number[] {
  // The shape alone is kept (a report's table outlives the parameter's columns).
  const { shape } = p;
  return p.indexOf ?? ((k: number) => unravel(k, shape));
}

/**
 * The given entries of one parameter, a block at a time: step, numeric value, roundoff, at
 * a kink both one-sided differences, and under the estimate rule the bound. Each measured
 * entry is handed to `take` in order (entry e of `indices`) and may be thrown away:
 * `remeasured` makes it again from what its judge kept.
 */
export function measureEntries(
  p: CheckedParameter,
  indices: Uint32Array,
  s: MeasureSettings,
  take: (e: number, measured: MeasuredEntry) => void,
  onProgress?: Progress,
): void {
  const epsilon = machineEpsilon(s.dtype);
  const indexOf = indexer(p);
  const Measured = evidenceOf(p, s, epsilon);
  const blockAt = (start: number) => indices.subarray(start, Math.min(indices.length, start + MEASURED_AT_ONCE));
  for (let start = 0, block = blockAt(0); start < indices.length; start += MEASURED_AT_ONCE) {
    const progress = onProgress && ((e: number) => onProgress(start + e, indices.length));
    const numeric = p.columns?.(block, s, progress) ?? numericColumns(p, block, s, progress);
    const next = blockAt(start + MEASURED_AT_ONCE);
    if (next.length > 0) p.ahead?.(next, s);
    for (let e = 0; e < block.length; e++) take(start + e, measureEntry(block[e], e, numeric));
    p.forget?.();
    block = next;
  }

  function measureEntry(k: number, e: number, numeric: NumericColumns): MeasuredEntry {
    const step = numeric.steps[e];
    const value = numeric.values[e];
    const atKink = p.kink?.(k, s.scheme.reach * step) ?? false;
    const kink = atKink ? kinkRange(p, k, step, s, epsilon) : undefined;
    const roundoff = numeric.roundoff[e];
    const measurement: Measurement = {
      param: p.name,
      index: indexOf(k),
      analytic: p.analytic[k],
      numeric: value,
      step,
      roundoff: kink ? Math.max(roundoff, kink.roundoff) : roundoff,
      subgradients: kink && judgedRange(p, kink.range, p.analytic[k]),
      withoutDerivative: p.withoutDerivative?.[k],
      // Set below under the estimate rule: a field of the literal keeps a million measurements one shape.
      bound: undefined,
    };
    const measured = new Measured(measurement, k, numeric.atHalf?.[e] ?? Number.NaN, kink !== undefined);
    if (s.estimate) {
      // At a kink the range is judged; its extrapolated ends carry no O(h) error, and its roundoff is the measurement's.
      const half = s.scheme.subtracts && !kink ? measured.halfStep() : value;
      const noise = numeric.analyticNoise?.[e] ?? 0;
      measurement.bound = estimateBound(value, half, s.scheme.order, measurement.roundoff, p.analytic[k], noise, epsilon);
    }
    return measured;
  }
}

/**
 * An entry of p measured again from what was kept of it (its measurement as judged, its
 * flat index k, whether it is at a known kink): its evidence methods work as the first
 * time's; its value at half the step is taken again if asked for.
 */
export function remeasured(p: CheckedParameter, s: MeasureSettings): (m: Measurement, k: number, atKnownKink: boolean) => MeasuredEntry {
  const Measured = evidenceOf(p, s, machineEpsilon(s.dtype));
  return (m, k, atKnownKink) => new Measured(m, k, Number.NaN, atKnownKink);
}

/**
 * The class of one parameter's measured entries: an entry holds its measurement, its flat
 * index, its value at half the step (NaN until taken) and whether it is at a known kink;
 * the evidence a diagnosis or a verdict may ask for later is methods of the class, defined
 * only where the parameter and settings allow them (no closures an entry: 10⁶ entries).
 */
function evidenceOf(p: CheckedParameter, s: MeasureSettings, epsilon: number) {
  class Measured implements MeasuredEntry {
    constructor(
      readonly measurement: Measurement,
      readonly k: number,
      private half: number,
      readonly atKnownKink: boolean,
    ) {}
    /** The value at half the step: the estimate rule's truncation, and the diagnosis's; taken once. */
    halfStep(): number {
      if (Number.isNaN(this.half)) this.half = s.scheme.estimate(p.probe, this.k, this.measurement.step / 2);
      return this.half;
    }
    numericAtHalfStep?(): number;
    numericAtAutoStep?(): number;
    saturated?(): boolean;
    moves?(): boolean;
    atKink?(): Measurement | undefined;
  }
  const proto = Measured.prototype;
  if (s.scheme.subtracts) proto.numericAtHalfStep = proto.halfStep;
  if (s.eps !== 'auto')
    proto.numericAtAutoStep = function (this: Measured) {
      return s.scheme.estimate(p.probe, this.k, autoStepOf(p, this.k, s));
    };
  if (p.saturated)
    proto.saturated = function (this: Measured) {
      return p.saturated?.(this.k) ?? false;
    };
  if (p.moves)
    proto.moves = function (this: Measured) {
      return p.moves?.(this.k) ?? true;
    };
  if (p.kinksUnknown && s.scheme.subtracts)
    proto.atKink = function (this: Measured) {
      return this.atKnownKink ? undefined : foundKink(p, this.k, this.measurement, this.halfStep(), s, epsilon);
    };
  return Measured;
}

/** A measured entry with some of its fields replaced or added, its evidence methods kept. */
export function amended<T extends object>(m: MeasuredEntry, fields: T): MeasuredEntry & T {
  return Object.assign(Object.create(Object.getPrototypeOf(m)), m, fields);
}

/** f, evaluated the first time it is asked for and remembered. */
export function once<V>(f: () => V): () => V {
  let value: V | undefined;
  return () => (value ??= f());
}

/** The largest power of two not above x (x > 0). */
const powerOfTwoBelow = (x: number) => 2 ** Math.floor(Math.log2(x));

/** The per-entry quantities of a check, taken along the direction u: ⟨·, u⟩ or Σ|u|·(·). */
function alongDirection(params: readonly CheckedParameter[], u: readonly Float64Array[], epsilon: number) {
  let analytic = 0;
  let noise = 0;
  let withoutDerivative = 0;
  let analyticNoise = 0;
  params.forEach((p, q) => {
    for (let k = 0; k < p.values.length; k++) {
      analytic += p.analytic[k] * u[q][k];
      noise += Math.abs(u[q][k]) * (p.noise?.(k) ?? 0);
      withoutDerivative += (p.withoutDerivative?.[k] ?? 0) * u[q][k];
      analyticNoise += Math.abs(u[q][k]) * ((p.analyticNoise?.(k) ?? 0) + 2 * epsilon * Math.abs(p.analytic[k]));
    }
  });
  return { analytic, noise, withoutDerivative, analyticNoise };
}

/**
 * torch's fast mode: one seeded unit direction u over all parameters together, and
 * ⟨g, u⟩ against the directional difference of the loss along u. A guard keeps u and
 * the step clear of kinks; a direction the kinks leave no room for compares 0 with 0.
 */
export function measureDirection(
  objective: Objective,
  params: readonly CheckedParameter[],
  stream: RandomStream,
  s: MeasureSettings,
  guard?: DirectionGuard,
  analyticAlong?: (u: readonly Float64Array[]) => number,
): MeasuredEntry {
  const epsilon = machineEpsilon(s.dtype);
  const u = params.map((p) => unitDirection(p.values.length, stream).map((x) => x / Math.sqrt(params.length)));
  const held = guard ? guard.hold(u) : 0;
  const norm = Math.sqrt(u.reduce((s, v) => v.reduce((t, x) => t + x * x, s), 0));
  if (held > 0 && norm > 0) {
    for (const v of u) for (let k = 0; k < v.length; k++) v[k] /= norm;
  }
  const probe = directionProbe(objective, params, u, roundingFor(s.dtype));
  const maxAbs = Math.max(...params.map((p) => p.values.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));
  const along = alongDirection(params, u, epsilon);
  const { noise, withoutDerivative } = along;
  const analytic = analyticAlong ? analyticAlong(u) : along.analytic;
  // A rule given only along directions: its own rounding, a few ulps of its value.
  const analyticNoise = analyticAlong ? 4 * epsilon * Math.abs(analytic) : along.analyticNoise;
  const scale = (n: number) => roundoffScale(s.scheme, epsilon, s.lossMagnitude, noise, maxAbs, n);
  const severalKinks = params.some((p) => p.severalKinks === true);
  const wanted = s.eps === 'auto' ? balancedStep(probe, 0, maxAbs, s.scheme, epsilon, scale, guard !== undefined || severalKinks) : s.eps;
  const limit = guard && s.scheme.subtracts ? guard.maxStep(u) / s.scheme.reach : Infinity;
  // A kink sitting where the direction moves it (limit 0) leaves no step: nothing to compare, as with no direction.
  const blocked = norm === 0 || !(limit > 0);
  const h = wanted < limit ? wanted : blocked ? wanted : powerOfTwoBelow(limit / 2);
  const numeric = blocked ? 0 : s.scheme.estimate(probe, 0, h);
  const roundoff = roundoffOf(s.scheme, epsilon, s.lossMagnitude, noise, maxAbs, h, numeric);
  const atHalf = s.scheme.subtracts && !blocked ? once(() => s.scheme.estimate(probe, 0, h / 2)) : undefined;
  const measurement: Measurement = {
    param: 'direction',
    index: [],
    analytic,
    numeric,
    step: h,
    roundoff,
    withoutDerivative: params.every((p) => p.withoutDerivative) ? withoutDerivative : undefined,
    bound: s.estimate
      ? estimateBound(numeric, atHalf?.() ?? numeric, s.scheme.order, roundoff, analytic, analyticNoise, epsilon)
      : undefined,
    // Blocked by a kink it moves: any value of the analytic side down to 0 is a subgradient's, and proves nothing.
    ...(blocked && norm > 0 ? { subgradients: [Math.min(analytic, 0), Math.max(analytic, 0)] as const } : {}),
  };
  // The direction as one parameter of one entry, for the kink test of a function whose kinks are unknown.
  const asParameter: CheckedParameter = {
    name: 'direction',
    values: Float64Array.of(maxAbs),
    shape: [],
    analytic: [analytic],
    probe,
    noise: () => noise,
    analyticNoise: () => analyticNoise,
    severalKinks,
  };
  const kinksUnknown = params.some((p) => p.kinksUnknown) && s.scheme.subtracts && !blocked;
  return {
    measurement,
    atKink: kinksUnknown ? () => foundKink(asParameter, 0, measurement, atHalf?.() ?? numeric, s, epsilon) : undefined,
    numericAtHalfStep: atHalf,
    // Saturated along the direction when every entry it moves is.
    saturated: () => params.every((p) => p.saturated !== undefined && p.values.every((_, k) => p.saturated?.(k) === true)),
    blockedByKinks: blocked,
  };
}
