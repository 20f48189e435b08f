import { type Diagnosis, diagnose } from './check/diagnose.js';
import { type Entry, type ParameterGradients, type Summary, compareAll } from './check/report.js';
import { type BugName, buggyGradientW } from './model/bugs.js';
import { ACTIVATIONS, type ModelName } from './model/activations.js';
import { type Dtype, machineEpsilon, roundingFor } from './model/dtype.js';
import { type Matrix, mapMatrix, toRows } from './model/matrix.js';
import { type Losses, absOutputDelta, forward, gradientW, losses, outputDelta, saturatedW } from './model/network.js';
import { type LossProbe, crossesKinkW, directionProbe, fullProbe, localProbe } from './numeric/difference.js';
import { type Progress, allIndices, numericGradient } from './numeric/gradient.js';
import { fullPassMagnitude, noiseSums, roundoffOf, roundoffW, rowNoise } from './numeric/roundoff.js';
import { SCHEMES, type SchemeName } from './numeric/schemes.js';
import { type StepRule, autoStep, predictedStep, stepFor } from './numeric/steps.js';
import { type Problem, type ProblemSpec, generateProblem } from './problem/generate.js';
import { type RandomStream, createStream } from './problem/random.js';
import { stratifiedSample, unitDirection } from './problem/sample.js';
import { TOOL } from './version.js';

/** How the perturbed losses are evaluated: a whole forward pass, or only the moved strip of Z. */
export type NumericMode = 'local' | 'full';
export const NUMERIC_MODES: readonly NumericMode[] = ['local', 'full'];

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
}

/** What the caller may watch while the numeric gradient runs; not part of the report. */
export interface CheckHooks {
  onProgress?: Progress;
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
  summary: Summary & { diagnosis: Diagnosis | null };
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

/** The problem in the model's dtype: stored values rounded, as torch tensors of that dtype are. */
export function problemFor(opts: ProblemSpec & { dtype: Dtype }, stream?: RandomStream): Problem {
  const raw = generateProblem(opts, stream);
  if (opts.dtype === 'float64') return raw;
  const r = roundingFor(opts.dtype);
  return { X: mapMatrix(raw.X, r), W: mapMatrix(raw.W, r), T: mapMatrix(raw.T, r) };
}

/** What to try instead, in the words of the command line. */
function remedies(opts: ModelCheckOptions) {
  const scheme = SCHEMES[opts.scheme];
  const best = predictedStep(scheme, machineEpsilon(opts.dtype)).toExponential(0);
  const againstRoundoff: string[] = [];
  if (opts.dtype !== 'float64') againstRoundoff.push('--dtype float64');
  if (opts.numeric === 'full') againstRoundoff.push('--numeric local (it never forms the whole loss)');
  if (opts.eps !== 'auto') againstRoundoff.push(`--eps auto (a step near ${best})`);
  if (againstRoundoff.length === 0) againstRoundoff.push(scheme.noise > 0 ? '--scheme complex-step (it subtracts nothing)' : 'a larger --atol');
  return {
    roundoff: `For a conclusive check use ${againstRoundoff.join(', or ')}.`,
    truncation: `Use a smaller step (--eps auto picks about ${best}) or a higher-order scheme (--scheme five-point or complex-step).`,
  };
}

const pick = <T>(values: ArrayLike<T>, indices: ArrayLike<number>): T[] => Array.from(indices, (k) => values[k]);

/** Per-row evaluations of σ a check will make: what its running time is proportional to. */
export function checkWork(opts: ModelCheckOptions): number {
  const scheme = SCHEMES[opts.scheme];
  const evaluations = scheme.noise === 0 ? 4 : 2 * (scheme.reach > 1 || opts.scheme === 'richardson' ? 2 : 1);
  const entries = opts.fast ? 1 : Math.min(opts.sample ?? Infinity, opts.d * opts.C);
  const perLoss = opts.fast || opts.numeric === 'full' ? opts.n * opts.C * (opts.d + 1) : opts.n;
  return entries * evaluations * perLoss;
}

/** Generates the problem, runs backprop and finite differences, compares them, and diagnoses failures. */
export function checkModel(opts: ModelCheckOptions, hooks: CheckHooks = {}): ModelCheck {
  const r = roundingFor(opts.dtype);
  const epsilon = machineEpsilon(opts.dtype);
  // One stream: T, X, W, then the sampled entries or the direction.
  const stream = createStream(opts.rng, opts.seed);
  const problem = problemFor(opts, stream);
  const { X, W, T } = problem;
  const act = ACTIVATIONS[opts.model];
  const scheme = SCHEMES[opts.scheme];

  const fw = forward(X, W, act, r);
  const loss = losses(fw.Y, T, r);
  const correct = gradientW(X, outputDelta(fw, T, act, r), r);
  const analytic = opts.bug ? buggyGradientW(opts.bug, correct, X, fw, T, r) : correct;

  const noise = rowNoise(fw, T, act);
  const absDelta = absOutputDelta(fw, T, act);
  const lossMagnitude = opts.numeric === 'full' || opts.fast ? fullPassMagnitude(loss.sumHalf, T.data.length) : 0;
  const stepOf = (k: number) => stepFor(opts.eps, W.data[k], scheme, epsilon);
  let params: ParameterGradients[];
  let halfStep: () => Float64Array;
  if (opts.fast) {
    const u = unitDirection(W.data.length, stream);
    const probe = directionProbe(X, W, T, u, act, r);
    const maxW = W.data.reduce((m, w) => Math.max(m, Math.abs(w)), 0);
    const h = opts.eps === 'auto' ? autoStep(maxW, scheme, epsilon) : opts.eps;
    const numeric = scheme.estimate(probe, 0, h);
    hooks.onProgress?.(1, 1);
    const sums = noiseSums(X, W.cols, scheme, noise, absDelta);
    params = [{
      name: 'direction', shape: [], analytic: [analytic.data.reduce((s, g, k) => s + g * u[k], 0)], numeric: [numeric], steps: [h],
      roundoff: [roundoffOf(scheme, epsilon, lossMagnitude, sums.reduce((s, v, k) => s + v * Math.abs(u[k]), 0), maxW, h, numeric)],
    }];
    halfStep = () => Float64Array.of(scheme.estimate(probe, 0, h / 2));
  } else {
    const probe: LossProbe = opts.numeric === 'full' ? fullProbe(X, W, T, act, r) : localProbe(X, W, T, fw.Z, act, r);
    const indices = opts.sample === null ? allIndices(W.data.length) : stratifiedSample(W.data.length, opts.sample, stream);
    const numeric = numericGradient(indices, probe, scheme, stepOf, hooks.onProgress);
    const roundoff = roundoffW({ X, W, noise, absDelta, numeric: numeric.values, steps: numeric.steps, lossMagnitude, epsilon, scheme, indices });
    params = [{
      name: 'W', shape: [W.rows, W.cols], indices, analytic: pick(analytic.data, indices),
      numeric: numeric.values, steps: numeric.steps, roundoff,
      kink: Array.from(indices, (k, e) => crossesKinkW(X, W, fw.Z, act, k, scheme.reach * numeric.steps[e])),
    }];
    halfStep = () => numericGradient(indices, probe, scheme, (k) => stepOf(k) / 2).values;
  }

  const { entries, summary } = compareAll(params, opts);
  const diagnosis = entries.some((e) => e.status === 'fail')
    ? diagnose(entries, {
      tol: opts, shape: params[0].shape, order: scheme.order, remedies: remedies(opts), directional: opts.fast,
      halfStep: scheme.noise === 0 ? undefined : halfStep(),
      saturated: params[0].indices ? pick(saturatedW(X, fw, act), params[0].indices) : undefined,
    })
    : undefined;

  const report: CheckReport = {
    schemaVersion: 1,
    tool: { name: TOOL.name, version: TOOL.version },
    config: {
      model: opts.model, loss: 'sum-half', n: opts.n, d: opts.d, C: opts.C, domain: opts.domain,
      seed: seedValue(opts.seed), rng: opts.rng, dtype: opts.dtype, scheme: opts.scheme, numeric: opts.numeric,
      eps: opts.eps, atol: opts.atol, rtol: opts.rtol, bug: opts.bug, sample: opts.sample, fast: opts.fast,
    },
    inputs: { X: toRows(X), W: toRows(W), T: toRows(T) },
    loss: { sumHalf: loss.sumHalf, mean: loss.mean },
    entries,
    summary: { ...summary, diagnosis: diagnosis ?? null },
  };
  return { report, problem, Z: fw.Z, Y: fw.Y, losses: loss };
}
