import type { Dtype } from '../numeric/dtype.js';
import type { Progress } from '../numeric/gradient.js';
import type { LiveParameter, LossProbe } from '../numeric/probe.js';
import type { Scheme } from '../numeric/schemes.js';
import type { KnownDerivatives, StepRule } from '../numeric/steps.js';

/**
 * One parameter to check: what it is (its live values, shape, analytic gradient and how to
 * probe its loss), what is known about the function along its entries, and who computes its
 * numeric columns when this thread does not.
 */
export interface CheckedParameter extends LiveParameter {
  shape: readonly number[];
  analytic: ArrayLike<number>;
  probe: LossProbe;
  /** The index the report gives entry k; row-major in `shape` when absent. */
  indexOf?(k: number): number[];
  known: Knowledge;
  executor?: Executor;
}

/** What the function knows of itself along an entry, besides its loss values: each part optional. */
export interface Knowledge {
  /** M of the roundoff estimate at entry k (numeric/roundoff.ts): the rounding of the loss values it subtracts; 0 when absent. */
  lossRounding?(k: number): number;
  /** How much the analytic value of entry k may be off by its own rounding (the model: ε·Σ|x·δ| over its rows). */
  analyticRounding?(k: number): number;
  /** Whether entry k's steps (up to ±reach) cross a kink of the function. */
  kink?(k: number, reach: number): boolean;
  /**
   * At a kink, the range of subgradient values of entry k with step h, when the function
   * knows better than the one-sided differences of its whole loss (the model: each kink's
   * own one-sided differences, summed, so that every combination of choices is inside).
   */
  subgradients?(k: number, h: number): readonly [number, number];
  /**
   * Where the kinks are is unknown (a user's function): a failing entry is looked at again
   * with one-sided differences, and is a kink when they disagree beyond their roundoff.
   */
  kinksUnknown?: boolean;
  /**
   * Several kinks may sit in one entry's step (a hidden relu layer, whose z are often exactly 0):
   * steps stay at most the textbook step, and a found kink's range is widened to hold the analytic
   * value and 0, since one-sided differences of the whole loss need not hold every combination of
   * subgradients: such an entry can neither fail nor prove anything.
   */
  severalKinks?: boolean;
  /** Whether all of entry k's moved rows have σ′ < 1e-6. */
  saturated?(k: number): boolean;
  /** Whether moving entry k moves anything at all (false: its coefficients are all 0). */
  moves?(k: number): boolean;
  /** The loss's own first and third derivatives along entry k (the one-layer model): the step is then struck without a pilot. */
  derivativesAlong?(k: number): KnownDerivatives;
  /** The gradient as it would be with σ′ dropped: a check that cannot tell it from the numeric value proves nothing about σ′. */
  withoutDerivative?: ArrayLike<number>;
}

/** Who computes a parameter's numeric columns besides this thread (the model's worker threads), and what it remembers. */
export interface Executor {
  /** The numeric columns of the given entries, computed elsewhere; undefined to compute them here: the same numbers. */
  columns?(indices: Uint32Array, s: MeasureSettings, onProgress?: Progress): NumericColumns | undefined;
  /** The entries `columns` will be asked for next: the threads computing them may start while the last ones are judged. */
  ahead?(indices: Uint32Array, s: MeasureSettings): void;
  /** Drops what the parameter remembers of the entries measured so far (a block's sums): asked again, they are made again. */
  forget?(): void;
  /** Entries whose sums are made at once (a page): threads splitting the columns take them together. Absent: any split. */
  madeTogether?: number;
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
 * The numeric side of entries, aligned with their indices: each one's step, its value, and
 * under the estimate rule its value at half the step. Entries are independent of each other,
 * so any split of them (over worker threads, checks/model/parallel.ts) gives the same numbers.
 */
export interface NumericColumns {
  steps: Float64Array;
  values: Float64Array;
  /** The numeric value's roundoff (numeric/roundoff.ts), away from kinks. */
  roundoff: Float64Array;
  atHalf?: Float64Array;
  /** The analytic value's own rounding (Knowledge.analyticRounding), under the estimate rule. */
  analyticRounding?: Float64Array;
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
