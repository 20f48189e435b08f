import { ACTIVATIONS, type ModelName } from '../model/activations.js';
import { type BugName, buggyGradientW } from '../model/bugs.js';
import { stepWithinKinks, tangentToKinks } from '../model/kinks.js';
import { createMatrix } from '../model/matrix.js';
import { forwardPass, gradientW, outputDelta } from '../model/network.js';
import { fullLoss } from '../model/objective.js';
import { type Dtype, machineEpsilon, roundingFor } from '../numeric/dtype.js';
import { fullPassMagnitude } from '../numeric/roundoff.js';
import type { Verdict } from '../pipeline/decide.js';
import { type Problem, type ProblemOptions, problemFor } from '../problem/generate.js';
import { createStream, type RngName } from '../problem/random.js';
import { unitDirection } from '../problem/sample.js';
import { exactAnalytic } from './model/options.js';
import { problemConfig, seriesHead, type ToolStamp } from './report.js';

export interface TaylorOptions extends ProblemOptions {
  model: ModelName;
  dtype: Dtype;
  bug: BugName | null;
  /** h = 2⁰ … 2^−(steps−1). */
  steps: number;
}

/** A Taylor test of the built-in model: its problem, and whether X, W, T were drawn or given (--input). */
export type ModelTaylorConfig = Omit<TaylorOptions, 'seed'> & {
  seed: number | string;
  loss: 'sum-half';
  data: 'drawn' | 'given';
};

/** A Taylor test of a module's rule: the residual of its loss (gradient), output (vjp, jvp) or gradient (hvp). */
export interface ModuleTaylorConfig {
  model: 'module';
  module: string | null;
  rule: 'gradient' | 'vjp' | 'jvp' | 'hvp';
  seed: number | string;
  rng: RngName;
  dtype: 'float64';
  bug: 'sign' | 'half' | 'double' | null;
  steps: number;
}

export interface TaylorPoint {
  h: number;
  residual: number;
  /** Above the roundoff floor and small enough to be asymptotic: part of the fit. */
  used: boolean;
}

export interface TaylorReport {
  schemaVersion: 1;
  kind: 'taylor';
  tool: ToolStamp;
  config: ModelTaylorConfig | ModuleTaylorConfig;
  /** Residuals below this are rounding, not Taylor remainder. */
  floor: number;
  points: TaylorPoint[];
  /** Slope of log r against log h over the used points: 2 for a right gradient, 1 for a wrong one. */
  order: number;
  verdict: Verdict;
  /** True exactly when the verdict is pass. */
  pass: boolean;
  /** Why the test proved nothing, when it did not. */
  inconclusive: { reason: TaylorInconclusiveReason } | null;
  /** How many z sat on a kink and were kept there by the direction (relu at z = 0). */
  heldAtKinks: number;
}

/**
 * Why a Taylor test proved nothing: every direction moves a z off a kink; every residual is at roundoff (the loss does
 * not move: saturated, or all 0); too few residuals above it to fit; or an order between 1 and 2 that is neither.
 */
export const TAYLOR_INCONCLUSIVE = ['kinks', 'roundoff', 'too-few-points', 'unclear-order'] as const;
export type TaylorInconclusiveReason = (typeof TAYLOR_INCONCLUSIVE)[number];

/** An order at least this close to 2 passes. */
export const MIN_ORDER = 1.8;
/** An order at most this far above 1 fails: the remainder falls as h, the gradient is wrong. */
export const MAX_WRONG_ORDER = 1.2;
/** Points a fit needs; with h ≤ ¼ the first two are never used, so fewer steps than this + 2 can never fit. */
export const MIN_FIT_POINTS = 3;

/** Least-squares slope of y against x. */
export function leastSquaresSlope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let k = 0; k < n; k++) {
    sxy += (xs[k] - mx) * (ys[k] - my);
    sxx += (xs[k] - mx) ** 2;
  }
  return sxy / sxx;
}

/** The residuals at h = 2⁰ … 2^−(steps−1), fitted: the order, and why the fit proved nothing when it did not. */
export interface TaylorSeries {
  floor: number;
  points: TaylorPoint[];
  order: number;
  reason?: TaylorInconclusiveReason;
}

/** r(h) at each step, fitted (log r against log h) over h ≤ ¼ above the roundoff floor and short of the first kink. */
export function taylorSeries(
  residualAt: (h: number) => number,
  steps: number,
  floor: number,
  clearOfKinks = Infinity,
): TaylorSeries {
  const points: TaylorPoint[] = [];
  for (let k = 0; k < steps; k++) {
    const h = 2 ** -k;
    const residual = residualAt(h);
    // h ≥ ½ is too far out for the remainder to follow its leading term.
    points.push({ h, residual, used: k >= 2 && residual > floor && h < clearOfKinks });
  }
  const used = points.filter((p) => p.used);
  const order =
    used.length >= MIN_FIT_POINTS
      ? leastSquaresSlope(
          used.map((p) => Math.log2(p.h)),
          used.map((p) => Math.log2(p.residual)),
        )
      : NaN;
  const reason = points.every((p) => !(p.residual > floor))
    ? 'roundoff'
    : used.length < MIN_FIT_POINTS
      ? 'too-few-points'
      : undefined;
  return { floor, points, order, reason };
}

/** pass at order ≥ MIN_ORDER, fail at ≤ MAX_WRONG_ORDER, inconclusive between or for a reason found before the fit. */
export function taylorVerdict(series: TaylorSeries): {
  verdict: Verdict;
  inconclusive: { reason: TaylorInconclusiveReason } | null;
} {
  const { order } = series;
  const reason = series.reason ?? (order >= MIN_ORDER || order <= MAX_WRONG_ORDER ? undefined : 'unclear-order');
  const verdict: Verdict = reason ? 'inconclusive' : order >= MIN_ORDER ? 'pass' : 'fail';
  return { verdict, inconclusive: reason ? { reason } : null };
}

/**
 * r(h) = |l(W + hD) − l(W) − h⟨g, D⟩| for a seeded unit direction D (drawn after T, X, W): O(h²) if g is the gradient,
 * else ≈ h·|⟨g − ∇l, D⟩| = O(h); no step to choose. `given` X, W, T (--input) still advance the stream: the same D.
 */
export function taylor(opts: TaylorOptions, given?: Problem): TaylorReport {
  const r = roundingFor(opts.dtype);
  const epsilon = machineEpsilon(opts.dtype);
  const stream = createStream(opts.rng, opts.seed);
  const { X, W, T } = problemFor(opts, stream, given);
  const act = ACTIVATIONS[opts.model];

  const fw = forwardPass(X, W, act, r);
  const { direction: D, held } = tangentToKinks(unitDirection(W.data.length, stream), X, W, fw.Z, act);

  const correct = gradientW(X, outputDelta(fw, T, act, r, exactAnalytic(opts)), r);
  const g = opts.bug ? buggyGradientW(opts.bug, correct, X, fw, T, r) : correct;
  const gD = D.reduce((s, v, k) => s + v * g.data[k], 0);
  const shape = { n: X.rows, d: X.cols, C: W.cols };
  if (D.every((v) => v === 0))
    return report(opts, shape, { floor: Number.POSITIVE_INFINITY, points: [], order: NaN, reason: 'kinks' }, held);
  // Past this step some z crosses a kink, where the remainder is O(h) whatever the gradient.
  const clearOfKinks = stepWithinKinks({ X, W, Z: fw.Z, act }, { W: D });
  const l0 = fullLoss(X, W, T, act, r);

  const moved = createMatrix(W.rows, W.cols);
  const floor =
    10 * epsilon * (fullPassMagnitude(l0, T.data.length) + W.data.reduce((s, w, k) => s + Math.abs(w * g.data[k]), 0));
  const residualAt = (h: number) => {
    W.data.forEach((w, m) => {
      moved.data[m] = r(w + h * D[m]);
    });
    return Math.abs(fullLoss(X, moved, T, act, r) - l0 - h * gD);
  };
  return report(opts, shape, taylorSeries(residualAt, opts.steps, floor, clearOfKinks), held, given !== undefined);
}

function report(
  opts: TaylorOptions,
  shape: { n: number; d: number; C: number },
  series: TaylorSeries,
  held: number,
  given = false,
): TaylorReport {
  const { verdict, inconclusive } = taylorVerdict(series);
  return {
    ...seriesHead('taylor'),
    config: {
      ...problemConfig(opts.model, shape, opts),
      dtype: opts.dtype,
      bug: opts.bug,
      steps: opts.steps,
      data: given ? 'given' : 'drawn',
    },
    floor: series.floor,
    points: series.points,
    order: series.order,
    verdict,
    pass: verdict === 'pass',
    inconclusive,
    heldAtKinks: held,
  };
}
