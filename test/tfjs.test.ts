import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { OptionError, renderHtml } from 'gradcheck';
import { checkTf } from 'gradcheck/tfjs';
import { runCli } from './helpers.js';

// The real TensorFlow.js, its CPU backend, float32.
const matrix = (rows: number, cols: number, seed: number) =>
  tf.tensor2d(
    Array.from({ length: rows }, (_, i) =>
      Array.from({ length: cols }, (_, j) => Math.sin(seed * 7.1 + i * 3.3 + j * 1.7) * 1.2),
    ),
  );

/** tf.customGrad with its callback typed as TF.js calls it: (x, save). */
const custom = (
  f: (
    z: tf.Tensor,
    save: tf.GradSaveFunc,
  ) => { value: tf.Tensor; gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor[] },
) => tf.customGrad(f as unknown as Parameters<typeof tf.customGrad>[0]);

const softplusWith = (derivative: (z: tf.Tensor) => tf.Tensor) =>
  custom((z, save) => {
    save([z]);
    return { value: tf.log1p(tf.exp(z)), gradFunc: (dy, saved) => [tf.mul(dy, derivative(saved[0]))] };
  });
/** log Σ eᶻ per row, with its backward written out: dy·softmax(z), or a wrong one. */
const logSumExpWith = (backward: (dy: tf.Tensor, z: tf.Tensor) => tf.Tensor) =>
  custom((z, save) => {
    save([z]);
    return { value: tf.logSumExp(z, 1), gradFunc: (dy, saved) => [backward(dy, saved[0])] };
  });
const softmaxBackward = (dy: tf.Tensor, z: tf.Tensor) => tf.mul(tf.expandDims(dy, 1), tf.softmax(z));

type Loss = (p: Record<string, tf.Tensor>) => tf.Tensor;
const weights = tf.tensor1d([0.7, -1.3, 2.1, 0.4]);
/** Losses whose upstream dy is not all 1 (a weighted sum), so a backward that drops dy is wrong. */
const problems = (seed: number) => {
  const X = matrix(4, 3, seed);
  const weighted = (t: tf.Tensor) => tf.sum(tf.mul(t, tf.reshape(weights, [4, 1])));
  return {
    right: {
      softplus: (({ W }) => weighted(softplusWith((z) => tf.sigmoid(z))(tf.matMul(X, W)) as tf.Tensor)) as Loss,
      tanh: (({ W }) => tf.sum(tf.square(tf.tanh(tf.matMul(X, W))))) as Loss,
      relu: (({ W }) => weighted(tf.relu(tf.matMul(X, W)))) as Loss,
      logSumExp: (({ W }) =>
        tf.sum(tf.mul(logSumExpWith(softmaxBackward)(tf.matMul(X, W)) as tf.Tensor, weights))) as Loss,
    },
    wrong: {
      'softplus σ(−z)': (({ W }) =>
        weighted(softplusWith((z) => tf.sigmoid(tf.neg(z)))(tf.matMul(X, W)) as tf.Tensor)) as Loss,
      'logSumExp dropping dy': (({ W }) =>
        tf.sum(tf.mul(logSumExpWith((_dy, z) => tf.softmax(z))(tf.matMul(X, W)) as tf.Tensor, weights))) as Loss,
      'logSumExp without the max shift… as exp': (({ W }) =>
        tf.sum(
          tf.mul(
            logSumExpWith((dy, z) => tf.mul(tf.expandDims(dy, 1), tf.exp(z)))(tf.matMul(X, W)) as tf.Tensor,
            weights,
          ),
        )) as Loss,
    },
  };
};

describe('checkTf: the gradient TF.js computes, against differences through TF.js in float32', () => {
  it('right gradients (a customGrad softplus and log-sum-exp, tanh, relu) never fail, over 5 draws; most pass', () => {
    let passed = 0;
    for (let seed = 1; seed <= 5; seed++) {
      for (const [name, loss] of Object.entries(problems(seed).right)) {
        const report = checkTf(loss, { W: matrix(3, 2, seed + 10) });
        assert.notEqual(report.summary.verdict, 'fail', `${name}, draw ${seed}: ${report.summary.diagnosis?.message}`);
        assert.equal(report.config.dtype, 'float32');
        if (report.summary.verdict === 'pass') passed++;
      }
    }
    assert.ok(passed >= 18, `${passed} of 20 passed`);
  });

  it('wrong backward passes never pass, over 5 draws', () => {
    for (let seed = 1; seed <= 5; seed++) {
      for (const [name, loss] of Object.entries(problems(seed).wrong)) {
        assert.equal(checkTf(loss, { W: matrix(3, 2, seed + 10) }).summary.verdict, 'fail', `${name}, draw ${seed}`);
      }
    }
  });

  it('a TF.js check draws its page: a cell a weight, the failing ones outlined, as its report says', () => {
    for (const [name, loss] of Object.entries(problems(3).wrong)) {
      const report = checkTf(loss, { W: matrix(3, 2, 13) });
      const page = renderHtml(report);
      const cells = [...page.matchAll(/<rect x="(\d+)" y="(\d+)" width="1" height="1" class="cell ([^"]+)">/g)];
      assert.equal(cells.length, 6, name);
      const outlined = cells.filter((m) => m[3].includes('fail')).map((m) => `${m[2]},${m[1]}`);
      const failing = report.entries.filter((e) => e.status === 'fail').map((e) => e.index.join(','));
      assert.deepEqual(outlined.sort(), failing.sort(), name);
      assert.ok(failing.length > 0 && page.includes('float32'), name);
    }
  });

  it('the numeric side is the loss through TF.js: for l = Σ w², ∂l/∂w = 2w within float32 roundoff', () => {
    const w = tf.tensor1d([0.5, -1.25, 3]);
    const report = checkTf(({ w }) => tf.sum(tf.square(w)), { w });
    for (const e of report.entries)
      assert.ok(Math.abs(e.numeric - 2 * [0.5, -1.25, 3][e.index[0]]) <= e.roundoff + 1e-6, `${e.index}: ${e.numeric}`);
  });

  it('bad calls: one line, an OptionError', () => {
    const W = matrix(3, 2, 1);
    for (const [call, message] of [
      [
        () => checkTf(({ W }) => tf.matMul(matrix(4, 3, 1), W), { W }),
        /loss returned a tensor of shape \[4,2\]: expected a scalar tensor/,
      ],
      [() => checkTf(({ W }) => tf.sum(W), { W: [1, 2] as never }), /parameters is not an object of tensors/],
      [() => checkTf(({ W }) => tf.sum(W), { W }, { scheme: 'nope' as never }), /checkTf: option 'scheme' is 'nope'/],
    ] as const) {
      assert.throws(call, (e: unknown) => e instanceof OptionError && message.test(e.message));
    }
  });
});

describe('checkTf beyond entries (issue 31)', () => {
  it('--fast: one direction through TF.js, a wrong customGrad fails and is bisected to its entries', () => {
    const X = matrix(4, 3, 2);
    const W = matrix(3, 2, 3);
    const right = checkTf(({ W }) => tf.sum(tf.square(tf.tanh(tf.matMul(X, W)))), { W }, { fast: true });
    assert.equal(right.summary.verdict, 'pass');
    assert.equal(right.entries.length, 1);
    const { wrong } = problems(2);
    const r = checkTf(wrong['softplus σ(−z)'], { W }, { fast: true });
    assert.equal(r.summary.verdict, 'fail');
    assert.ok(r.entries.length > 1 && r.entries.slice(1).every((e) => e.status === 'fail'), JSON.stringify(r.entries));
  });
  it("a parameter the loss does not use is checked against a zero gradient, not refused with TF.js's own error", () => {
    const X = matrix(4, 3, 2);
    const r = checkTf(({ W }) => tf.sum(tf.tanh(tf.matMul(X, W))), { W: matrix(3, 2, 1), unused: tf.tensor1d([1, 2]) });
    const unused = r.entries.filter((e) => e.param === 'unused');
    assert.deepEqual(
      unused.map((e) => [e.analytic, e.numeric]),
      [
        [0, 0],
        [0, 0],
      ],
    );
    // It proved nothing of its own: the check says so rather than pass.
    assert.equal(r.summary.verdict, 'inconclusive');
    assert.equal(r.summary.inconclusive?.only, 'unused');
  });
  it("TF.js is the user's: resolved from the module's folder first, and an old one refused with its version", async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const project = mkdtempSync(join(tmpdir(), 'gradcheck-tf-'));
    const tfjs = join(project, 'node_modules', '@tensorflow', 'tfjs');
    mkdirSync(tfjs, { recursive: true });
    writeFileSync(
      join(tfjs, 'package.json'),
      JSON.stringify({ name: '@tensorflow/tfjs', version: '3.9.0', main: 'index.js' }),
    );
    writeFileSync(join(tfjs, 'index.js'), "module.exports = { version_core: '3.9.0' };");
    assert.throws(
      () => checkTf(({ W }) => tf.sum(W), { W: matrix(3, 2, 1) }, { module: join(project, 'layer.mjs') }),
      (e: unknown) =>
        e instanceof OptionError &&
        /checkTf: @tensorflow\/tfjs 3\.9\.0 found .*needs tfjs-core 4\.x or later/.test(e.message),
    );
  });
  it('tf.max gives every tied maximum the whole gradient: the tie is found and the check fails', () => {
    const r = checkTf(({ x }) => tf.add(tf.max(x.slice(0, 3)), tf.mul(-0.5, tf.max(x.slice(3, 3)))), {
      x: tf.tensor1d([1, 3, 3, 0, 2, 2]),
    });
    assert.equal(r.summary.verdict, 'fail');
    assert.deepEqual(
      r.summary.ties?.failing.map((t) => [t.entries.map((e) => e.index[0]), t.analytic, t.low]),
      [
        [[1, 2], 2, 1],
        [[4, 5], -1, -0.5],
      ],
    );
  });
});

describe('gradcheck --module with a TF.js loss', () => {
  it('examples: the right customGrad exits 0, the wrong one 1; TF.js banner never on stdout', () => {
    const right = runCli(['--module', 'examples/tfjs-softplus.mjs', '--json']);
    assert.equal(right.code, 0, right.stderr);
    const report = JSON.parse(right.stdout) as { config: { dtype: string } };
    assert.equal(report.config.dtype, 'float32');
    assert.match(right.stderr, /TensorFlow\.js in Node\.js/);
    const wrong = runCli(['--module', 'examples/tfjs-softplus-wrong.mjs']);
    assert.equal(wrong.code, 1);
    assert.match(
      wrong.stdout,
      /^the gradient of examples\/tfjs-softplus-wrong\.mjs: W \(3×2\); seed 42 \(arc4\)\nfloat32, central differences of whole losses through TensorFlow\.js/,
    );
  });
});
