import type { Dtype } from '../numeric/dtype.js';
import type { Progress } from '../numeric/gradient.js';
import type { LiveParameter, LossProbe } from '../numeric/probe.js';
import type { Scheme } from '../numeric/schemes.js';
import type { KnownDerivatives, StepRule } from '../numeric/steps.js';

/** A parameter to check: what it is, what is known along its entries (known), who computes its columns (executor). */
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
  /** M of entry k's roundoff estimate (numeric/roundoff.ts): the rounding of the losses it subtracts. */
  lossRounding?(k: number): number;
  /** How far entry k's analytic value may be off by its own rounding (the model: ε·Σ|x·δ| over its rows). */
  analyticRounding?(k: number): number;
  /** Whether entry k's steps (up to ±reach) cross a kink of the function. */
  kink?(k: number, reach: number): boolean;
  /**
   * At a kink, entry k's range of subgradients at step h, when known better than by the whole loss's one-sided
   * differences (the model sums each kink's own, so that every combination of choices is inside).
   */
  subgradients?(k: number, h: number): readonly [number, number];
  /** Kinks unknown (a user's function): a failure is retried one-sided, a kink if they disagree beyond roundoff. */
  kinksUnknown?: boolean;
  /**
   * Several kinks may sit in one step (a hidden relu layer's z are often exactly 0): steps stay at most the
   * textbook step, and a found kink's range is widened to hold analytic and 0, since the whole loss's one-sided
   * differences need not hold every combination of subgradients: such an entry can neither fail nor prove anything.
   */
  severalKinks?: boolean;
  /** Whether all of entry k's moved rows have σ′ < 1e-6. */
  saturated?(k: number): boolean;
  /** Whether moving entry k moves anything at all (false: its coefficients are all 0). */
  moves?(k: number): boolean;
  /** The loss's first and third derivatives along entry k (the one-layer model): the step needs no pilot. */
  derivativesAlong?(k: number): KnownDerivatives;
  /** The gradient with σ′ dropped: a check that cannot tell it from the numeric value proves nothing of σ′. */
  withoutDerivative?: ArrayLike<number>;
}

/** Who computes a parameter's numeric columns besides this thread (the model's workers), and what it remembers. */
export interface Executor {
  /** The entries' numeric columns, computed elsewhere; undefined: compute them here (the same numbers). */
  columns?(indices: Uint32Array, s: MeasureSettings, onProgress?: Progress): NumericColumns | undefined;
  /** The entries `columns` is asked for next: threads may start on them while the last are judged. */
  ahead?(indices: Uint32Array, s: MeasureSettings): void;
  /** Drops what is remembered of the entries measured so far (a block's sums); asked again, they are remade. */
  forget?(): void;
  /** Entries whose sums are made at once (a page): threads splitting the columns keep them together (absent: any). */
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
  /** A first pass: one difference an entry at a planned step, its truncation bounded without the half step. */
  screen?: Screen;
  /** Balanced steps already struck, by entry (an 'own' screen's): an escalation does not strike them again. */
  steps?: ReadonlyMap<number, number>;
}

/**
 * The screen: a first pass over every entry with one difference at a planned step, its truncation bounded
 * by T·hᵖ. `own`: each entry's balanced step and T (a function that knows its derivatives along an entry);
 * `scaled`: unit·max(1, |w|), unit and T by parameter name, from a pilot of a few entries; `fixed`: the rule's step,
 * T from a pilot.
 */
export type Screen =
  | { steps: 'own' }
  | { steps: 'scaled'; unit: Readonly<Record<string, number>>; T: Readonly<Record<string, number>> }
  | { steps: 'fixed'; T: Readonly<Record<string, number>> };

/** Entries' numeric side, aligned with their indices; entries are independent, so any split gives the same numbers. */
export interface NumericColumns {
  steps: Float64Array;
  values: Float64Array;
  /** The numeric value's roundoff (numeric/roundoff.ts), away from kinks. */
  roundoff: Float64Array;
  atHalf?: Float64Array;
  /** The analytic value's own rounding (Knowledge.analyticRounding), under the estimate rule. */
  analyticRounding?: Float64Array;
  /** A screen's bound on each value's truncation error, T·hᵖ (MeasureSettings.screen). */
  truncation?: Float64Array;
}

/**
 * Keeps fast mode's direction clear of kinks (the built-in relu): `hold` changes u in place so every z on a kink
 * stays there, and returns how many it held; `maxStep`: the largest step along u taking no other z across one.
 */
export interface DirectionGuard {
  hold(u: readonly Float64Array[]): number;
  maxStep(u: readonly Float64Array[]): number;
}
