import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkModel } from '../src/library/checks.js';
import { linear, logistic, sigmoid } from '../src/model/activations.js';
import { roundingFor } from '../src/model/dtype.js';
import { createMatrix, fromRows } from '../src/model/matrix.js';
import { forwardPass, gradientW, losses, matmul, outputDelta, productEntry } from '../src/model/network.js';
import { fullLoss } from '../src/model/objective.js';
import { assertClose, flat, reference } from './helpers.js';

const f64 = roundingFor('float64');

describe('model against PyTorch (float64 reference cases)', () => {
  for (const c of reference.cases.filter((k) => k.dtype === 'float64')) {
    it(`seed ${c.seed} ${c.n}×${c.d}×${c.C} ${c.model}: Z, Y, both losses and ∂l/∂W to 1e-12`, () => {
      const X = fromRows(c.X),
        W = fromRows(c.W),
        T = fromRows(c.T);
      const act = c.model === 'linear' ? linear : logistic;
      const fw = forwardPass(X, W, act, f64);
      for (const [k, z] of flat(c.Z).entries()) assert.equal(fw.Z.data[k], z);
      for (const [k, y] of flat(c.Y).entries()) assertClose(fw.Y.data[k], y, 1e-12, `Y[${k}]`, 0);
      const l = losses(fw.Y, T, f64);
      assertClose(l.sumHalf, c.loss_sum_half, 1e-12, 'loss_sum_half', 0);
      assertClose(l.mean, c.loss_mean, 1e-12, 'loss_mean', 0);
      const g = gradientW(X, outputDelta(fw, T, act, f64), f64);
      const scale = Math.max(...flat(c.grad_W_autograd).map(Math.abs));
      for (const [k, v] of flat(c.grad_W_autograd).entries()) assertClose(g.data[k], v, 1e-12, `∂l/∂W[${k}]`, scale * 1e-3);
      assert.equal(fullLoss(X, W, T, act, f64), l.sumHalf, 'the full-pass loss is the same sum');
    });
  }
});

describe('model by hand', () => {
  it('1×1×1 linear: x=2, w=1, t=3 gives l = ½, ∂l/∂w = x(y−t) = −2', () => {
    const X = fromRows([[2]]),
      W = fromRows([[1]]),
      T = fromRows([[3]]);
    const fw = forwardPass(X, W, linear, f64);
    assert.deepEqual(losses(fw.Y, T, f64), { sumHalf: 0.5, mean: 1 });
    assert.equal(gradientW(X, outputDelta(fw, T, linear, f64), f64).data[0], -2);
  });

  it('1×1×1 sigmoid: ∂l/∂w = x·σ(z)(1−σ(z))(σ(z)−t)', () => {
    const X = fromRows([[2]]),
      W = fromRows([[1.5]]),
      T = fromRows([[1]]);
    const s = 1 / (1 + Math.exp(-3));
    const fw = forwardPass(X, W, logistic, f64);
    assert.equal(fw.Y.data[0], s);
    assertClose(losses(fw.Y, T, f64).sumHalf, 0.5 * (s - 1) ** 2, 1e-15, 'loss', 0);
    assertClose(gradientW(X, outputDelta(fw, T, logistic, f64), f64).data[0], 2 * s * (1 - s) * (s - 1), 1e-15, 'grad', 0);
  });

  it('2×2×1 linear: ∂l/∂W = Xᵀ(XW − T) worked out on paper', () => {
    // Z = [1·1+2·(−1), 3·1+4·(−1)] = [−1, −1]; Y−T = [−1−0, −1−1] = [−1, −2]
    // Xᵀ(Y−T) = [1·(−1)+3·(−2), 2·(−1)+4·(−2)] = [−7, −10]; l = ½(1+4) = 2.5
    const X = fromRows([
        [1, 2],
        [3, 4],
      ]),
      W = fromRows([[1], [-1]]),
      T = fromRows([[0], [1]]);
    const fw = forwardPass(X, W, linear, f64);
    assert.equal(losses(fw.Y, T, f64).sumHalf, 2.5);
    assert.deepEqual(Array.from(gradientW(X, outputDelta(fw, T, linear, f64), f64).data), [-7, -10]);
  });
});

describe('sigmoid', () => {
  it('is finite and in [0, 1] for huge |z|, with σ(−z) = 1 − σ(z)', () => {
    for (const z of [-1e308, -1000, -745, -40, -1, 0, 1, 40, 745, 1000, 1e308]) {
      const y = sigmoid(z);
      assert.ok(Number.isFinite(y) && y >= 0 && y <= 1, `σ(${z}) = ${y}`);
      if (Math.abs(z) <= 40) assertClose(sigmoid(-z), 1 - y, 1e-15, `σ(${-z})`);
    }
    assert.equal(sigmoid(0), 0.5);
    assert.equal(sigmoid(1000), 1);
    assert.equal(sigmoid(-1000), 0);
    assertClose(sigmoid(-40), Math.exp(-40) / (1 + Math.exp(-40)), 1e-15, 'σ(−40) keeps its relative precision', 0);
  });
});

describe('matmul in float64', () => {
  it('sums every C[i,j] over k in index order, bit for bit (any width, zeros, signs, magnitudes); productEntry too', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const draw = (rows: number, cols: number) =>
      createMatrix(
        rows,
        cols,
        Float64Array.from({ length: rows * cols }, () => (next() < 0.3 ? 0 : (next() - 0.5) * 10 ** (6 * next() - 3))),
      );
    for (const [n, K, m] of [
      [9, 7, 13],
      [5, 1, 4],
      [1, 6, 1],
      [3, 4, 3],
    ]) {
      const [A, B] = [draw(n, K), draw(K, m)];
      const product = matmul(A, B, f64);
      const product32 = matmul(A, B, Math.fround);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < m; j++) {
          let sum = 0;
          for (let k = 0; k < K; k++) sum += A.data[i * K + k] * B.data[k * m + j];
          assert.ok(Object.is(product.data[i * m + j], sum), `${n}×${K}×${m} [${i},${j}]`);
          // One entry alone, as a sample asks for it: the product's number, in float64 and in float32.
          const [a, b] = [(k: number) => A.data[i * K + k], (k: number) => B.data[k * m + j]];
          assert.ok(Object.is(productEntry(K, a, b, f64), product.data[i * m + j]));
          assert.ok(Object.is(productEntry(K, a, b, Math.fround), product32.data[i * m + j]));
        }
    }
  });
});

describe('a sample computes only its entries of the gradients, and the same numbers', () => {
  const base = { n: 30, d: 6, C: 6, init: 'scaled' as const, seed: 'sampled', wrt: ['W', 'X'] as ('W' | 'X')[] };
  const cases: (Parameters<typeof checkModel>[0] & typeof base)[] = [
    { ...base },
    { ...base, dtype: 'float32' as const, recheck: false },
    { ...base, bug: 'transpose' as const },
    { ...base, bug: 'no-activation-derivative' as const },
    { ...base, bug: 'half' as const, model: 'tanh' as const },
    { ...base, model: 'linear' as const },
  ];
  for (const options of cases) {
    it(`${options.dtype ?? 'float64'} ${options.model ?? 'sigmoid'} ${options.bug ?? 'no bug'}: every sampled entry is the full check's`, () => {
      const full = checkModel({ ...options, jobs: 1 }).report.entries;
      const sampled = checkModel({ ...options, sample: 25, jobs: 1 }).report.entries;
      assert.equal(sampled.length, 25);
      const key = (e: { param: string; index: number[] }) => `${e.param}[${e.index}]`;
      const byKey = new Map(full.map((e) => [key(e), e]));
      for (const e of sampled) assert.deepEqual(e, byKey.get(key(e)), key(e));
    });
  }
});
