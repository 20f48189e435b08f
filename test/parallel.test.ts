import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { workerFlags } from '../src/checks/model/parallel.js';
import { checkModel } from '../src/library/checks.js';
import { modelOptions } from '../src/library/options.js';
import { ACTIVATIONS } from '../src/model/activations.js';
import { forwardPass } from '../src/model/network.js';
import { unrounded } from '../src/numeric/dtype.js';
import { SCHEMES } from '../src/numeric/schemes.js';
import type { CheckedParameter, MeasureSettings } from '../src/pipeline/parameter.js';
import { problemFor } from '../src/problem/generate.js';
import { BIN, ROOT, runCli, tempFile } from './helpers.js';

// The built pool: its workers load dist/checks/model/model-worker.js (npm test builds first).
const { oneLayerParameters } = (await import(
  new URL('../dist/checks/model/one-layer.js', import.meta.url).href
)) as typeof import('../src/checks/model/one-layer.js');
const { checkWork, checkSeconds, columnsSeconds } = (await import(
  new URL('../dist/checks/model/cost.js', import.meta.url).href
)) as typeof import('../src/checks/model/cost.js');
const { startPool } = (await import(
  new URL('../dist/checks/model/parallel.js', import.meta.url).href
)) as typeof import('../src/checks/model/parallel.js');
/** The model's pool workers, beside the built one-layer.js. */
const MODEL_SCRIPT = { base: new URL('../dist/checks/model/one-layer.js', import.meta.url).href, name: 'model-worker' };
const { numericColumns } = (await import(
  new URL('../dist/pipeline/measure.js', import.meta.url).href
)) as typeof import('../src/pipeline/measure.js');

/** A small default check for the pool: its problem, W as checked (its sums entry by entry, so chunks of 16 entries), the settings, and each entry's numeric value in one thread. */
function poolCase(seed: string) {
  const opts = modelOptions({ n: 50, d: 16, C: 8, init: 'scaled', seed });
  const problem = problemFor(opts);
  const Z = forwardPass(problem.X, problem.W, ACTIVATIONS.sigmoid, unrounded).Z;
  const [W] = oneLayerParameters(opts, problem, Z, false);
  const s: MeasureSettings = {
    scheme: SCHEMES.central,
    eps: 'auto',
    dtype: 'float64',
    lossMagnitude: 0,
    estimate: true,
  };
  const alone = checkModel({ ...opts, jobs: 1 }).report.entries.map((e) => e.numeric);
  return { opts, problem, Z, W, s, alone };
}

describe("the pool: workers take chunks, and compute the calling thread's numbers", () => {
  it("a calling thread whose own probe gives NaN: the chunks it took are NaN, the workers' are the one-thread values", () => {
    const { opts, problem, Z, W, s, alone } = poolCase('pool');
    const indices = Uint32Array.from(W.values, (_, k) => k);
    // Slow as well as blind, so that the workers find chunks left to take.
    const slowNaN = () => {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
      return Number.NaN;
    };
    const blind: CheckedParameter = { ...W, probe: { difference: slowNaN, imaginary: slowNaN } };
    const pool = startPool(MODEL_SCRIPT, { opts, problem, Z, everyEntry: false }, 2);
    // Give the workers time to start, so that they take chunks.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
    const columns = pool.columns(blind, indices, s);
    pool.close();
    const byWorkers = [...columns.values].filter((v) => !Number.isNaN(v));
    assert.ok(byWorkers.length >= 16, `workers computed ${byWorkers.length} of ${indices.length}`);
    columns.values.forEach((v, e) => {
      if (!Number.isNaN(v)) assert.equal(v, alone[e]);
    });
  });
});

describe('the pool: a page at a time where the sums are made a page at once', () => {
  it("the calling thread's progress counts whole pages of 4096 entries (and the rest), and the numbers are one thread's", () => {
    const opts = modelOptions({ n: 4, d: 64, C: 130, init: 'scaled', seed: 'pages' });
    const problem = problemFor(opts);
    const Z = forwardPass(problem.X, problem.W, ACTIVATIONS.sigmoid, unrounded).Z;
    const [W] = oneLayerParameters(opts, problem, Z, true);
    assert.equal(W.executor?.madeTogether, 4096);
    assert.equal(
      oneLayerParameters(opts, problem, Z, false)[0].executor?.madeTogether,
      undefined,
      'a sample or a recheck: chunks of 16',
    );
    const s: MeasureSettings = {
      scheme: SCHEMES.central,
      eps: 'auto',
      dtype: 'float64',
      lossMagnitude: 0,
      estimate: true,
    };
    const indices = Uint32Array.from(W.values, (_, k) => k);
    const pool = startPool(MODEL_SCRIPT, { opts, problem, Z, everyEntry: true }, 1);
    const seen: number[] = [];
    const columns = pool.columns(W, indices, s, (done) => seen.push(done));
    pool.close();
    assert.ok(
      seen.length > 0 && seen.every((done) => done % 4096 === 0 || done === 8320),
      `progress ${seen.join(', ')}`,
    );
    assert.deepEqual([...columns.values], [...numericColumns(W, indices, s).values]);
  });
});

describe('the pool: entries handed ahead', () => {
  const { opts, problem, Z, W, s, alone } = poolCase('ahead');
  const blindNaN = () => Number.NaN;
  const blind: CheckedParameter = { ...W, probe: { difference: blindNaN, imaginary: blindNaN } };

  it('are computed by the workers before columns asks for them; entries asked for instead are posted anew', () => {
    const all = Uint32Array.from(W.values, (_, k) => k);
    const [first, second] = [all.subarray(0, 64), all.subarray(64)];
    const pool = startPool(MODEL_SCRIPT, { opts, problem, Z, everyEntry: false }, 1);
    pool.ahead(blind, second, s);
    // The worker starts, and takes every chunk of the entries ahead while this thread waits.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
    const taken = pool.columns(blind, second, s);
    // Handed ahead, then not asked for: `first` is a new job, whose chunks this blind thread takes too.
    pool.ahead(blind, all.subarray(0, 8), s);
    const fresh = pool.columns(blind, first, s);
    pool.close();
    assert.deepEqual([...taken.values], alone.slice(64), "every value of the entries ahead is the worker's");
    assert.equal(fresh.values.length, 64);
    fresh.values.forEach((v, e) => {
      assert.ok(Number.isNaN(v) || v === alone[e], `entry ${e}`);
    });
  });
});

// --jobs / options.jobs: the numeric columns split over worker threads (src/checks/parallel.ts).
// Every entry's numbers depend on that entry alone: any split gives the one thread's report.
describe('jobs: the same report from any number of threads', () => {
  const base = { n: 40, d: 12, C: 8, init: 'scaled' as const, seed: 'jobs' };
  const cases = [
    { name: 'sigmoid, W and X (shared exponentials)', options: { ...base, wrt: ['W', 'X'] as ('W' | 'X')[] } },
    {
      name: 'tanh, a fixed step and allclose',
      options: { ...base, model: 'tanh' as const, eps: 1e-5, tolerance: 'allclose' as const },
    },
    { name: 'relu: kinks', options: { ...base, model: 'relu' as const, init: 'notebook' as const } },
    {
      name: 'softplus, five-point, a sample',
      options: { ...base, model: 'softplus' as const, scheme: 'five-point' as const, sample: 50 },
    },
    { name: 'float32 with its float64 recheck', options: { ...base, dtype: 'float32' as const } },
    { name: 'a wrong gradient (--bug sign)', options: { ...base, bug: 'sign' as const } },
    // Beyond a block of 65,536 entries the next block is handed to the workers ahead (measureEntries).
    { name: 'more entries than a block', options: { ...base, n: 2, d: 300, C: 300, seed: 'blocks' } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const one = checkModel({ ...c.options, jobs: 1 }).report;
      const three = checkModel({ ...c.options, jobs: 3 }).report;
      assert.deepEqual(three.entries, one.entries);
      assert.deepEqual(three.summary, one.summary);
      assert.ok(one.entries.length > 3 * 16, 'more chunks than threads: every thread takes some');
    });
  }

  it("checkWork, which --jobs auto and the progress bar (checkSeconds) weigh, counts σ along each entry's strip: n rows for W, C for X", () => {
    const opts = (o: Record<string, unknown>) => modelOptions({ init: 'scaled', ...o });
    // Central differences take two loss values an entry; by hand: entries × 2 × strip.
    assert.equal(checkWork(opts({ n: 10, d: 1000, C: 1000 })), 1000 * 1000 * 2 * 10);
    assert.equal(checkWork(opts({ n: 1000, d: 128, C: 32, wrt: ['X'] })), 1000 * 128 * 2 * 32);
    assert.equal(checkWork(opts({ n: 30, d: 4, C: 5, wrt: ['W', 'X'] })), (4 * 5 * 30 + 30 * 4 * 5) * 2);
    // A sample of 10 of the 240 entries of W and X: 10 entries at their mean strip (20·30 + 120·5)/140.
    assert.equal(
      checkWork(opts({ n: 30, d: 4, C: 5, wrt: ['W', 'X'], sample: 10 })),
      (10 * 2 * (20 * 30 + 120 * 5)) / 140,
    );
    assert.equal(checkWork(opts({ n: 3, d: 4, C: 5, scheme: 'five-point' })), 4 * 5 * 4 * 3);
  });

  it('checkSeconds, whether a progress bar is worth drawing: σ at 5·10⁷ a second and 2 µs an entry', () => {
    const opts = (o: Record<string, unknown>) => modelOptions({ init: 'scaled', ...o });
    // 10⁶ entries of n = 10 (0.9 s here): 2·10⁷ σ and 10⁶ entries; 1000×128×32: 8.2·10⁶ σ and 4096 entries.
    assert.ok(Math.abs(checkSeconds(opts({ n: 10, d: 1000, C: 1000 })) - (0.4 + 2)) < 1e-12);
    assert.ok(Math.abs(checkSeconds(opts({ n: 1000, d: 128, C: 32 })) - (0.16384 + 0.008192)) < 1e-12);
  });

  it('columnsSeconds, which --jobs auto splits above 0.2 s: 5 ns an entry·row of each difference, and 0.5 µs an entry', () => {
    const opts = (o: Record<string, unknown>) => modelOptions({ init: 'scaled', ...o });
    // 10⁶ entries of n = 10: the step's and half step's differences, 10⁷ entry·rows each, and 10⁶ entries: split.
    assert.ok(Math.abs(columnsSeconds(opts({ n: 10, d: 1000, C: 1000 })) - (2 * 1e7 * 5e-9 + 0.5)) < 1e-12);
    // The default shape: 4096 entries of n = 1000, not split; a fixed step takes no half step under allclose.
    assert.ok(Math.abs(columnsSeconds(opts({ n: 1000, d: 128, C: 32 })) - (2 * 4096e3 * 5e-9 + 4096 * 0.5e-6)) < 1e-12);
    const allclose = opts({ n: 1000, d: 128, C: 32, eps: 1e-5, tolerance: 'allclose' });
    assert.ok(Math.abs(columnsSeconds(allclose) - (4096e3 * 5e-9 + 4096 * 0.5e-6)) < 1e-12);
  });

  it('the library refuses a jobs that is not a count or auto', () => {
    assert.throws(
      () => checkModel({ jobs: 0 }),
      /checkModel: option 'jobs' is 0: expected 'auto' or an integer from 1/,
    );
    assert.throws(() => checkModel({ jobs: 'all' as never }), /option 'jobs' is 'all'/);
  });

  it('the command line: --jobs 2 prints what --jobs 1 prints, and auto (the default) too', () => {
    const args = ['-n', '60', '-d', '16', '-C', '8', '--init', 'scaled', '--wrt', 'W,X', '--json'];
    const one = runCli([...args, '--jobs', '1']);
    const two = runCli([...args, '--jobs', '2']);
    const auto = runCli(args);
    assert.equal(one.code, 0, one.stderr);
    assert.equal(two.stdout, one.stdout);
    assert.equal(auto.stdout, one.stdout);
  });

  it('node flags a worker refuses when given explicitly (--max-old-space-size, --stack-size) do not stop --jobs', () => {
    const args = ['-n', '60', '-d', '16', '-C', '8', '--init', 'scaled', '--json'];
    const one = runCli([...args, '--jobs', '1']);
    for (const flag of ['--max-old-space-size=600', '--stack-size=2000']) {
      const r = spawnSync(process.execPath, [flag, BIN, ...args, '--jobs', '2'], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(r.status, 0, `${flag}: ${r.stderr}`);
      assert.equal(r.stdout, one.stdout, flag);
    }
  });

  it("a worker's flags: the process's own (inherited), or with --input-type only those that load code", () => {
    assert.equal(workerFlags(['--max-old-space-size=600', '--import', 'tsx']), undefined);
    assert.deepEqual(
      workerFlags([
        '--input-type=module',
        '--stack-size=2000',
        '--import',
        'tsx',
        '--require=./a.cjs',
        '--conditions',
        'dev',
      ]),
      ['--import', 'tsx', '--require=./a.cjs', '--conditions', 'dev'],
    );
    assert.deepEqual(workerFlags(['--input-type', 'module']), []);
  });

  it("a module's gradient split over two threads reports what one thread does, lossCalls included: right, and one entry wrong", () => {
    // tanh(X·w) against targets, 40 rows by 30 weights: 600 entries, chunks of 16 for both threads.
    const layer = (wrong: string) =>
      tempFile(
        `const n = 40, d = 30, X = Array.from({ length: n * d }, (_, k) => Math.sin(k * 1.7));
         const y = (w) => Array.from({ length: n }, (_, i) => Math.tanh(w.reduce((s, v, j) => s + v * X[i * d + j], 0)));
         export const parameters = (random) => ({ w: Array.from({ length: d * 20 }, () => random() - 0.5) });
         export const loss = ({ w }) => y(w.slice(0, d)).reduce((s, v, i) => s + 0.5 * (v - i / n) ** 2, 0) + w.reduce((s, v) => s + v ** 4, 0) / 4;
         export const gradient = ({ w }) => {
           const Y = y(w.slice(0, d)), g = w.map((v) => v ** 3);
           for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) g[j] += (Y[i] - i / n) * (1 - Y[i] ** 2) * X[i * d + j];
           ${wrong}
           return { w: g };
         };`,
        '.mjs',
      );
    for (const [m, code] of [
      [layer(''), 0],
      [layer('g[17] *= 1 + 1e-5;'), 1],
    ] as const) {
      const one = runCli(['--module', m, '--json', '--jobs', '1']);
      const two = runCli(['--module', m, '--json', '--jobs', '2']);
      assert.equal(one.code, code, one.stderr);
      assert.equal(two.code, code, two.stderr);
      assert.equal(two.stdout, one.stdout);
      const { summary } = JSON.parse(one.stdout) as { summary: { lossCalls: number; failed: number } };
      assert.equal(summary.failed, code);
      assert.ok(
        summary.lossCalls >= 1200 && summary.lossCalls <= 1320,
        `${summary.lossCalls} loss calls for 600 entries`,
      );
    }
  });
});
