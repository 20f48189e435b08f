import { type Diagnosis, diagnose } from './check/diagnose.js';
import { type Entry, type Summary, compareAll } from './check/report.js';
import { type BugName, buggyGradientW } from './model/bugs.js';
import { ACTIVATIONS, type ModelName } from './model/activations.js';
import { type Dtype, machineEpsilon, roundingFor } from './model/dtype.js';
import { type Matrix, mapMatrix, toRows } from './model/matrix.js';
import { type Losses, absOutputDelta, forward, gradientW, losses, outputDelta, saturatedW } from './model/network.js';
import { type LossProbe, crossesKinkW, fullProbe, localProbe } from './numeric/difference.js';
import { numericGradient } from './numeric/gradient.js';
import { fullPassMagnitude, roundoffW, rowNoise } from './numeric/roundoff.js';
import { SCHEMES, type SchemeName } from './numeric/schemes.js';
import { type StepRule, predictedStep, stepFor } from './numeric/steps.js';
import { type Problem, type ProblemSpec, generateProblem } from './problem/generate.js';
import type { RandomStream } from './problem/random.js';
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
  const r = roundingFor(opts.dtype);
  const raw = generateProblem(opts, stream);
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

/** Generates the problem, runs backprop and finite differences, compares them, and diagnoses failures. */
export function checkModel(opts: ModelCheckOptions): ModelCheck {
  const r = roundingFor(opts.dtype);
  const epsilon = machineEpsilon(opts.dtype);
  const problem = problemFor(opts);
  const { X, W, T } = problem;
  const act = ACTIVATIONS[opts.model];
  const scheme = SCHEMES[opts.scheme];

  const fw = forward(X, W, act, r);
  const loss = losses(fw.Y, T, r);
  const correct = gradientW(X, outputDelta(fw, T, act, r), r);
  const analytic = opts.bug ? buggyGradientW(opts.bug, correct, X, fw, T, r) : correct;

  const probe: LossProbe = opts.numeric === 'full' ? fullProbe(X, W, T, act, r) : localProbe(X, W, T, fw.Z, act, r);
  const stepOf = (k: number) => stepFor(opts.eps, W.data[k], scheme, epsilon);
  const numeric = numericGradient(W.data.length, probe, scheme, stepOf);
  const roundoff = roundoffW({
    X, W, noise: rowNoise(fw, T, act), absDelta: absOutputDelta(fw, T, act), numeric: numeric.values, steps: numeric.steps,
    lossMagnitude: opts.numeric === 'full' ? fullPassMagnitude(loss.sumHalf, T.data.length) : 0, epsilon, scheme,
  });
  const kink = Array.from(W.data, (_, k) => crossesKinkW(X, W, fw.Z, act, k, scheme.reach * numeric.steps[k]));

  const shape = [W.rows, W.cols];
  const { entries, summary } = compareAll(
    [{ name: 'W', shape, analytic: analytic.data, numeric: numeric.values, steps: numeric.steps, roundoff, kink }],
    opts,
  );
  const anyFailure = entries.some((e) => e.status === 'fail');
  const diagnosis = anyFailure
    ? diagnose(entries, {
      tol: opts, shape, order: scheme.order, remedies: remedies(opts),
      halfStep: scheme.noise === 0 ? undefined : numericGradient(W.data.length, probe, scheme, (k) => stepOf(k) / 2).values,
      saturated: saturatedW(X, fw, act),
    })
    : undefined;

  const report: CheckReport = {
    schemaVersion: 1,
    tool: { name: TOOL.name, version: TOOL.version },
    config: {
      model: opts.model, loss: 'sum-half', n: opts.n, d: opts.d, C: opts.C, domain: opts.domain,
      seed: seedValue(opts.seed), rng: opts.rng, dtype: opts.dtype, scheme: opts.scheme, numeric: opts.numeric,
      eps: opts.eps, atol: opts.atol, rtol: opts.rtol, bug: opts.bug,
    },
    inputs: { X: toRows(X), W: toRows(W), T: toRows(T) },
    loss: { sumHalf: loss.sumHalf, mean: loss.mean },
    entries,
    summary: { ...summary, diagnosis: diagnosis ?? null },
  };
  return { report, problem, Z: fw.Z, Y: fw.Y, losses: loss };
}
