import { availableParallelism } from 'node:os';
import { ACTIVATIONS, type Activation, type ModelName } from '../model/activations.js';
import { type BugName, buggyEntry, buggyGradient, errorWithoutDerivative } from '../model/bugs.js';
import { holdKinks, stepWithinKinks } from '../model/kinks.js';
import { type Matrix, mapMatrix, toRows, transpose } from '../model/matrix.js';
import { type Forward, forwardPass, gradientW, gradientX, type Losses, losses, outputDelta, productEntry } from '../model/network.js';
import { absOutputDelta, complexNoise, derivatives, rowNoise } from '../model/noise.js';
import { modelObjective } from '../model/objective.js';
import {
  crossesKink,
  lossDerivatives,
  movesAnything,
  type RowTerms,
  type Strips,
  type StripWeight,
  saturated,
  sharesExponentials,
  stripProbe,
  stripSubgradients,
  stripSum,
  stripsForward,
  stripsW,
  stripsX,
  stripTerms,
  stripTermsOfRange,
} from '../model/strips.js';
import { type Dtype, machineEpsilon, roundingFor } from '../numeric/dtype.js';
import type { Progress } from '../numeric/gradient.js';
import { fullProbe, type Objective } from '../numeric/probe.js';
import { SCHEMES } from '../numeric/schemes.js';
import { strikesFromDerivatives } from '../numeric/steps.js';
import { checkParameters } from '../pipeline/check.js';
import { type Entry, groupedBy } from '../pipeline/entry.js';
import { once } from '../pipeline/measure.js';
import type { NumericOptions } from '../pipeline/options.js';
import type { CheckedParameter, DirectionGuard } from '../pipeline/parameter.js';
import type { CheckSettings, CheckSummary } from '../pipeline/summary.js';
import type { EntryTable } from '../pipeline/table.js';
import { checkedEntries, type Problem, type ProblemOptions, problemFor } from '../problem/generate.js';
import { createStream, type RandomStream } from '../problem/random.js';
import { runHiddenCheck } from './hidden.js';
import { startPool } from './parallel.js';
import { problemConfig, reportHead, type ToolStamp, withEntries } from './report.js';

/** How the perturbed losses are evaluated: a whole forward pass, or only the moved strip of Z. */
export type NumericMode = 'local' | 'full';
export const NUMERIC_MODES: readonly NumericMode[] = ['local', 'full'];

/** The parameters of the built-in model whose gradient can be checked: W and X, or with a hidden layer W1, W2 and X. */
export const WRT = ['W', 'X', 'W1', 'W2'] as const;
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
  /** Whether float32 failures that are all within roundoff are checked again in float64, which then decides. */
  recheck: boolean;
  /**
   * Threads the numeric columns are split over (parallel.ts): a number, or 'auto' (the
   * default), the machine's cores when the columns would take more than about 0.2 s in one
   * and the problem is small enough to copy to each worker. The numbers are the same
   * either way, so it is not part of the report.
   */
  jobs?: number | 'auto';
}

/** Why a float32 check may prove nothing that float64 can: failures within roundoff, values below the noise floor. */
const FLOAT32_LIMITS: readonly string[] = ['roundoff', 'noise-floor'];

/** A float32 check's failing or uninformative entries, checked again in float64. */
export interface Recheck {
  dtype: 'float64';
  entries: Entry[];
  summary: CheckSummary;
}

/** A model check's summary: the verdict is the float64 recheck's when there was one. */
export type ModelSummary = CheckSummary & { recheck: Recheck | null };

/** What the caller may watch, or supply, that is not part of the report's config. */
export interface CheckHooks {
  onProgress?: Progress;
  /** X, W, T given (--input) instead of drawn; the stream is still advanced as if it drew them. */
  inputs?: Problem;
}

/** The options as the report states them: the loss named, the seed as given. */
export type ModelReportConfig = Omit<ModelCheckOptions, 'seed' | 'hidden'> & {
  /** Units of the hidden layer, when there is one. */
  hidden?: number;
  loss: 'sum-half';
  seed: number | string;
  /** X, W, T drawn by the generator, or given (--input); the seed then draws only the sample or the direction. */
  data: 'drawn' | 'given';
};

/** The JSON report, schemaVersion 1 (schema/report.schema.json). */
export interface ModelReport {
  schemaVersion: 1;
  kind: 'check';
  tool: ToolStamp;
  config: ModelReportConfig;
  /** X, W, T; with a hidden layer X, W1, W2, T. */
  inputs: { X: number[][]; W: number[][]; T: number[][] } | { X: number[][]; W1: number[][]; W2: number[][]; T: number[][] };
  loss: { sumHalf: number; mean: number };
  entries: Entry[];
  summary: ModelSummary;
}

export interface ModelCheck {
  report: ModelReport;
  problem: Problem;
  Z: Matrix;
  Y: Matrix;
  losses: Losses;
}

/**
 * Per-row evaluations of σ a check will make: what its running time is proportional to. A local
 * difference evaluates σ along its entry's strip: the n rows of a column of X for an entry of W,
 * the C columns of a row of W for an entry of X (a sample, in proportion to the sizes).
 */
export function checkWork(opts: ModelCheckOptions): number {
  const k = opts.hidden ?? 0;
  const lossValues = checkedEntries(opts, opts.wrt, opts.sample, opts.fast) * SCHEMES[opts.scheme].lossValues;
  if (opts.hidden) return lossValues * opts.n * (opts.d * k + k * opts.C);
  if (opts.fast || opts.numeric === 'full') return lossValues * opts.n * opts.C * (opts.d + 1);
  const sizes: Record<string, number> = { W: opts.d * opts.C, X: opts.n * opts.d };
  const strips: Record<string, number> = { W: opts.n, X: opts.C };
  const size = opts.wrt.reduce((sum, name) => sum + (sizes[name] ?? 0), 0);
  const alongStrips = opts.wrt.reduce((sum, name) => sum + (sizes[name] ?? 0) * (strips[name] ?? 0), 0);
  return size === 0 ? 0 : (lossValues * alongStrips) / size;
}

/**
 * Roughly how long a check takes in one thread on a slow machine: checkWork's σ evaluations
 * at 5·10⁷ a second, and 2 µs an entry for its step, judging and row (10⁶ entries of n = 10
 * take 0.9 s here, docs/BENCHMARKS.md). What decides whether a progress bar is worth drawing.
 */
export function checkSeconds(opts: ModelCheckOptions): number {
  return checkWork(opts) / 5e7 + checkedEntries(opts, opts.wrt, opts.sample, opts.fast) * 2e-6;
}

/** Entries a page of remembered sums holds. */
const PAGE_BITS = 12;

/**
 * Numbers by entry, `width` of them each, computed at the first ask and remembered in pages
 * made as they are needed, until forget(): the measurement forgets them after each block
 * of entries, so that 10⁶ entries never hold them all (asked again, they are computed again).
 * Given `wholePage`, a page is computed whole when first asked for (every entry will be).
 */
class Remembered {
  private pages: (Float64Array | undefined)[] = [];

  constructor(
    private readonly width: number,
    private readonly compute: (k: number, out: Float64Array, at: number) => void,
    private readonly wholePage?: (k0: number, k1: number, out: Float64Array) => void,
  ) {}

  /** Entry k's i-th number. */
  get(k: number, i: number): number {
    const page = this.pages[k >>> PAGE_BITS] ?? this.newPage(k >>> PAGE_BITS);
    const at = (k & ((1 << PAGE_BITS) - 1)) * this.width;
    // NaN until computed: the last number is written last.
    if (Number.isNaN(page[at + this.width - 1])) this.compute(k, page, at);
    return page[at + i];
  }

  forget(): void {
    this.pages = [];
  }

  private newPage(number: number): Float64Array {
    const page = new Float64Array(this.width << PAGE_BITS).fill(Number.NaN);
    this.wholePage?.(number << PAGE_BITS, (number + 1) << PAGE_BITS, page);
    this.pages[number] = page;
    return page;
  }
}

/** Σ over entry k's strip of weight(c)·v (stripSum), computed the first time it is asked for (the step, the roundoff and the bound each ask). */
function stripSums(strips: Strips, v: () => Float64Array, weight: StripWeight): Remembered {
  return new Remembered(1, (k, out, at) => {
    out[at] = stripSum(strips, k, v(), weight);
  });
}

/** Each of RowTerms, made when first asked for. */
type RowsWhenAsked = { [K in keyof RowTerms]: () => RowTerms[K] };

/** What an entry's roundoff, bound and balanced step are summed from, entry by entry as first asked. */
interface EntrySums {
  noise(k: number): number;
  analyticRounding(k: number): number;
  first(k: number): number;
  third(k: number): number;
  /** Drops the sums remembered so far. */
  forget(): void;
}

/**
 * All four of an entry's sums in one pass (stripTerms) at its first ask: the default check asks for every one. When it
 * checks every one of the parameter's `size` entries (`everyEntry`), a page of them at once (stripTermsOfRange).
 */
function sumsTogether(strips: Strips, rows: RowsWhenAsked, noiseBySize: boolean, everyEntry: boolean, size: number): EntrySums {
  const allRows = once(() => ({ noise: rows.noise(), absDelta: rows.absDelta(), first: rows.first(), third: rows.third() }));
  const terms = new Remembered(
    4,
    (k, out, at) => stripTerms(strips, k, allRows(), noiseBySize, out, at),
    everyEntry ? (k0, k1, out) => stripTermsOfRange(strips, allRows(), noiseBySize, k0, Math.min(k1, size), out) : undefined,
  );
  return {
    noise: (k) => terms.get(k, 0),
    analyticRounding: (k) => terms.get(k, 1),
    first: (k) => terms.get(k, 2),
    third: (k) => terms.get(k, 3),
    forget: () => terms.forget(),
  };
}

/** Each sum on its own at its first ask (stripSum): other settings ask for some of them only. */
function sumsApart(strips: Strips, rows: RowsWhenAsked, noiseBySize: boolean): EntrySums {
  const sums = {
    noise: stripSums(strips, rows.noise, noiseBySize ? 'size' : 'moved'),
    analyticRounding: stripSums(strips, rows.absDelta, 'size'),
    first: stripSums(strips, rows.first, 'value'),
    third: stripSums(strips, rows.third, 'cube'),
  };
  return {
    noise: (k) => sums.noise.get(k, 0),
    analyticRounding: (k) => sums.analyticRounding.get(k, 0),
    first: (k) => sums.first.get(k, 0),
    third: (k) => sums.third.get(k, 0),
    forget: () => {
      for (const remembered of Object.values(sums)) remembered.forget();
    },
  };
}

/**
 * Whether a check asks for all four of each entry's sums (made in one pass, sumsTogether): where the balanced step is
 * struck from the loss's derivatives and the estimate rule bounds each entry. Fast mode's direction asks for two (its
 * noise and rounding), never the derivatives, whose rows cost four exponentials each.
 */
export function asksEverySum(opts: ModelCheckOptions, kinks: boolean): boolean {
  return !opts.fast && opts.eps === 'auto' && strikesFromDerivatives(SCHEMES[opts.scheme], kinks) && opts.tolerance === 'estimate';
}

/**
 * Whether a check measures every entry of its parameters (no sample, no recheck of some `only`): then each entry's
 * sums are made a page of 4096 entries at a time, which a check of a few entries would pay 4096 times over.
 */
export function checksEveryEntry(opts: Pick<ModelCheckOptions, 'sample'>, only?: ReadonlyMap<string, Uint32Array>): boolean {
  return opts.sample === null && !only;
}

/** One parameter of the built-in model, probed locally through its strips or by whole passes. */
function modelParameter(
  name: WrtName,
  matrix: Matrix,
  gradients: Gradients,
  strips: Strips,
  objective: Objective,
  fw: Forward,
  act: Activation,
  opts: ModelCheckOptions,
  everyEntry: boolean,
): CheckedParameter {
  const r = roundingFor(opts.dtype);
  const subtracts = SCHEMES[opts.scheme].subtracts;
  const shared = opts.numeric !== 'full' && sharesExponentials(act, r);
  const epsilon = machineEpsilon(opts.dtype);
  // Each row's terms, each made when first asked for: elementwise in z, y and t, so made from them in the strips'
  // layout (the numbers laid out, without a copy of each: 800000×10, four transposes of 64 MB).
  const laidOut = once(() => stripsForward(strips, fw));
  const derivativeRows = once(() => lossDerivatives(laidOut().fw.Z, laidOut().T, act));
  const rows: RowsWhenAsked = {
    noise: once(() => {
      const { fw, T } = laidOut();
      return subtracts ? rowNoise(fw, T, act, epsilon, shared) : complexNoise(fw, T, act);
    }),
    absDelta: once(() => absOutputDelta(laidOut().fw, laidOut().T, act, epsilon)),
    first: once(() => derivativeRows().first),
    third: once(() => derivativeRows().third),
  };
  const kinks = act.kinks.length > 0;
  const together = asksEverySum(opts, kinks);
  const sums = together ? sumsTogether(strips, rows, !subtracts, everyEntry, matrix.data.length) : sumsApart(strips, rows, !subtracts);
  // σ′ in the strips' layout, made only if a failure needs the saturation test.
  let derivative: Float64Array | undefined;
  const derivativeInStrips = () => (derivative ??= derivatives(laidOut().fw, act));
  const live = { name, values: matrix.data };
  return {
    ...live,
    shape: [matrix.rows, matrix.cols],
    analytic: gradients.analytic,
    probe: opts.numeric === 'full' ? fullProbe(objective, live, r) : stripProbe(strips, matrix.data, act, r),
    known: {
      withoutDerivative: gradients.withoutDerivative,
      lossRounding: sums.noise,
      kink: kinks ? (k, reach) => crossesKink(strips, k, act, reach) : undefined,
      subgradients: kinks ? (k, h) => stripSubgradients(strips, k, matrix.data, act, r, h) : undefined,
      saturated: (k) => saturated(strips, k, derivativeInStrips()),
      moves: (k) => movesAnything(strips, k),
      // The loss's first and third derivatives along an entry, for the balanced step; kinks keep the pilot (numeric/steps.ts).
      derivativesAlong: kinks ? undefined : (k) => ({ first: sums.first(k), third: sums.third(k) }),
      // The backward pass sums x·δ over the rows: its rounding is a few ε of Σ|c|·|∂l/∂z|.
      analyticRounding: (k) => 4 * epsilon * sums.analyticRounding(k),
    },
    executor: { forget: sums.forget, madeTogether: together && everyEntry ? 1 << PAGE_BITS : undefined },
  };
}

/** Columns that would take longer than this in one thread are split over the machine's cores by default. */
const SPLIT_ABOVE_SECONDS = 0.2;

/**
 * Roughly how long a check's numeric columns take in one thread: checkWork's σ evaluations
 * (two an entry·row) at about 5 ns an entry·row with shared exponentials (the kernel's 3 ns,
 * and each entry's sums and bookkeeping; docs/BENCHMARKS.md), 25 ns with y a row, times the
 * differences an entry takes: its step, the estimate rule's half step, and a pilot's two
 * where the step is not struck from the model's own derivatives (at kinks); and 0.5 µs an
 * entry for its step, roundoff and calls (10⁶ entries of n = 10: 0.5 s of 0.1 s of rows).
 * A recheck measures only the entries `only` names.
 */
export function columnsSeconds(opts: ModelCheckOptions, only?: ReadonlyMap<string, Uint32Array>): number {
  const sample = only ? [...only.values()].reduce((sum, indices) => sum + indices.length, 0) : opts.sample;
  const act = ACTIVATIONS[opts.model];
  const pilot = opts.eps === 'auto' && act.kinks.length > 0 ? 2 : 0;
  const estimates = 1 + pilot + (opts.tolerance === 'estimate' ? 1 : 0);
  const shared = sharesExponentials(act, roundingFor(opts.dtype));
  const rows = (checkWork({ ...opts, sample }) / 2) * estimates * (shared ? 5e-9 : 25e-9);
  return rows + checkedEntries(opts, opts.wrt, sample, opts.fast) * 0.5e-6;
}

/**
 * Each worker holds its own copy of the problem and its work arrays: 'auto' splits only
 * problems whose X and T together are at most this many numbers (about 100 MB a worker).
 */
const SPLIT_UP_TO_ELEMENTS = 2 ** 21;

/** Threads for a one-layer check's numeric columns: `jobs`, or for 'auto' the cores when the columns take long enough. */
function threadsFor(opts: ModelCheckOptions, problem: Problem, jobs: number | 'auto', only?: ReadonlyMap<string, Uint32Array>): number {
  if (opts.fast || opts.numeric === 'full') return 1;
  if (jobs !== 'auto') return jobs;
  const elements = problem.X.data.length + problem.T.data.length;
  if (elements > SPLIT_UP_TO_ELEMENTS) return 1;
  return columnsSeconds(opts, only) > SPLIT_ABOVE_SECONDS ? availableParallelism() : 1;
}

/** Fast mode's direction over the checked parameters, kept clear of the activation's kinks. */
function directionGuard({ X, W }: Problem, Z: Matrix, act: Activation, wrt: readonly WrtName[]): DirectionGuard | undefined {
  if (act.kinks.length === 0) return undefined;
  const byName = (u: readonly Float64Array[]) => Object.fromEntries(wrt.map((name, q) => [name, u[q]]));
  return {
    hold: (u) => holdKinks(X, W, Z, act, byName(u)),
    maxStep: (u) => stepWithinKinks(X, W, Z, act, byName(u)),
  };
}

/**
 * Whether the analytic gradient is computed to the last digit (Activation.exact) rather than
 * as PyTorch computes it: always, but where gradcheck reproduces PyTorch (float32, --rng torch).
 */
export function exactAnalytic(opts: Pick<ModelCheckOptions, 'dtype' | 'rng'>): boolean {
  return opts.dtype === 'float64' && opts.rng !== 'torch';
}

/** A parameter's analytic gradient and the same with σ′ dropped, entry by entry. */
interface Gradients {
  analytic: ArrayLike<number>;
  withoutDerivative?: ArrayLike<number>;
}

/**
 * The analytic gradient of each checked parameter, with the deliberate bug applied, and
 * the same gradient with σ′ dropped (when the model has an activation): the wrong one a
 * check must be able to tell apart. Each only when asked: ∂l/∂X is as large as a forward pass.
 * A sample asks for its entries alone (sampledGradients): it does not pay for the products.
 */
function analyticGradients(opts: ModelCheckOptions, problem: Problem, fw: Forward, Xt: () => Matrix): Record<'W' | 'X', () => Gradients> {
  const { X, W, T } = problem;
  const r = roundingFor(opts.dtype);
  const delta = outputDelta(fw, T, ACTIVATIONS[opts.model], r, exactAnalytic(opts));
  let plain: Matrix | undefined;
  const error = () => (plain ??= errorWithoutDerivative(fw, T, r));
  if (opts.sample !== null && !opts.fast) return sampledGradients(opts, problem, delta, error);
  const hasDerivative = opts.model !== 'linear';
  const gradient = (correct: Matrix, withoutDerivative: () => Matrix, isW: boolean) => ({
    analytic: (opts.bug ? buggyGradient(opts.bug, correct, withoutDerivative, isW) : correct).data,
    withoutDerivative: hasDerivative ? withoutDerivative().data : undefined,
  });
  return {
    W: () => gradient(gradientW(X, delta, r, Xt()), () => gradientW(X, error(), r, Xt()), true),
    X: () => gradient(gradientX(delta, W, r), () => gradientX(error(), W, r), false),
  };
}

/**
 * The gradients of a sample, each entry computed when first read, summed as the whole
 * product sums it (network.ts productEntry), so that a sampled entry is the same number as
 * in a full check.
 */
function sampledGradients(
  opts: ModelCheckOptions,
  { X, W }: Problem,
  delta: Matrix,
  error: () => Matrix,
): Record<'W' | 'X', () => Gradients> {
  const r = roundingFor(opts.dtype);
  const [n, d, C] = [X.rows, X.cols, W.cols];
  // ∂l/∂W[i,j] = Σ_r X[r,i]·δ[r,j] (gradientW's Xᵀδ); ∂l/∂X[r,i] = Σ_j δ[r,j]·W[i,j] (gradientX's δWᵀ).
  const ofW = (g: () => Matrix) => (k: number) =>
    productEntry(
      n,
      (m) => X.data[m * d + Math.floor(k / C)],
      (m) => g().data[m * C + (k % C)],
      r,
    );
  const ofX = (g: () => Matrix) => (k: number) =>
    productEntry(
      C,
      (m) => g().data[Math.floor(k / d) * C + m],
      (m) => W.data[(k % d) * C + m],
      r,
    );
  const gradient = (size: number, of: (g: () => Matrix) => (k: number) => number, isW: boolean): Gradients => {
    const correct = of(() => delta);
    const without = of(error);
    const { bug } = opts;
    const bugged = bug ? (k: number) => buggyEntry(bug, k, correct, without, isW ? { cols: C } : undefined) : correct;
    return { analytic: entryByEntry(size, bugged), withoutDerivative: opts.model === 'linear' ? undefined : entryByEntry(size, without) };
  };
  return { W: () => gradient(d * C, ofW, true), X: () => gradient(n * d, ofX, false) };
}

/** An array-like whose entry k is f(k), computed when first read and remembered. */
function entryByEntry(size: number, f: (k: number) => number): ArrayLike<number> {
  const known = new Map<number, number>();
  return new Proxy({ length: size } as ArrayLike<number>, {
    get(target, key) {
      if (typeof key !== 'string' || !/^\d+$/.test(key)) return Reflect.get(target, key);
      const k = Number(key);
      let value = known.get(k);
      if (value === undefined) {
        value = f(k);
        known.set(k, value);
      }
      return value;
    },
  });
}

/** The one-layer model's checked parameters, as a worker thread builds them from the calling thread's Z (parallel.ts). */
export function oneLayerParameters(opts: ModelCheckOptions, problem: Problem, Z: Matrix, everyEntry: boolean): CheckedParameter[] {
  return oneLayer(opts, problem, everyEntry, { Z }).params;
}

/**
 * The one-layer model's parameters, probed locally through their strips or by whole passes.
 * With `threads` > 1 a pool of workers starts as soon as Z is known, and the parameters'
 * numeric columns are split with it (close() ends it); a worker passes Z (`given`) and
 * builds only the numeric side. `everyEntry`: the check measures every entry (no sample, no
 * recheck of a few), so each entry's sums are made a page at a time.
 */
function oneLayer(opts: ModelCheckOptions, problem: Problem, everyEntry: boolean, given?: { Z: Matrix }, threads = 1) {
  const r = roundingFor(opts.dtype);
  const { X, W, T } = problem;
  const act = ACTIVATIONS[opts.model];
  const fw = given ? { Z: given.Z, Y: mapMatrix(given.Z, (z) => act.value(z, r)) } : forwardPass(X, W, act, r);
  const pool = threads > 1 ? startPool({ opts, problem, Z: fw.Z, everyEntry }, threads - 1) : undefined;
  const loss = losses(fw.Y, T, r);
  // Xᵀ: ∂l/∂W's product and W's strips of coefficients.
  const Xt = once(() => transpose(X));
  const analytic = analyticGradients(opts, problem, fw, Xt);
  const objective = modelObjective(X, W, T, act, r);
  const strips = { W: () => stripsW(X, W, T, fw.Z, Xt()), X: () => stripsX(X, W, T, fw.Z) };
  const params = opts.wrt.map((wrt) => {
    const name = wrt as 'W' | 'X';
    const matrix = name === 'W' ? W : X;
    // A worker needs only the numeric side: no backward pass.
    const gradients = given ? { analytic: matrix.data } : analytic[name]();
    const param = modelParameter(name, matrix, gradients, strips[name](), objective, fw, act, opts, everyEntry);
    if (pool) {
      param.executor = {
        ...param.executor,
        columns: (indices, s, onProgress) => pool.columns(param, indices, s, onProgress),
        ahead: (indices, s) => pool.ahead(param, indices, s),
      };
    }
    return param;
  });
  const settings = {
    wholePasses: opts.numeric === 'full',
    loss: loss.sumHalf,
    lossTerms: T.data.length,
    localAvailable: true,
    complexAvailable: true,
    derivative: opts.model !== 'linear',
    directionGuard: directionGuard(problem, fw.Z, act, opts.wrt),
  };
  return { fw, loss, objective, params, settings, close: () => pool?.close() };
}

/** The backward pass and finite differences of the model on a problem, compared: one check in one dtype. */
function runModelCheck(opts: ModelCheckOptions, problem: Problem, stream: RandomStream, hooks: CheckHooks & Pick<CheckSettings, 'only'>) {
  const { fw, loss, objective, params, settings, close } = opts.hidden
    ? { ...runHiddenCheck(opts, problem, exactAnalytic(opts)), close: () => {} }
    : oneLayer(opts, problem, checksEveryEntry(opts, hooks.only), undefined, threadsFor(opts, problem, opts.jobs ?? 'auto', hooks.only));
  const all: CheckSettings = { ...opts, ...settings, drawn: hooks.inputs === undefined, only: hooks.only };
  try {
    return { fw, loss, ...checkParameters(objective, params, all, stream, hooks.onProgress) };
  } finally {
    close();
  }
}

/**
 * float32 failures that are all within roundoff, or values all below the noise floor, prove
 * nothing either way: the entries that failed or could not tell, of the same float32-valued
 * problem, checked again in float64, decide.
 */
function recheckInFloat64(opts: ModelCheckOptions, problem: Problem, table: EntryTable, hooks: CheckHooks): Recheck {
  const undecided = table.rows((i) => !(table.pass(i) && table.informative(i)));
  const failing = groupedBy(
    undecided,
    (i) => table.paramName(i),
    (i) => table.flat[i],
  );
  const only = new Map([...failing].map(([name, flat]) => [name, Uint32Array.from(flat)]));
  const again = runModelCheck({ ...opts, dtype: 'float64', sample: null }, problem, createStream(opts.rng, opts.seed), { ...hooks, only });
  return { dtype: 'float64', entries: again.table.entries(), summary: again.summary };
}

/** Draws (or takes) the problem, runs backprop and finite differences, compares them, and diagnoses failures. */
export function checkModel(opts: ModelCheckOptions, hooks: CheckHooks = {}): ModelCheck {
  // One stream: T, X, W, then the sampled entries or the direction.
  const stream = createStream(opts.rng, opts.seed);
  const problem = problemFor(opts, stream, hooks.inputs);
  const { X, W, T } = problem;
  const { fw, loss, table, summary: checked } = runModelCheck(opts, problem, stream, hooks);
  const recheck =
    opts.dtype === 'float32' && opts.recheck && !opts.fast && FLOAT32_LIMITS.includes(checked.inconclusive?.reason ?? 'kinks')
      ? recheckInFloat64(opts, problem, table, hooks)
      : null;
  const decided = recheck ? recheck.summary : checked;
  const summary: ModelSummary = {
    ...checked,
    verdict: decided.verdict,
    pass: decided.pass,
    inconclusive: decided.inconclusive,
    recheck,
  };

  let inputs: ModelReport['inputs'] | undefined;
  const report: ModelReport = {
    ...reportHead(),
    config: {
      ...problemConfig(opts.model, { n: X.rows, d: X.cols, C: T.cols }, opts),
      ...(opts.hidden ? { hidden: opts.hidden } : {}),
      dtype: opts.dtype,
      scheme: opts.scheme,
      numeric: opts.numeric,
      eps: opts.eps,
      atol: opts.atol,
      rtol: opts.rtol,
      tolerance: opts.tolerance,
      bug: opts.bug,
      sample: opts.sample,
      fast: opts.fast,
      wrt: opts.wrt,
      recheck: opts.recheck,
      data: hooks.inputs ? 'given' : 'drawn',
    },
    inputs: undefined as unknown as ModelReport['inputs'], // made when read, below
    loss: { sumHalf: loss.sumHalf, mean: loss.mean },
    entries: [], // read from the table when asked for, below
    summary,
  };
  withEntries(report, table);
  // As rows only when read (JSON, replay), in its place among the keys: n·d numbers the terminal never shows.
  // (Defined here, not as a getter of the literal: V8 puts a literal's getter after its data fields when it has a spread.)
  Object.defineProperty(report, 'inputs', {
    enumerable: true,
    get: () =>
      (inputs ??= problem.W2
        ? { X: toRows(X), W1: toRows(W), W2: toRows(problem.W2), T: toRows(T) }
        : { X: toRows(X), W: toRows(W), T: toRows(T) }),
  });
  return { report, problem, Z: fw.Z, Y: fw.Y, losses: loss };
}
