import { type Entry, type Summary, compareAll } from './check/report.js';
import { ACTIVATIONS, type ModelName } from './model/activations.js';
import { type Dtype, machineEpsilon, roundingFor } from './model/dtype.js';
import { type Matrix, mapMatrix, toRows } from './model/matrix.js';
import { type Losses, forward, gradientW, lossFunction, losses, outputDelta } from './model/network.js';
import { fullDifference, localDifferenceW } from './numeric/difference.js';
import { numericGradient } from './numeric/gradient.js';
import { fullPassMagnitude, roundoffW, rowNoise } from './numeric/roundoff.js';
import { SCHEMES, type SchemeName } from './numeric/schemes.js';
import { type Problem, type ProblemSpec, generateProblem } from './problem/generate.js';
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
  eps: number;
  atol: number;
  rtol: number;
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
  summary: Summary;
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

/** Generates the problem, runs backprop and finite differences, and compares them. */
export function checkModel(opts: ModelCheckOptions): ModelCheck {
  const r = roundingFor(opts.dtype);
  const raw = generateProblem(opts);
  // The inputs are stored in the model's dtype, as torch tensors of that dtype are.
  const problem: Problem = { X: mapMatrix(raw.X, r), W: mapMatrix(raw.W, r), T: mapMatrix(raw.T, r) };
  const { X, W, T } = problem;
  const act = ACTIVATIONS[opts.model];

  const fw = forward(X, W, act, r);
  const loss = losses(fw.Y, T, r);
  const analytic = gradientW(X, outputDelta(fw, T, act, r), r);

  const diff = opts.numeric === 'full'
    ? fullDifference(W.data, lossFunction(X, W, T, act, r), r)
    : localDifferenceW(X, W, T, fw.Z, act, r);
  const numeric = numericGradient(W.data.length, diff, SCHEMES[opts.scheme], () => opts.eps);
  const roundoff = roundoffW(
    X, W, rowNoise(fw, T, act), numeric.values, numeric.steps,
    opts.numeric === 'full' ? fullPassMagnitude(loss.sumHalf, T.data.length) : 0, machineEpsilon(opts.dtype),
  );

  const { entries, summary } = compareAll(
    [{ name: 'W', shape: [W.rows, W.cols], analytic: analytic.data, numeric: numeric.values, steps: numeric.steps, roundoff }],
    opts,
  );
  const report: CheckReport = {
    schemaVersion: 1,
    tool: { name: TOOL.name, version: TOOL.version },
    config: {
      model: opts.model, loss: 'sum-half', n: opts.n, d: opts.d, C: opts.C, domain: opts.domain,
      seed: seedValue(opts.seed), rng: opts.rng, dtype: opts.dtype, scheme: opts.scheme, numeric: opts.numeric,
      eps: opts.eps, atol: opts.atol, rtol: opts.rtol,
    },
    inputs: { X: toRows(X), W: toRows(W), T: toRows(T) },
    loss: { sumHalf: loss.sumHalf, mean: loss.mean },
    entries,
    summary,
  };
  return { report, problem, Z: fw.Z, Y: fw.Y, losses: loss };
}
