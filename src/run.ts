import type { Entry } from './check/report.js';
import { type CheckSummary, type CheckedParameter, runChecks } from './engine.js';
import { ACTIVATIONS, type Activation, type ModelName } from './model/activations.js';
import { type BugName, buggyGradient, buggyGradientW, errorWithoutSlope } from './model/bugs.js';
import { type Dtype, roundingFor } from './model/dtype.js';
import { type Matrix, mapMatrix, toRows } from './model/matrix.js';
import { type Forward, type Losses, absOutputDelta, forward, gradientW, gradientX, losses, outputDelta } from './model/network.js';
import { type Objective, fullProbe, modelObjective } from './numeric/difference.js';
import type { Progress } from './numeric/gradient.js';
import { rowNoise } from './numeric/roundoff.js';
import { SCHEMES, type SchemeName } from './numeric/schemes.js';
import type { StepRule } from './numeric/steps.js';
import { type Strips, crossesKink, saturated, stripProbe, stripSum, stripsW, stripsX } from './numeric/strips.js';
import { type Problem, type ProblemSpec, generateProblem } from './problem/generate.js';
import { type RandomStream, createStream } from './problem/random.js';
import { TOOL } from './version.js';

/** How the perturbed losses are evaluated: a whole forward pass, or only the moved strip of Z. */
export type NumericMode = 'local' | 'full';
export const NUMERIC_MODES: readonly NumericMode[] = ['local', 'full'];

/** The parameters of the built-in model whose gradient can be checked. */
export const WRT = ['W', 'X'] as const;
export type WrtName = (typeof WRT)[number];

/** Everything that determines a check of a built-in model. */
export interface ModelCheckOptions extends ProblemSpec {
  model: ModelName;
  dtype: Dtype;
  scheme: SchemeName;
  numeric: NumericMode;
  eps: StepRule;
  atol: number;
  rtol: number;
  /** A deliberate mistake in the analytic gradient, or null. */
  bug: BugName | null;
  /** Check only this many entries, spread by the seeded generator; null for all. */
  sample: number | null;
  /** One random direction instead of every entry (torch's fast mode). */
  fast: boolean;
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
export type ReportConfig = Omit<ModelCheckOptions, 'seed'> & { loss: 'sum-half'; seed: number | string };

/** The JSON report, schemaVersion 1 (schema/report.schema.json). */
export interface CheckReport {
  schemaVersion: 1;
  tool: { name: string; version: string };
  config: ReportConfig;
  inputs: { X: number[][]; W: number[][]; T: number[][] };
  loss: { sumHalf: number; mean: number };
  entries: Entry[];
  summary: CheckSummary;
}

export interface ModelCheck {
  report: CheckReport;
  problem: Problem;
  Z: Matrix;
  Y: Matrix;
  losses: Losses;
}

/**
 * The seed as the user gave it: a number when the text is a plain non-negative
 * integer (so JSON readers get 42, not "42"), the text itself otherwise. Either
 * way String(seed) gives back the exact text the generator was seeded with.
 */
export function seedValue(seed: string): number | string {
  return /^(0|[1-9]\d*)$/.test(seed) && Number.isSafeInteger(Number(seed)) ? Number(seed) : seed;
}

/**
 * The part of every report's config that names the problem, in the order reports print it:
 * the model, the loss, the shapes, and how the matrices were drawn.
 */
export function problemConfig(model: ModelName, shape: { n: number; d: number; C: number }, spec: Omit<ProblemSpec, 'n' | 'd' | 'C'>) {
  return {
    model, loss: 'sum-half' as const, n: shape.n, d: shape.d, C: shape.C, domain: spec.domain, seed: seedValue(spec.seed), rng: spec.rng,
  };
}

/** The problem in the model's dtype: stored values rounded, as torch tensors of that dtype are. */
export function problemFor(opts: ProblemSpec & { dtype: Dtype }, stream?: RandomStream, given?: Problem): Problem {
  const drawn = generateProblem(opts, stream);
  const raw = given ?? drawn;
  if (opts.dtype === 'float64' && !given) return raw;
  const r = roundingFor(opts.dtype);
  return { X: mapMatrix(raw.X, r), W: mapMatrix(raw.W, r), T: mapMatrix(raw.T, r) };
}

/** Per-row evaluations of σ a check will make: what its running time is proportional to. */
export function checkWork(opts: ModelCheckOptions): number {
  const scheme = SCHEMES[opts.scheme];
  const evaluations = scheme.noise === 0 ? 4 : 2 * (scheme.reach > 1 || opts.scheme === 'richardson' ? 2 : 1);
  const sizes = opts.wrt.map((p) => (p === 'W' ? opts.d * opts.C : opts.n * opts.d));
  const entries = opts.fast ? 1 : Math.min(opts.sample ?? Infinity, sizes.reduce((a, b) => a + b, 0));
  const perLoss = opts.fast || opts.numeric === 'full' ? opts.n * opts.C * (opts.d + 1) : Math.max(opts.n, opts.C);
  return entries * evaluations * perLoss;
}

/** One parameter of the built-in model, probed locally through its strips or by whole passes. */
function modelParameter(
  name: WrtName, matrix: Matrix, analytic: Matrix, strips: Strips, objective: Objective,
  fw: Forward, T: Matrix, act: Activation, opts: ModelCheckOptions,
): CheckedParameter {
  const r = roundingFor(opts.dtype);
  const complexStep = SCHEMES[opts.scheme].noise === 0;
  const noise = strips.layout(complexStep ? absOutputDelta(fw, T, act) : rowNoise(fw, T, act));
  // σ′ in the strips' layout, made only if a failure needs the saturation test.
  let slope: Float64Array | undefined;
  const slopes = () => (slope ??= strips.layout(fw.Z.data.map((z, k) => act.slope(z, fw.Y.data[k], (x) => x))));
  const live = { name, values: matrix.data };
  return {
    ...live,
    shape: [matrix.rows, matrix.cols],
    analytic: analytic.data,
    probe: opts.numeric === 'full' ? fullProbe(objective, live, r) : stripProbe(strips, matrix.data, act, r),
    noise: (k) => stripSum(strips, k, noise, complexStep ? Math.abs : () => 1),
    kink: act.kinks.length > 0 ? (k, reach) => crossesKink(strips, k, act, reach) : undefined,
    saturated: (k) => saturated(strips, k, slopes()),
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

  const fw = forward(X, W, act, r);
  const loss = losses(fw.Y, T, r);
  const delta = outputDelta(fw, T, act, r);
  const correctW = gradientW(X, delta, r);
  const bug = opts.bug;
  // Each gradient only when its parameter is checked: ∂l/∂X is a product as large as the forward pass.
  const analytic = {
    W: () => (bug ? buggyGradientW(bug, correctW, X, fw, T, r) : correctW),
    X: () => {
      const correctX = gradientX(delta, W, r);
      return bug ? buggyGradient(bug, correctX, () => gradientX(errorWithoutSlope(fw, T, r), W, r), false) : correctX;
    },
  };
  const objective = modelObjective(X, W, T, act, r);
  const strips = { W: () => stripsW(X, W, T, fw.Z), X: () => stripsX(X, W, T, fw.Z) };
  const params = opts.wrt.map((name) =>
    modelParameter(name, name === 'W' ? W : X, analytic[name](), strips[name](), objective, fw, T, act, opts));

  const { entries, summary } = runChecks(objective, params, {
    dtype: opts.dtype, scheme: opts.scheme, eps: opts.eps, atol: opts.atol, rtol: opts.rtol, sample: opts.sample, fast: opts.fast,
    wholePasses: opts.numeric === 'full', loss: loss.sumHalf, lossTerms: T.data.length, localAvailable: true, complexAvailable: true,
  }, stream, hooks.onProgress);

  const report: CheckReport = {
    schemaVersion: 1,
    tool: { name: TOOL.name, version: TOOL.version },
    config: {
      ...problemConfig(opts.model, { n: X.rows, d: X.cols, C: W.cols }, opts), dtype: opts.dtype, scheme: opts.scheme, numeric: opts.numeric,
      eps: opts.eps, atol: opts.atol, rtol: opts.rtol, bug: opts.bug, sample: opts.sample, fast: opts.fast, wrt: opts.wrt,
    },
    inputs: { X: toRows(X), W: toRows(W), T: toRows(T) },
    loss: { sumHalf: loss.sumHalf, mean: loss.mean },
    entries,
    summary,
  };
  return { report, problem, Z: fw.Z, Y: fw.Y, losses: loss };
}
