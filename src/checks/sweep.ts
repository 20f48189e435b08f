import { ACTIVATIONS, type ModelName } from '../model/activations.js';
import { forwardPass } from '../model/network.js';
import { modelObjective } from '../model/objective.js';
import { stripProbe } from '../model/strip-probe.js';
import { stripsW } from '../model/strips.js';
import { type Dtype, roundingFor } from '../numeric/dtype.js';
import { allIndices, numericGradient } from '../numeric/gradient.js';
import { fullProbe } from '../numeric/probe.js';
import { SCHEMES, type SchemeName } from '../numeric/schemes.js';
import { COMPLEX_STEP, sweepSteps } from '../numeric/steps.js';
import { compare } from '../pipeline/compare.js';
import { type Problem, type ProblemOptions, problemFor } from '../problem/generate.js';
import type { RngName } from '../problem/random.js';
import type { ProbeMode } from '../rules/options.js';
import { DEFAULT_NUMERIC_OPTIONS } from '../rules/options.js';
import { checkModel } from './model/check.js';
import { problemConfig, seriesHead, type ToolStamp } from './report.js';

export interface SweepOptions extends ProblemOptions {
  model: ModelName;
  numeric: ProbeMode;
  schemes: SchemeName[];
  dtypes: Dtype[];
  from: number;
  to: number;
  perDecade: number;
}

export interface SweepPoint {
  step: number;
  maxAbsError: number;
  maxRelError: number;
}

export interface SweepSeries {
  scheme: SchemeName;
  dtype: Dtype;
  points: SweepPoint[];
  /** The bottom of the V: the step with the smallest max relative error, on the curve smoothed over half a decade. */
  bestStep: number;
  /** The step --eps auto takes here (the median of its per-entry steps over W). */
  predictedStep: number;
}

/** A sweep of the built-in model, its data drawn or given (--input). */
export type ModelSweepConfig = Omit<SweepOptions, 'seed'> & {
  seed: number | string;
  loss: 'sum-half';
  data: 'drawn' | 'given';
};

/** A sweep of a module's loss, against richardson differences at their automatic step. */
export interface ModuleSweepConfig {
  model: 'module';
  module: string | null;
  seed: number | string;
  rng: RngName;
  schemes: SchemeName[];
  dtypes: ['float64'];
  from: number;
  to: number;
  perDecade: number;
}

export interface SweepReport {
  schemaVersion: 1;
  kind: 'sweep';
  tool: ToolStamp;
  config: ModelSweepConfig | ModuleSweepConfig;
  /** The reference: complex-step in float64, or for a module (no complex arithmetic) richardson at its median step. */
  reference: { scheme: 'complex-step' | 'richardson'; dtype: 'float64'; step: number };
  series: SweepSeries[];
}

/** The numeric gradient of one scheme, dtype and step, for every entry of W. */
function gradientAt(opts: SweepOptions, scheme: SchemeName, dtype: Dtype, given?: Problem) {
  const r = roundingFor(dtype);
  const { X, W, T } = problemFor({ ...opts, dtype }, undefined, given);
  const act = ACTIVATIONS[opts.model];
  const probe =
    opts.numeric === 'full'
      ? fullProbe(modelObjective(X, W, T, act, r), { name: 'W', values: W.data }, r)
      : stripProbe(stripsW(X, W, T, forwardPass(X, W, act, r).Z), W.data, act, r);
  return (h: number) => numericGradient(allIndices(W.data.length), probe, SCHEMES[scheme], () => h).values;
}

/** The bottom of the V, on errors smoothed by a median over ±2 steps, so one entry's lucky dip does not decide. */
export function smoothedBest(points: readonly SweepPoint[]): number {
  const errors = points.map((p) => p.maxRelError);
  const smoothed = errors.map((_, k) => {
    const window = errors.slice(Math.max(0, k - 2), k + 3).sort((a, b) => a - b);
    return window[Math.floor(window.length / 2)];
  });
  return points[smoothed.indexOf(Math.min(...smoothed))].step;
}

/** The step --eps auto takes on this problem: the median over W's entries of the steps a check of W takes. */
function autoStepOf(opts: SweepOptions, scheme: SchemeName, dtype: Dtype, given?: Problem): number {
  const { n, d, C, domain, seed, rng, init, model, numeric } = opts;
  const problem = { n, d, C, domain, seed, rng, init, model, numeric };
  // allclose: the steps are wanted, not the estimate rule's bounds (one more difference an entry).
  const check = {
    ...DEFAULT_NUMERIC_OPTIONS,
    ...problem,
    scheme,
    dtype,
    bug: null,
    wrt: ['W' as const],
    recheck: false,
    tolerance: 'allclose' as const,
  };
  return medianOf(checkModel(check, { inputs: given }).report.entries.map((e) => e.step));
}

/** The median of some numbers (the upper one of an even count). */
export function medianOf(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The largest absolute and relative errors of numeric values against reference ones. */
export function errorsOf(
  values: ArrayLike<number>,
  reference: ArrayLike<number>,
): { maxAbsError: number; maxRelError: number } {
  let maxAbsError = 0;
  let maxRelError = 0;
  for (let k = 0; k < values.length; k++) {
    const c = compare(values[k], reference[k], EXACT);
    maxAbsError = Math.max(maxAbsError, c.absError);
    maxRelError = Math.max(maxRelError, c.relError);
  }
  return { maxAbsError, maxRelError };
}

/** No tolerance: only the errors of a comparison are wanted. */
const EXACT = { atol: 0, rtol: 0 };

/** Every scheme × dtype over the steps, measured against complex-step in float64; `given`: X, W, T from --input. */
export function sweep(opts: SweepOptions, given?: Problem): SweepReport {
  const reference = gradientAt(opts, 'complex-step', 'float64', given)(COMPLEX_STEP);
  const steps = sweepSteps(opts.from, opts.to, opts.perDecade);
  const series: SweepSeries[] = [];
  for (const dtype of opts.dtypes) {
    for (const scheme of opts.schemes) {
      const at = gradientAt(opts, scheme, dtype, given);
      const points = steps.map((step) => ({ step, ...errorsOf(at(step), reference) }));
      series.push({
        scheme,
        dtype,
        points,
        bestStep: smoothedBest(points),
        predictedStep: autoStepOf(opts, scheme, dtype, given),
      });
    }
  }
  return {
    ...seriesHead('sweep'),
    config: {
      ...problemConfig(opts.model, given ? { n: given.X.rows, d: given.X.cols, C: given.W.cols } : opts, opts),
      numeric: opts.numeric,
      schemes: opts.schemes,
      dtypes: opts.dtypes,
      from: opts.from,
      to: opts.to,
      perDecade: opts.perDecade,
      data: given ? 'given' : 'drawn',
    },
    reference: { scheme: 'complex-step', dtype: 'float64', step: COMPLEX_STEP },
    series,
  };
}
