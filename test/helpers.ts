import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { ModelCheckOptions } from '../src/checks/model/options.js';
import { execute } from '../src/cli/index.js';
import type { Activation } from '../src/model/activations.js';
import type { Matrix } from '../src/model/matrix.js';
import { forwardPass } from '../src/model/network.js';
import { modelObjective } from '../src/model/objective.js';
import { stripProbe } from '../src/model/strip-probe.js';
import { stripsW } from '../src/model/strips.js';
import type { Round } from '../src/numeric/dtype.js';
import { fullProbe, type LossProbe } from '../src/numeric/probe.js';
import { DEFAULT_NUMERIC_OPTIONS } from '../src/rules/options.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = fileURLToPath(new URL('../bin/gradcheck.js', import.meta.url));

export interface TorchCase {
  seed: number;
  n: number;
  d: number;
  C: number;
  domain: number;
  model: 'linear' | 'sigmoid';
  dtype: 'float64' | 'float32';
  eps: number;
  X: number[][];
  W: number[][];
  T: number[][];
  Z: number[][];
  Y: number[][];
  loss_sum_half: number;
  loss_mean: number;
  grad_W_autograd: number[][];
  grad_W_formula: number[][];
  grad_X_autograd: number[][];
  grad_W_numeric: number[];
  torch_gradcheck_float64?: boolean;
}
export interface NumpyStream {
  seed: number;
  n: number;
  d: number;
  C: number;
  domain: number;
  X: number[][];
  W: number[][];
  T: number[][];
}

/** The PyTorch 1.13 / numpy 1.24 reference (fixtures/torch-cases.README.md says what each field is). */
export const reference = JSON.parse(readFileSync(new URL('../fixtures/torch-cases.json', import.meta.url), 'utf8')) as {
  cases: TorchCase[];
  numpy_streams: NumpyStream[];
};

export interface Run {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** The built binary, as a user runs it: no TTY, no color variables unless given. */
export function runCli(args: string[], env: Record<string, string> = {}, cwd = ROOT): Run {
  const base = { ...process.env };
  delete base.NO_COLOR;
  delete base.FORCE_COLOR;
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...base, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

/** The CLI in-process, with a pretend terminal of the given color level. */
export async function runInProcess(
  args: string[],
  opts: { colorLevel?: 0 | 1 | 2 | 3; env?: Record<string, string> } = {},
): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  stdout.on('data', (c: Buffer) => chunks.out.push(c));
  stderr.on('data', (c: Buffer) => chunks.err.push(c));
  const code = await execute(args, { stdout, stderr, env: opts.env ?? {}, colorLevel: opts.colorLevel ?? 0 });
  return {
    stdout: Buffer.concat(chunks.out).toString('utf8'),
    stderr: Buffer.concat(chunks.err).toString('utf8'),
    code,
  };
}

/** |actual − expected| ≤ rel·max(|expected|, floor): relative, with an absolute floor for values near 0. */
export function assertClose(actual: number, expected: number, rel: number, what: string, floor = 1): void {
  const allowed = rel * Math.max(Math.abs(expected), floor);
  if (!(Math.abs(actual - expected) <= allowed)) {
    throw new Error(
      `${what}: ${actual} differs from ${expected} by ${Math.abs(actual - expected)} (allowed ${allowed})`,
    );
  }
}

export const flat = (m: number[][]): number[] => m.flat();

/** The notebook's own arithmetic: torch's matrices, float32, whole forward passes, a step of 1e-4 (sigmoid unless given). */
export const NOTEBOOK_FLOAT32 = ['--rng', 'torch', '--dtype', 'float32', '--numeric', 'full', '--eps', '1e-4'];

/** The two ways of probing W of the built-in model: local strips and whole passes. */
export function probesW(
  X: Matrix,
  W: Matrix,
  T: Matrix,
  act: Activation,
  r: Round,
): { local: LossProbe; full: LossProbe } {
  return {
    local: stripProbe(stripsW(X, W, T, forwardPass(X, W, act, r).Z), W.data, act, r),
    full: fullProbe(modelObjective(X, W, T, act, r), { name: 'W', values: W.data }, r),
  };
}

const scratch = mkdtempSync(join(tmpdir(), 'gradcheck-test-'));
let files = 0;
/** A temporary file holding `content` (a string, or JSON of a value). */
export function tempFile(content: unknown, ext = '.json'): string {
  const path = join(scratch, `f${files++}${ext}`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/** The command-line flags that reproduce a PyTorch reference case's problem, model and dtype. */
export function torchCaseArgs(c: TorchCase): string[] {
  const problem = ['--seed', c.seed, '-n', c.n, '-d', c.d, '-C', c.C, '--domain', c.domain].map(String);
  return ['--rng', 'torch', ...problem, '--model', c.model, '--dtype', c.dtype];
}

/**
 * The problems the verdict and tolerance corpora check (test/verdict.test.ts, test/tolerance.test.ts):
 * the notebook's own, a square W, signed scaled draws, a saturated σ, and a larger scaled one.
 */
export const CORPUS_SHAPES = {
  notebook: { n: 4, d: 3, C: 2, init: 'notebook' },
  square: { n: 5, d: 3, C: 3, init: 'notebook' },
  scaled: { n: 6, d: 4, C: 4, init: 'scaled' },
  saturated: { n: 20, d: 30, C: 3, init: 'notebook' },
  larger: { n: 30, d: 8, C: 8, init: 'scaled' },
} as const;

/** How the corpora measure entries: every entry, one direction, a sample, float32 (with its recheck), whole passes, five-point. */
export const CORPUS_MODES = [
  {},
  { fast: true },
  { sample: 3 },
  { dtype: 'float32' },
  { numeric: 'full' },
  { scheme: 'five-point' },
] as const;

/** The options every corpus check starts from, before its shape, mode, model, seed and --wrt. */
export const CORPUS_BASE: Omit<ModelCheckOptions, 'n' | 'd' | 'C' | 'init' | 'seed' | 'model'> = {
  ...DEFAULT_NUMERIC_OPTIONS,
  domain: 10,
  rng: 'arc4',
  dtype: 'float64',
  numeric: 'local',
  bug: null,
  wrt: ['W'],
  recheck: true,
};

/**
 * A shipped schema (open: within schemaVersion 1 new fields may appear, and a consumer must
 * accept them) closed for the tests: every object that lists its properties may have no
 * others, so that a field gradcheck writes but the schema does not describe fails a test.
 */
export function closedSchema(name: 'report' | 'sweep' | 'taylor' | 'checks'): object {
  const close = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(close);
    if (typeof x !== 'object' || x === null) return x;
    const o = Object.fromEntries(
      Object.entries(x).map(([k, v]) => [k, k === 'properties' ? mapValues(v, close) : close(v)]),
    );
    if ('properties' in o && !('additionalProperties' in o)) o.additionalProperties = false;
    return o;
  };
  const mapValues = (o: unknown, f: (v: unknown) => unknown) =>
    Object.fromEntries(Object.entries(o as Record<string, unknown>).map(([k, v]) => [k, f(v)]));
  return close(JSON.parse(readFileSync(new URL(`../schema/${name}.schema.json`, import.meta.url), 'utf8'))) as object;
}

/**
 * A module whose loss takes `ms` milliseconds a call, asleep (no CPU taken from the tests beside it): `count` parameters
 * k·step, loss Σw², right gradient.
 */
export function busyModule(count: number, ms: number, step: number): string {
  return tempFile(
    `const busy = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
       export const parameters = { w: Array.from({ length: ${count} }, (_, k) => k * ${step}) };
       export const loss = ({ w }) => { busy(${ms}); return w.reduce((s, v) => s + v * v, 0); };
       export const gradient = ({ w }) => ({ w: w.map((v) => 2 * v) });`,
    '.mjs',
  );
}
