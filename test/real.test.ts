// Real losses (issue 31): points near the edges of a function's domain, entries whose differences or analytic values
// are NaN, ties. Right gradients pass, wrong ones fail, over several seeds, in float64 (checkGradient) and through
// TensorFlow.js in float32 (checkTf). The derivatives are the textbook's, written independently of the loss.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { checkGradient } from 'gradcheck';
import { checkTf } from 'gradcheck/tfjs';

const SEEDS = [1, 2, 3, 4, 5];

/** A seeded uniform stream (the parameters' points, independent of the check's own stream). */
function uniform(seed: number) {
  let s = (seed * 2654435761) >>> 0;
  return (lo: number, hi: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return lo + ((hi - lo) * s) / 2 ** 32;
  };
}

/** Elementwise functions near an edge of their domain: [f, f′, where the points are drawn]. */
const EDGES: Record<string, [(x: number) => number, (x: number) => number, [number, number]]> = {
  log: [Math.log, (x) => 1 / x, [1e-4, 1e-2]],
  sqrt: [Math.sqrt, (x) => 0.5 / Math.sqrt(x), [1e-5, 1e-2]],
  'x^0.3': [(x) => x ** 0.3, (x) => 0.3 * x ** -0.7, [1e-4, 2e-2]],
  asin: [Math.asin, (x) => 1 / Math.sqrt(1 - x * x), [0.99, 0.99999]],
  acos: [Math.acos, (x) => -1 / Math.sqrt(1 - x * x), [-0.99999, -0.99]],
  acosh: [Math.acosh, (x) => 1 / Math.sqrt(x * x - 1), [1.00001, 1.01]],
  atanh: [Math.atanh, (x) => 1 / (1 - x * x), [0.99, 0.99999]],
  'log loss': [(p) => -Math.log(p) - Math.log(1 - p) / 3, (p) => -1 / p + 1 / (3 * (1 - p)), [1e-4, 1e-3]],
};

/** Σ c_i·f(x_i) with its gradient, and wrong ones: one entry off by 1e-3 of its value, or every entry's sign. */
function edgeProblem(name: string, seed: number, wrong?: 'entry' | 'sign') {
  const [f, df, [lo, hi]] = EDGES[name];
  const draw = uniform(seed);
  const x = Array.from({ length: 12 }, () => draw(lo, hi));
  const c = Array.from({ length: 12 }, () => draw(0.5, 1.5));
  return {
    parameters: { x },
    loss: ({ x }: { x: number[] }) => x.reduce((s, v, i) => s + c[i] * f(v), 0),
    gradient: ({ x }: { x: number[] }) => ({
      x: x.map((v, i) => c[i] * df(v) * (wrong === 'sign' ? -1 : wrong === 'entry' && i === seed % 12 ? 1 + 1e-3 : 1)),
    }),
  };
}

describe('near the edges of a domain: the step shrinks where the loss turns NaN, and the check decides', () => {
  it('log, sqrt, x^0.3, asin, acos, acosh, atanh, log loss at 5 seeds: right passes, wrong (1e-3 on one entry, a sign) fails', () => {
    for (const name of Object.keys(EDGES))
      for (const seed of SEEDS) {
        const right = checkGradient(edgeProblem(name, seed), { seed: String(seed) });
        assert.equal(
          right.summary.verdict,
          'pass',
          `${name} seed ${seed}: ${JSON.stringify(right.summary.inconclusive)}`,
        );
        assert.equal(right.summary.nonFinite, 0, `${name} seed ${seed}`);
        for (const wrong of ['entry', 'sign'] as const) {
          const r = checkGradient(edgeProblem(name, seed, wrong), { seed: String(seed) });
          assert.equal(r.summary.verdict, 'fail', `${name} seed ${seed} ${wrong}`);
        }
      }
  });

  it('an entry whose differences are NaN at every step proved nothing, named; the others decide', () => {
    // sqrt at 0: any central difference reads sqrt(−h).
    const problem = (slip: number) => ({
      parameters: { x: [0, 0.25, 1, 4] },
      loss: ({ x }: { x: number[] }) => x.reduce((s, v) => s + Math.sqrt(v), 0),
      gradient: ({ x }: { x: number[] }) => ({ x: x.map((v, i) => (i === 2 ? 0.5 + slip : 0.5 / Math.sqrt(v))) }),
    });
    const right = checkGradient(problem(0));
    assert.equal(right.summary.verdict, 'pass');
    assert.deepEqual(
      right.entries.map((e) => e.status),
      ['nonfinite', 'pass', 'pass', 'pass'],
    );
    assert.equal(right.summary.nonFinite, 1);
    assert.equal(right.summary.failed, 0);
    assert.equal(right.summary.uninformative.nonfinite, 1);
    const wrong = checkGradient(problem(1e-3));
    assert.equal(wrong.summary.verdict, 'fail');
    assert.equal(wrong.summary.failed, 1);
    assert.deepEqual(wrong.summary.worst.index, [2]);
    // Every entry NaN: nothing was compared, never a pass.
    const nowhere = checkGradient({
      parameters: { x: [0, 0] },
      loss: ({ x }: { x: number[] }) => Math.sqrt(x[0]) + Math.sqrt(x[1]),
      gradient: () => ({ x: [1, 1] }),
    });
    assert.equal(nowhere.summary.verdict, 'inconclusive');
    assert.equal(nowhere.summary.inconclusive?.reason, 'nonfinite');
  });

  it('an analytic NaN beside finite differences fails that entry, diagnosed as the analytic side (the norm at 0)', () => {
    const r = checkGradient({
      parameters: { x: [0, 0, 0], y: [0.5, -1] },
      loss: ({ x, y }: { x: number[]; y: number[] }) => Math.hypot(...x) + y[0] * y[1] ** 2,
      gradient: ({ x, y }: { x: number[]; y: number[] }) => ({
        x: x.map((v) => v / Math.hypot(...x)),
        y: [y[1] ** 2, 2 * y[0] * y[1]],
      }),
    });
    assert.equal(r.summary.verdict, 'fail');
    assert.equal(r.summary.diagnosis?.code, 'nonfinite');
    assert.equal(r.summary.diagnosis?.side, 'analytic');
    assert.deepEqual(
      r.entries.map((e) => [e.param, e.status, Number.isFinite(e.numeric)]),
      [
        ['x', 'fail', true],
        ['x', 'fail', true],
        ['x', 'fail', true],
        ['y', 'pass', true],
        ['y', 'pass', true],
      ],
    );
  });
});

/** TF.js ops near their edges, float32: op, its derivative written out (times dy), where the points are drawn. */
type Derivative = (x: tf.Tensor, dy: tf.Tensor) => tf.Tensor;
const TF_EDGES: Record<string, [(x: tf.Tensor) => tf.Tensor, Derivative, [number, number]]> = {
  log: [tf.log, (x, dy) => tf.div(dy, x), [1e-3, 1e-2]],
  sqrt: [tf.sqrt, (x, dy) => tf.div(tf.mul(dy, 0.5), tf.sqrt(x)), [1e-4, 1e-2]],
  pow: [(x) => tf.pow(x, tf.scalar(0.3)), (x, dy) => tf.mul(dy, tf.mul(0.3, tf.pow(x, tf.scalar(-0.7)))), [1e-3, 2e-2]],
  asin: [tf.asin, (x, dy) => tf.div(dy, tf.sqrt(tf.sub(1, tf.square(x)))), [0.99, 0.999]],
  acos: [tf.acos, (x, dy) => tf.neg(tf.div(dy, tf.sqrt(tf.sub(1, tf.square(x))))), [-0.999, -0.99]],
  acosh: [tf.acosh, (x, dy) => tf.div(dy, tf.sqrt(tf.sub(tf.square(x), 1))), [1.0005, 1.01]],
  atanh: [tf.atanh, (x, dy) => tf.div(dy, tf.sub(1, tf.square(x))), [0.99, 0.999]],
  logSumExp: [(x) => tf.logSumExp(x), (x, dy) => tf.mul(dy, tf.softmax(x)), [88, 88.5]],
  // Mean over the 8 entries (TF.js's default reduction), δ = 0.5.
  huber: [
    (x) => tf.losses.huberLoss(tf.zeros(x.shape), x, undefined, 0.5),
    (x, dy) => tf.mul(dy, tf.div(tf.clipByValue(x, -0.5, 0.5), 8)),
    [-1.5, 1.5],
  ],
};

describe('TensorFlow.js ops near their edges (float32, checkTf): right passes, one entry 10% off fails (float32 resolves about 1%)', () => {
  const custom = tf.customGrad as unknown as (
    f: (
      x: tf.Tensor,
      save: tf.GradSaveFunc,
    ) => { value: tf.Tensor; gradFunc: (dy: tf.Tensor, s: tf.Tensor[]) => tf.Tensor[] },
  ) => (x: tf.Tensor) => tf.Tensor;
  /** op with its derivative written out, scaled by 1 + slip on entry `at`. */
  const slipped = (op: (x: tf.Tensor) => tf.Tensor, derivative: Derivative, at: number, slip: number) =>
    custom((x, save) => {
      save([x]);
      const scale = () => tf.tensor1d(Array.from({ length: x.size }, (_, i) => (i === at ? 1 + slip : 1)));
      return { value: op(x), gradFunc: (dy, [saved]) => [tf.mul(derivative(saved, dy), scale())] };
    });
  it("9 ops × 4 seeds: TF.js's own gradient passes; the derivative written out passes, and fails 10% off on one entry", () => {
    for (const [name, [op, derivative, [lo, hi]]] of Object.entries(TF_EDGES))
      for (const seed of SEEDS.slice(0, 4)) {
        const draw = uniform(seed);
        const x: tf.Tensor = tf.tensor1d(Array.from({ length: 8 }, () => draw(lo, hi)));
        const c = tf.tensor1d(Array.from({ length: 8 }, () => draw(0.5, 1.5)));
        const weighted = (t: tf.Tensor) => (t.rank === 0 ? t : tf.sum(tf.mul(t, c)));
        const options = { seed: String(seed) };
        const own = checkTf(({ x }) => weighted(op(x)), { x }, options);
        assert.equal(own.summary.verdict, 'pass', `${name} seed ${seed}: ${JSON.stringify(own.summary.inconclusive)}`);
        const written = checkTf(({ x }) => weighted(slipped(op, derivative, 0, 0)(x)), { x }, options);
        assert.equal(written.summary.verdict, 'pass', `${name} seed ${seed} written out`);
        const wrong = checkTf(({ x }) => weighted(slipped(op, derivative, seed % 8, 0.1)(x)), { x }, options);
        assert.equal(wrong.summary.verdict, 'fail', `${name} seed ${seed} wrong`);
      }
  });
});

describe('ties: entries at one kink moved together (pipeline/ties.ts)', () => {
  /** A 2×2 max-pool of a 4×4 input of small integers (ties everywhere), loss Σ c·pool; `allTied`: each tied maximum given c. */
  function maxPool(seed: number, allTied: boolean) {
    const draw = uniform(seed);
    const x = Array.from({ length: 16 }, () => Math.floor(draw(0, 3)));
    const c = [0.7, -1.2, 0.4, 1.5];
    const windows = [0, 1, 2, 3].map((w) => [0, 1, 4, 5].map((d) => 8 * Math.floor(w / 2) + 2 * (w % 2) + d));
    const tie = windows.some((win) => win.filter((k) => x[k] === Math.max(...win.map((j) => x[j]))).length > 1);
    return {
      tie,
      parameters: { x },
      loss: ({ x }: { x: number[] }) => windows.reduce((s, win, w) => s + c[w] * Math.max(...win.map((k) => x[k])), 0),
      gradient: ({ x }: { x: number[] }) => {
        const g = x.map(() => 0);
        windows.forEach((win, w) => {
          const top = Math.max(...win.map((k) => x[k]));
          const tied = win.filter((k) => x[k] === top);
          for (const k of allTied ? tied : tied.slice(0, 1)) g[k] += c[w];
        });
        return { x: g };
      },
    };
  }
  it('20 seeds: the backward that gives every tied maximum the whole gradient fails; one maximum each never fails', () => {
    let ties = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const right = checkGradient(maxPool(seed, false), { seed: String(seed) });
      assert.notEqual(right.summary.verdict, 'fail', `seed ${seed}`);
      assert.deepEqual(right.summary.ties?.failing ?? [], [], `seed ${seed}`);
      // Without a tie the two backward passes are one, and right.
      const allTied = maxPool(seed, true);
      const wrong = checkGradient(allTied, { seed: String(seed) });
      if (!allTied.tie) continue;
      ties++;
      assert.equal(wrong.summary.verdict, 'fail', `seed ${seed}`);
    }
    assert.ok(ties >= 15, `${ties} draws with a tie`);
  });
  it('kinks of their own are not ties: relu(a) − relu(b) at 0 with relu′(0) = 0 passes (its slopes add up)', () => {
    const relu = (v: number) => Math.max(v, 0);
    const r = checkGradient({
      parameters: { a: [0, 1.5, 0], b: [0, 1, -2] },
      loss: ({ a, b }: { a: number[]; b: number[] }) => a.reduce((s, v, i) => s + (i + 1) * (relu(v) - relu(b[i])), 0),
      gradient: ({ a, b }: { a: number[]; b: number[] }) => ({
        a: a.map((v, i) => (i + 1) * (v > 0 ? 1 : 0)),
        b: b.map((v, i) => -(i + 1) * (v > 0 ? 1 : 0)),
      }),
    });
    assert.equal(r.summary.verdict, 'pass');
    assert.equal(r.summary.ties?.shared, 0);
  });
});

describe('a stationary point: one piece of advice that moves the point, never a flag the rule book refuses', () => {
  it('CLI and library: inconclusive (exit 4), noise-floor, another seed or other parameters; no --atol under the estimate rule', async () => {
    const { runCli, tempFile } = await import('./helpers.js');
    const module = tempFile(
      `export const parameters = { w: [0, 0, 0] };
       export const loss = ({ w }) => w.reduce((s, v) => s + v ** 4 + v * v, 0);
       export const gradient = ({ w }) => ({ w: w.map((v) => 4 * v ** 3 + 2 * v) });`,
      '.mjs',
    );
    const cli = runCli(['--module', module]);
    assert.equal(cli.code, 4, cli.stderr);
    assert.match(cli.stdout, /another point: another --seed .*or other parameters away from a stationary point/);
    assert.doesNotMatch(cli.stdout, /--atol/);
    const allclose = runCli(['--module', module, '--tolerance', 'allclose']);
    assert.equal(allclose.code, 4);
    // Under allclose a smaller --atol is a flag the rule book takes.
    assert.match(allclose.stdout, /a smaller --atol/);
    const library = checkGradient({
      parameters: { w: [0, 0] },
      loss: ({ w }: { w: number[] }) => w[0] ** 2 + w[1] ** 4,
      gradient: ({ w }: { w: number[] }) => ({ w: [2 * w[0], 4 * w[1] ** 3] }),
    });
    assert.equal(library.summary.inconclusive?.reason, 'noise-floor');
    assert.match(library.summary.inconclusive?.message ?? '', /another seed .*other parameters/);
    assert.doesNotMatch(library.summary.inconclusive?.message ?? '', /atol|--/);
  });
});

describe('jumps in the second derivative (Huber, smooth L1, a spline, a clamp): a right gradient never fails', () => {
  const PIECEWISE: Record<string, [(r: number) => number, (r: number) => number]> = {
    huber: [(r) => (Math.abs(r) <= 1 ? 0.5 * r * r : Math.abs(r) - 0.5), (r) => (Math.abs(r) <= 1 ? r : Math.sign(r))],
    'smooth L1': [
      (r) => (Math.abs(r) < 0.1 ? (0.5 * r * r) / 0.1 : Math.abs(r) - 0.05),
      (r) => (Math.abs(r) < 0.1 ? r / 0.1 : Math.sign(r)),
    ],
    spline: [(r) => (r < 0 ? r * r : r * r + r ** 3), (r) => (r < 0 ? 2 * r : 2 * r + 3 * r * r)],
    clamp: [(r) => Math.min(Math.max(r, -1), 1) ** 2 + r, (r) => (Math.abs(r) < 1 ? 2 * r : 0) + 1],
  };
  it('4 functions × 10 seeds × default, forward and allclose: pass; a sign slip on the quadratic piece fails', () => {
    for (const [name, [f, df]] of Object.entries(PIECEWISE))
      for (let seed = 1; seed <= 10; seed++) {
        const problem = (wrong: boolean) => ({
          parameters: (random: () => number) => ({ r: Array.from({ length: 40 }, () => 4 * random() - 2) }),
          loss: ({ r }: { r: number[] }) => r.reduce((s, x) => s + f(x), 0),
          gradient: ({ r }: { r: number[] }) => ({ r: r.map((x, i) => (wrong && i === 0 ? -df(x) : df(x))) }),
        });
        for (const options of [{}, { scheme: 'forward' as const }, { tolerance: 'allclose' as const }]) {
          const right = checkGradient(problem(false), { seed: String(seed), ...options });
          assert.equal(right.summary.verdict, 'pass', `${name} seed ${seed} ${JSON.stringify(options)}`);
        }
        assert.notEqual(
          checkGradient(problem(true), { seed: String(seed) }).summary.verdict,
          'pass',
          `${name} ${seed}`,
        );
      }
  });
});
