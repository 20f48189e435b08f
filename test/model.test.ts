import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { oneLayerParameters } from '../src/checks/model/one-layer.js';
import type { ModelCheckOptions } from '../src/checks/model/options.js';
import { asksEverySum, checksEveryEntry } from '../src/checks/model/sums.js';
import { checkModel } from '../src/library/checks.js';
import { ACTIVATIONS, linear, logistic, sigmoid, softplusActivation, tanh } from '../src/model/activations.js';
import { createMatrix, fromRows, type Matrix, transpose } from '../src/model/matrix.js';
import { forwardPass, gradientW, losses, matmul, outputDelta, productEntry } from '../src/model/network.js';
import { fullLoss } from '../src/model/objective.js';
import { absOutputDelta, complexRounding, derivatives, rowRounding } from '../src/model/rounding.js';
import { stripSum, stripTerms, stripTermsOfRange } from '../src/model/strip-sums.js';
import { lossDerivatives, stripsForward, stripsW, stripsX } from '../src/model/strips.js';
import { roundingFor } from '../src/numeric/dtype.js';
import { allIndices } from '../src/numeric/gradient.js';
import { roundoffScale } from '../src/numeric/roundoff.js';
import { central, SCHEMES } from '../src/numeric/schemes.js';
import { balancedStep } from '../src/numeric/steps.js';
import { measureAndJudge } from '../src/pipeline/check.js';
import { measureEntries, numericColumns } from '../src/pipeline/measure.js';
import { autoStepOf } from '../src/pipeline/plan.js';
import type { CheckSettings } from '../src/pipeline/summary.js';
import { problemFor } from '../src/problem/generate.js';
import { createStream } from '../src/problem/random.js';
import { assertClose, CORPUS_BASE, flat, reference } from './helpers.js';
import { preciseLoss, toNumber } from './precise.js';

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
      for (const [k, v] of flat(c.grad_W_autograd).entries())
        assertClose(g.data[k], v, 1e-12, `∂l/∂W[${k}]`, scale * 1e-3);
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
    assertClose(
      gradientW(X, outputDelta(fw, T, logistic, f64), f64).data[0],
      2 * s * (1 - s) * (s - 1),
      1e-15,
      'grad',
      0,
    );
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

/**
 * rows×cols matrices from a seeded congruential stream: 30% zeros, the rest of either sign over six decades, so that a
 * sum taken in another order or from another start shows in its last bits.
 */
function seededMatrices(seed: number): (rows: number, cols: number) => Matrix {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  return (rows, cols) =>
    createMatrix(
      rows,
      cols,
      Float64Array.from({ length: rows * cols }, () => (next() < 0.3 ? 0 : (next() - 0.5) * 10 ** (6 * next() - 3))),
    );
}

describe('matmul in float64', () => {
  it('sums every C[i,j] over k in index order, bit for bit (any width and height, zeros, signs, magnitudes); productEntry too', () => {
    const draw = seededMatrices(7);
    for (const [n, K, m] of [
      [9, 7, 13],
      [5, 1, 4],
      [1, 6, 1],
      [3, 4, 3],
      // Pairs of rows and groups of four columns, with and without rows and columns left over.
      [8, 5, 8],
      [2, 3, 4],
      [10, 11, 6],
      [4, 9, 2],
      [7, 17, 9],
      [6, 0, 5],
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

describe('the loss’s own derivatives along an entry: what the balanced step is struck with, without a pilot', () => {
  // X with a 0 (a row that does not move), dyadic W as --init scaled draws it, targets on both sides.
  const X = [
    [1, -2, 0],
    [3, 0, 1],
    [-1, 1, 2],
    [2, 1, -1],
  ];
  const W = [
    [0.5, -0.25],
    [0.75, 1.5],
    [-0.125, 0.375],
  ];
  const T = [
    [1, 0],
    [0, 1],
    [1, 1],
    [0, 0],
  ];
  const optionsFor = (
    model: 'sigmoid' | 'tanh' | 'linear' | 'softplus',
    more: Partial<ModelCheckOptions> = {},
  ): ModelCheckOptions => ({
    ...CORPUS_BASE,
    n: 4,
    d: 3,
    C: 2,
    init: 'scaled',
    seed: '1',
    model,
    wrt: ['W', 'X'],
    ...more,
  });
  const parametersOf = (
    model: 'sigmoid' | 'tanh' | 'linear' | 'softplus',
    more: Partial<ModelCheckOptions> = {},
    everyEntry = true,
  ) => {
    const problem = { X: fromRows(X), W: fromRows(W), T: fromRows(T) };
    const act = { sigmoid: logistic, tanh, linear, softplus: softplusActivation }[model];
    return oneLayerParameters(
      optionsFor(model, more),
      problem,
      forwardPass(problem.X, problem.W, act, f64).Z,
      everyEntry,
    );
  };
  // l(θ + s·eₖ) in 60 digits, θ = W or X, as a function of s.
  const lossAlong = (model: 'sigmoid' | 'tanh', name: string, k: number) => (s: number) => {
    const move = (m: number[][]) => m.map((row, i) => row.map((v, j) => (i * row.length + j === k ? v + s : v)));
    return name === 'W' ? preciseLoss(model, X, move(W), T) : preciseLoss(model, move(X), W, T);
  };

  it('fast mode asks for an entry’s two roundings alone, the same numbers as the default check’s four sums in one pass', () => {
    assert.equal(asksEverySum(optionsFor('sigmoid'), false), true);
    for (const more of [{ fast: true }, { eps: 1e-4 }, { tolerance: 'allclose' as const }])
      assert.equal(asksEverySum(optionsFor('sigmoid', more), false), false);
    assert.equal(asksEverySum(optionsFor('sigmoid'), true), false, 'kinks keep the pilot');
    for (const model of ['sigmoid', 'tanh'] as const) {
      const [together, apart] = [parametersOf(model), parametersOf(model, { fast: true })];
      together.forEach((p, q) => {
        for (let k = 0; k < p.values.length; k++) {
          for (const sum of ['lossRounding', 'analyticRounding'] as const) {
            const [a, b] = [p.known[sum]?.(k), apart[q].known[sum]?.(k)];
            assert.ok(
              a !== undefined && a > 0 && Object.is(a, b),
              `${model} ${p.name}[${k}] ${sum}: ${b} against ${a}`,
            );
          }
        }
      });
    }
  });

  for (const model of ['sigmoid', 'tanh'] as const) {
    it(`${model}: f′ and f‴ of every entry of W and X against 60-digit differences of the loss`, () => {
      const h = 2 ** -20;
      for (const p of parametersOf(model)) {
        assert.ok(p.known.derivativesAlong, `${p.name} knows its derivatives`);
        for (let k = 0; k < p.values.length; k++) {
          const l = lossAlong(model, p.name, k);
          const [l2, l1, m1, m2] = [l(2 * h), l(h), l(-h), l(-2 * h)];
          // Central differences in exact arithmetic: off by f‴h²/6 and f⁽⁵⁾h²/4, about 1e-12 here.
          const first = toNumber(l1 - m1) / (2 * h);
          const third = toNumber(l2 - 2n * l1 + 2n * m1 - m2) / (2 * h ** 3);
          const known = p.known.derivativesAlong(k);
          assertClose(known.first, first, 1e-9, `${model} ${p.name}[${k}] f′`, 1e-9);
          assertClose(known.third, third, 1e-8, `${model} ${p.name}[${k}] f‴`, 1e-9);
        }
      }
    });
  }

  it('linear: the loss is quadratic along every entry, f‴ exactly 0; softplus: σ″ and σ‴ are the logistic’s σ′ and σ″', () => {
    for (const p of parametersOf('linear'))
      for (let k = 0; k < p.values.length; k++) assert.equal(p.known.derivativesAlong?.(k).third, 0);
    for (const z of [-30, -2.5, -0.1, 0, 0.7, 4, 40]) {
      assert.equal(
        softplusActivation.curvature.second(z, softplusActivation.exact.derivative(z)),
        logistic.exact.derivative(z),
      );
      assert.equal(
        softplusActivation.curvature.third(z, softplusActivation.exact.derivative(z)),
        logistic.curvature.second(z, logistic.exact.derivative(z)),
      );
    }
  });

  it('σ″ and σ‴ of every smooth activation against differences of its σ′ (five-point, float64)', () => {
    const h = 2 ** -12;
    const five = (f: (z: number) => number, z: number) =>
      (f(z - 2 * h) - 8 * f(z - h) + 8 * f(z + h) - f(z + 2 * h)) / (12 * h);
    for (const act of [logistic, tanh, softplusActivation, linear]) {
      for (const z of [-8, -2.5, -0.3, 0, 0.6, 1.7, 6]) {
        const second = (x: number) => act.curvature.second(x, act.exact.derivative(x));
        assertClose(second(z), five(act.exact.derivative, z), 1e-8, `${act.name}″(${z})`, 1e-2);
        assertClose(act.curvature.third(z, act.exact.derivative(z)), five(second, z), 1e-8, `${act.name}‴(${z})`, 1e-2);
      }
    }
  });

  it('the four sums in one pass (the default), a page at once (every entry checked) and each on its own (the allclose rule) are the same numbers, asked in any order', () => {
    for (const model of ['sigmoid', 'tanh', 'softplus'] as const) {
      const apart = parametersOf(model, { tolerance: 'allclose' });
      for (const everyEntry of [false, true]) {
        for (const [q, p] of parametersOf(model, {}, everyEntry).entries()) {
          for (let k = p.values.length - 1; k >= 0; k--) {
            const s = apart[q];
            assert.deepEqual(s.known.derivativesAlong?.(k), p.known.derivativesAlong?.(k), `${model} ${p.name}[${k}]`);
            assert.ok(
              Object.is(s.known.lossRounding?.(k), p.known.lossRounding?.(k)) &&
                Object.is(s.known.analyticRounding?.(k), p.known.analyticRounding?.(k)),
              `${p.name}[${k}]`,
            );
          }
        }
      }
    }
  });

  it('sums made a page at once only where every entry is checked: not for a sample, a recheck of some, or fast mode', () => {
    const opts: ModelCheckOptions = {
      ...CORPUS_BASE,
      n: 3,
      d: 80,
      C: 64,
      init: 'scaled',
      seed: '2',
      model: 'sigmoid',
      wrt: ['W'],
    };
    const problem = problemFor(opts, createStream(opts.rng, opts.seed));
    const Z = forwardPass(problem.X, problem.W, logistic, f64).Z;
    const madeTogether = (o: ModelCheckOptions, only?: ReadonlyMap<string, Uint32Array>) =>
      oneLayerParameters(o, problem, Z, checksEveryEntry(o, only))[0].executor?.madeTogether;
    assert.equal(madeTogether(opts), 4096);
    assert.equal(madeTogether({ ...opts, sample: 10 }), undefined);
    assert.equal(madeTogether(opts, new Map([['W', Uint32Array.of(3, 5000)]])), undefined);
    assert.equal(madeTogether({ ...opts, fast: true }), undefined);
    assert.equal(madeTogether({ ...opts, tolerance: 'allclose' }), undefined, 'sums apart: nothing made together');
  });

  it('sums remembered in pages of 4096 entries: the same numbers across pages, and again once forgotten', () => {
    const opts: ModelCheckOptions = {
      ...CORPUS_BASE,
      n: 3,
      d: 80,
      C: 64,
      init: 'scaled',
      seed: '2',
      model: 'sigmoid',
      wrt: ['W'],
    };
    const problem = problemFor(opts, createStream(opts.rng, opts.seed));
    const Z = forwardPass(problem.X, problem.W, logistic, f64).Z;
    const [apart] = oneLayerParameters({ ...opts, tolerance: 'allclose' }, problem, Z, true);
    const sums = (p: typeof apart, k: number) => [
      p.known.lossRounding?.(k),
      p.known.analyticRounding?.(k),
      p.known.derivativesAlong?.(k),
    ];
    const size = apart.values.length;
    assert.equal(size, 5120);
    const descending = Array.from({ length: size }, (_, i) => sums(apart, size - 1 - i)).reverse();
    for (const everyEntry of [false, true]) {
      const [together] = oneLayerParameters(opts, problem, Z, everyEntry);
      const ascending: ReturnType<typeof sums>[] = Array.from({ length: size }, (_, k) => sums(together, k));
      assert.deepEqual(ascending, descending, 'each entry its own numbers, whatever the order and the page');
      together.executor?.forget?.();
      for (const k of [5119, 4096, 4095, 0, 2048])
        assert.deepEqual(sums(together, k), ascending[k], `W[${k}] again once forgotten`);
    }
  });

  it('stripSum: each weight sums the strip in its order, bit for bit as a plain loop, and stripTerms four at once (W’s strips and X’s)', () => {
    const [n, d, C] = [7, 5, 6];
    const draw = seededMatrices(11);
    const [Xm, Wm, Tm] = [draw(n, d), draw(d, C), draw(n, C)];
    const Z = matmul(Xm, Wm, f64);
    const weights = {
      moved: (c: number) => (c !== 0 ? 1 : 0),
      size: Math.abs,
      value: (c: number) => c,
      cube: (c: number) => c * c * c,
    };
    for (const [strips, entries] of [
      [stripsW(Xm, Wm, Tm, Z), d * C],
      [stripsX(Xm, Wm, Tm, Z), n * d],
    ] as const) {
      const v = strips.layout(draw(n, C).data);
      for (const [name, weight] of Object.entries(weights)) {
        for (let k = 0; k < entries; k++) {
          let expected = 0;
          for (let m = 0; m < strips.length; m++)
            expected += weight(strips.coef[strips.coefStart(k) + m]) * v[strips.zStart(k) + m];
          const sum = stripSum(strips, k, v, name as keyof typeof weights);
          assert.ok(Object.is(sum, expected), `${name} entry ${k}: ${sum} against ${expected}`);
        }
      }
      // stripTerms: the four sums the default check asks for, in one pass: the same four numbers.
      const rows = {
        rounding: v,
        absDelta: strips.layout(draw(n, C).data),
        first: strips.layout(draw(n, C).data),
        third: v.map((x) => -x),
      };
      for (const bySize of [false, true]) {
        const out = new Float64Array(4);
        for (let k = 0; k < entries; k++) {
          stripTerms(strips, k, rows, bySize, out, 0);
          const apart = [
            stripSum(strips, k, rows.rounding, bySize ? 'size' : 'moved'),
            stripSum(strips, k, rows.absDelta, 'size'),
            stripSum(strips, k, rows.first, 'value'),
            stripSum(strips, k, rows.third, 'cube'),
          ];
          for (const [q, a] of apart.entries())
            assert.ok(Object.is(out[q], a), `stripTerms entry ${k}, sum ${q}: ${out[q]} against ${a}`);
        }
      }
    }
  });

  it('stripTermsOfRange: the four sums of a range of entries, two whole lines of W at a time, bit for bit as stripTerms one by one', () => {
    const draw = seededMatrices(5);
    // Lines of 6 (a tile of four and two left), 3 (no tile), 8 (two tiles); an odd number of lines; strips of 4500 rows
    // (three runs of rows: 2048, 2048, 404); X's strips one by one.
    for (const [n, d, C] of [
      [7, 5, 6],
      [4, 6, 3],
      [5, 4, 8],
      [4500, 3, 5],
    ]) {
      const [Xm, Wm, Tm] = [draw(n, d), draw(d, C), draw(n, C)];
      const Z = matmul(Xm, Wm, f64);
      for (const [strips, entries] of [
        [stripsW(Xm, Wm, Tm, Z), d * C],
        [stripsX(Xm, Wm, Tm, Z), n * d],
      ] as const) {
        const row = () => strips.layout(draw(n, C).data);
        const rows = { rounding: row(), absDelta: row(), first: row(), third: row() };
        rows.first[1] = Number.POSITIVE_INFINITY;
        rows.third[2] = Number.NaN;
        for (const bySize of [false, true]) {
          const one = new Float64Array(4 * entries);
          for (let k = 0; k < entries; k++) stripTerms(strips, k, rows, bySize, one, 4 * k);
          // Whole lines, a range starting and ending inside lines, one shorter than two lines, one entry, none.
          for (const [k0, k1] of [
            [0, entries],
            [1, entries - 1],
            [C, 3 * C],
            [C + 1, 4 * C - 1],
            [0, 2 * C - 1],
            [2, 3],
            [4, 4],
          ].map(([a, b]) => [a, Math.min(b, entries)])) {
            const out = new Float64Array(4 * (k1 - k0)).fill(7);
            stripTermsOfRange(strips, rows, bySize, k0, k1, out);
            for (let i = 0; i < out.length; i++) {
              assert.ok(
                Object.is(out[i], one[4 * k0 + i]),
                `${n}×${d}×${C} [${k0}, ${k1}) entry ${k0 + (i >> 2)} sum ${i & 3}: ${out[i]} against ${one[4 * k0 + i]}`,
              );
            }
          }
        }
      }
    }
  });

  it('stripsForward: each row term made from Z, Y and T laid out as strips is, number for number, the term made row-major and laid out', () => {
    const [n, d, C] = [9, 4, 7];
    const draw = (rows: number, cols: number, salt: number) =>
      createMatrix(
        rows,
        cols,
        Float64Array.from({ length: rows * cols }, (_, k) => Math.sin(k * 12.9898 + salt) * 6),
      );
    const [Xm, Wm, Tm] = [draw(n, d, 1), draw(d, C, 2), draw(n, C, 3)];
    for (const act of [logistic, tanh, softplusActivation, linear]) {
      const fw = forwardPass(Xm, Wm, act, f64);
      for (const strips of [
        stripsW(Xm, Wm, Tm, fw.Z),
        stripsW(Xm, Wm, Tm, fw.Z, transpose(Xm)),
        stripsX(Xm, Wm, Tm, fw.Z),
      ]) {
        const laid = stripsForward(strips, fw);
        const pairs: [string, Float64Array, Float64Array][] = [
          [
            'noise',
            rowRounding(laid.fw, laid.T, act, 2 ** -52, true),
            strips.layout(rowRounding(fw, Tm, act, 2 ** -52, true)),
          ],
          ['complex noise', complexRounding(laid.fw, laid.T, act), strips.layout(complexRounding(fw, Tm, act))],
          [
            '|delta|',
            absOutputDelta(laid.fw, laid.T, act, 2 ** -52),
            strips.layout(absOutputDelta(fw, Tm, act, 2 ** -52)),
          ],
          ['derivative', derivatives(laid.fw, act), strips.layout(derivatives(fw, act))],
          ['first', lossDerivatives(laid.fw.Z, laid.T, act).first, strips.layout(lossDerivatives(fw.Z, Tm, act).first)],
          ['third', lossDerivatives(laid.fw.Z, laid.T, act).third, strips.layout(lossDerivatives(fw.Z, Tm, act).third)],
        ];
        for (const [what, made, expected] of pairs) {
          assert.equal(made.length, n * C, what);
          for (let i = 0; i < made.length; i++)
            assert.ok(Object.is(made[i], expected[i]), `${act.name} ${what} ${i}: ${made[i]} against ${expected[i]}`);
        }
      }
    }
  });

  it('a default check takes two differences an entry (its step and half of it), at the steps the pilot finds', () => {
    for (const model of ['sigmoid', 'tanh', 'softplus'] as const) {
      const opts = { ...optionsFor(model), n: 120, d: 16, C: 6, seed: 'steps' };
      const problem = problemFor(opts);
      const act = { sigmoid: logistic, tanh, softplus: softplusActivation }[model];
      for (const p of oneLayerParameters(opts, problem, forwardPass(problem.X, problem.W, act, f64).Z, true)) {
        let differences = 0;
        const counted = {
          ...p.probe,
          difference: (k: number, a: number, b: number) => {
            differences++;
            return p.probe.difference(k, a, b);
          },
        };
        const scale = (k: number) => (numeric: number) =>
          roundoffScale(central, 2 ** -52, 0, p.known.lossRounding?.(k) ?? 0, Math.abs(p.values[k]), numeric);
        let same = 0;
        for (let k = 0; k < p.values.length; k++) {
          const known = balancedStep(
            counted,
            k,
            p.values[k],
            central,
            2 ** -52,
            scale(k),
            false,
            () => p.known.derivativesAlong?.(k) ?? assert.fail('no derivatives'),
          );
          const piloted = balancedStep(p.probe, k, p.values[k], central, 2 ** -52, scale(k), false);
          if (known === piloted) same++;
          else
            assert.ok(
              known === 2 * piloted || piloted === 2 * known,
              `${model} ${p.name}[${k}]: ${known} against the pilot's ${piloted}`,
            );
        }
        assert.ok(differences <= 0.1 * p.values.length, `${model} ${p.name}: ${differences} pilot differences`);
        assert.ok(
          same >= 0.99 * p.values.length,
          `${model} ${p.name}: ${same} of ${p.values.length} steps as the pilot's`,
        );
        // The numeric columns of a default check: the step's difference and the estimate's half step, nothing more.
        differences = 0;
        const settings = {
          scheme: central,
          eps: 'auto' as const,
          dtype: 'float64' as const,
          lossMagnitude: 0,
          estimate: true,
        };
        numericColumns({ ...p, probe: counted }, allIndices(p.values.length), settings);
        assert.ok(differences <= 2.1 * p.values.length, `${model} ${p.name}: ${differences} differences`);
      }
    }
  });
});

describe('measureAndJudge: an entry measured again from its row', () => {
  const cases: { name: string; o: Partial<ModelCheckOptions> }[] = [
    { name: 'sigmoid, the estimate rule', o: { model: 'sigmoid' } },
    { name: 'relu at kinks', o: { model: 'relu', seed: '3' } },
    {
      name: 'tanh at a fixed step (evidence at the automatic step)',
      o: { model: 'tanh', eps: 1e-3, tolerance: 'allclose' },
    },
  ];
  for (const { name, o } of cases) {
    it(`${name}: the same measurement and evidence as when it was first measured`, () => {
      const opts: ModelCheckOptions = {
        ...CORPUS_BASE,
        n: 6,
        d: 5,
        C: 4,
        init: 'notebook',
        seed: '1',
        model: 'sigmoid',
        wrt: ['W', 'X'],
        ...o,
      };
      const problem = problemFor(opts, createStream(opts.rng, opts.seed));
      const params = oneLayerParameters(
        opts,
        problem,
        forwardPass(problem.X, problem.W, ACTIVATIONS[opts.model], f64).Z,
        true,
      );
      const settings: CheckSettings = {
        ...opts,
        wholePasses: false,
        loss: 1,
        lossTerms: 24,
        localAvailable: true,
        complexAvailable: true,
        derivative: true,
        drawn: true,
      };
      const { table, retake } = measureAndJudge(
        { loss: () => Number.NaN },
        params,
        settings,
        createStream(opts.rng, opts.seed),
      );
      const m = {
        scheme: SCHEMES[opts.scheme],
        eps: opts.eps,
        dtype: opts.dtype,
        lossMagnitude: 0,
        estimate: opts.tolerance === 'estimate',
      };
      let i = 0;
      let kinks = 0;
      for (const p of params) {
        measureEntries(p, allIndices(p.values.length), m, (_, first) => {
          const row = i++;
          const kept = table.measurement(row);
          const { measurement } = first;
          assert.deepEqual(
            [kept.analytic, kept.step, kept.roundoff, kept.subgradients],
            [measurement.analytic, measurement.step, measurement.roundoff, measurement.subgradients],
          );
          if (!measurement.subgradients) assert.equal(kept.numeric, measurement.numeric);
          // Asked again from the row: the half step measured the first time, under the estimate rule.
          if (m.estimate && !first.atKnownKink) assert.equal(retake.halfStep?.(row), first.atHalf);
          assert.equal(retake.halfStep?.(row), m.scheme.estimate(p.probe, first.k, measurement.step / 2));
          assert.equal(retake.autoStep !== undefined, opts.eps !== 'auto');
          if (retake.autoStep)
            assert.equal(retake.autoStep(row), m.scheme.estimate(p.probe, first.k, autoStepOf(p, first.k, m)));
          assert.equal(retake.saturated(row), p.known.saturated?.(first.k));
          assert.equal(retake.moves(row), p.known.moves?.(first.k));
          assert.equal(retake.withoutDerivative(row), measurement.withoutDerivative);
          if (measurement.subgradients) kinks++;
        });
      }
      assert.equal(i, table.length);
      if (opts.model === 'relu') assert.ok(kinks > 0, 'the case has kinks');
    });
  }
});
