import { type CheckedParameter, type CheckSummary, checkParameters } from '../check/check-parameters.js';
import type { Entry } from '../check/entries.js';
import type { NumericOptions } from '../check/options.js';
import { ACTIVATIONS, type Activation, type ModelName } from '../model/activations.js';
import { type BugName, buggyGradient, buggyGradientW, errorWithoutDerivative } from '../model/bugs.js';
import { type Dtype, roundingFor } from '../model/dtype.js';
import { type Matrix, toRows } from '../model/matrix.js';
import { type Forward, forwardPass, gradientW, gradientX, type Losses, losses, outputDelta } from '../model/network.js';
import { absOutputDelta, derivatives, rowNoise } from '../model/noise.js';
import { modelObjective } from '../model/objective.js';
import { crossesKink, type Strips, saturated, stripProbe, stripSum, stripsW, stripsX } from '../model/strips.js';
import type { Progress } from '../numeric/gradient.js';
import { fullProbe, type Objective } from '../numeric/probe.js';
import { SCHEMES } from '../numeric/schemes.js';
import { type Problem, type ProblemOptions, problemFor } from '../problem/generate.js';
import { createStream } from '../problem/random.js';
import { problemConfig, reportHead, type ToolStamp } from './report.js';

/** How the perturbed losses are evaluated: a whole forward pass, or only the moved strip of Z. */
export type NumericMode = 'local' | 'full';
export const NUMERIC_MODES: readonly NumericMode[] = ['local', 'full'];

/** The parameters of the built-in model whose gradient can be checked. */
export const WRT = ['W', 'X'] as const;
export type WrtName = (typeof WRT)[number];

/** Everything that determines a check of a built-in model. */
export interface ModelCheckOptions extends ProblemOptions, NumericOptions {
  model: ModelName;
  dtype: Dtype;
  numeric: NumericMode;
  /** A deliberate mistake in the analytic gradient, or null. */
  bug: BugName | null;
  /** The parameters checked, in this order. */
  wrt: WrtName[];
}

/** What the caller may watch, or supply, that is not part of the report's config. */
export interface CheckHooks {
  onProgress?: Progress;
  /** X, W, T given (--input) instead of drawn; the stream is still advanced as if it drew them. */
  inputs?: Problem;
}

/** The options as the report states them: the loss named, the seed as given. */
export type ModelReportConfig = Omit<ModelCheckOptions, 'seed'> & { loss: 'sum-half'; seed: number | string };

/** The JSON report, schemaVersion 1 (schema/report.schema.json). */
export interface ModelReport {
  schemaVersion: 1;
  tool: ToolStamp;
  config: ModelReportConfig;
  inputs: { X: number[][]; W: number[][]; T: number[][] };
  loss: { sumHalf: number; mean: number };
  entries: Entry[];
  summary: CheckSummary;
}

export interface ModelCheck {
  report: ModelReport;
  problem: Problem;
  Z: Matrix;
  Y: Matrix;
  losses: Losses;
}

/** Per-row evaluations of σ a check will make: what its running time is proportional to. */
export function checkWork(opts: ModelCheckOptions): number {
  const sizes = opts.wrt.map((p) => (p === 'W' ? opts.d * opts.C : opts.n * opts.d));
  const entries = opts.fast
    ? 1
    : Math.min(
        opts.sample ?? Infinity,
        sizes.reduce((a, b) => a + b, 0),
      );
  const perLoss = opts.fast || opts.numeric === 'full' ? opts.n * opts.C * (opts.d + 1) : Math.max(opts.n, opts.C);
  return entries * SCHEMES[opts.scheme].lossValues * perLoss;
}

/** One parameter of the built-in model, probed locally through its strips or by whole passes. */
function modelParameter(
  name: WrtName,
  matrix: Matrix,
  analytic: Matrix,
  strips: Strips,
  objective: Objective,
  fw: Forward,
  T: Matrix,
  act: Activation,
  opts: ModelCheckOptions,
): CheckedParameter {
  const r = roundingFor(opts.dtype);
  const subtracts = SCHEMES[opts.scheme].subtracts;
  const noise = strips.layout(subtracts ? rowNoise(fw, T, act) : absOutputDelta(fw, T, act));
  // σ′ in the strips' layout, made only if a failure needs the saturation test.
  let derivative: Float64Array | undefined;
  const derivativeInStrips = () => (derivative ??= strips.layout(derivatives(fw, act)));
  const live = { name, values: matrix.data };
  return {
    ...live,
    shape: [matrix.rows, matrix.cols],
    analytic: analytic.data,
    probe: opts.numeric === 'full' ? fullProbe(objective, live, r) : stripProbe(strips, matrix.data, act, r),
    noise: (k) => stripSum(strips, k, noise, subtracts ? () => 1 : Math.abs),
    kink: act.kinks.length > 0 ? (k, reach) => crossesKink(strips, k, act, reach) : undefined,
    saturated: (k) => saturated(strips, k, derivativeInStrips()),
  };
}

/** The analytic gradients of the checked parameters, with the deliberate bug applied. */
function analyticGradients(opts: ModelCheckOptions, { X, W, T }: Problem, fw: Forward) {
  const r = roundingFor(opts.dtype);
  const delta = outputDelta(fw, T, ACTIVATIONS[opts.model], r);
  const bug = opts.bug;
  // Each only when its parameter is checked: ∂l/∂X is a product as large as the forward pass.
  return {
    W: () => {
      const correct = gradientW(X, delta, r);
      return bug ? buggyGradientW(bug, correct, X, fw, T, r) : correct;
    },
    X: () => {
      const correct = gradientX(delta, W, r);
      return bug ? buggyGradient(bug, correct, () => gradientX(errorWithoutDerivative(fw, T, r), W, r), false) : correct;
    },
  };
}

/** Draws (or takes) the problem, runs backprop and finite differences, compares them, and diagnoses failures. */
export function checkModel(opts: ModelCheckOptions, hooks: CheckHooks = {}): ModelCheck {
  const r = roundingFor(opts.dtype);
  // One stream: T, X, W, then the sampled entries or the direction.
  const stream = createStream(opts.rng, opts.seed);
  const problem = problemFor(opts, stream, hooks.inputs);
  const { X, W, T } = problem;
  const act = ACTIVATIONS[opts.model];

  const fw = forwardPass(X, W, act, r);
  const loss = losses(fw.Y, T, r);
  const analytic = analyticGradients(opts, problem, fw);
  const objective = modelObjective(X, W, T, act, r);
  const strips = { W: () => stripsW(X, W, T, fw.Z), X: () => stripsX(X, W, T, fw.Z) };
  const params = opts.wrt.map((name) =>
    modelParameter(name, name === 'W' ? W : X, analytic[name](), strips[name](), objective, fw, T, act, opts),
  );

  const { entries, summary } = checkParameters(
    objective,
    params,
    {
      ...opts,
      wholePasses: opts.numeric === 'full',
      loss: loss.sumHalf,
      lossTerms: T.data.length,
      localAvailable: true,
      complexAvailable: true,
      derivative: opts.model !== 'linear',
    },
    stream,
    hooks.onProgress,
  );

  const report: ModelReport = {
    ...reportHead(),
    config: {
      ...problemConfig(opts.model, { n: X.rows, d: X.cols, C: W.cols }, opts),
      dtype: opts.dtype,
      scheme: opts.scheme,
      numeric: opts.numeric,
      eps: opts.eps,
      atol: opts.atol,
      rtol: opts.rtol,
      bug: opts.bug,
      sample: opts.sample,
      fast: opts.fast,
      wrt: opts.wrt,
    },
    inputs: { X: toRows(X), W: toRows(W), T: toRows(T) },
    loss: { sumHalf: loss.sumHalf, mean: loss.mean },
    entries,
    summary,
  };
  return { report, problem, Z: fw.Z, Y: fw.Y, losses: loss };
}
