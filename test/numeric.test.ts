import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { linear, logistic, tanh } from '../src/model/activations.js';
import { fromRows } from '../src/model/matrix.js';
import { forwardPass, gradientW, losses, outputDelta } from '../src/model/network.js';
import { fullLoss, modelObjective } from '../src/model/objective.js';
import { sharedStripDifference } from '../src/model/shared-exponentials.js';
import { stripProbe } from '../src/model/strip-probe.js';
import { stripsW } from '../src/model/strips.js';
import { roundingFor } from '../src/numeric/dtype.js';
import { allIndices, numericGradient } from '../src/numeric/gradient.js';
import { fullProbe } from '../src/numeric/probe.js';
import { central, complexStep, fivePoint, forwardDifference, richardson, type Scheme } from '../src/numeric/schemes.js';
import { balancedStep, powerOfTwo, predictedStep, textbookStep } from '../src/numeric/steps.js';
import { problemFor } from '../src/problem/generate.js';
import { probesW, reference } from './helpers.js';
import { preciseLoss, toNumber } from './precise.js';

const f64 = roundingFor('float64');

/** The gap from |x| to the next double up. */
function ulp(x: number): number {
  return 2 ** (Math.floor(Math.log2(Math.abs(x))) - 52);
}

function setup(c: (typeof reference.cases)[number]) {
  const X = fromRows(c.X),
    W = fromRows(c.W),
    T = fromRows(c.T);
  const act = c.model === 'linear' ? linear : logistic;
  const fw = forwardPass(X, W, act, f64);
  return { X, W, T, act, fw };
}

describe("central differences against PyTorch's notebook loop (float64, eps 1e-4)", () => {
  for (const c of reference.cases.filter((k) => k.dtype === 'float64')) {
    // One ulp of a loss moves the quotient by ulp(l)/2ε: 1.5e-7 for the 207118.5 loss. Summing
    // in another order than torch's vector lanes may cost that ulp, so the bound is the larger.
    const bound = Math.max(1e-7, (2 * ulp(c.loss_sum_half)) / (2 * c.eps));
    it(`seed ${c.seed} ${c.n}×${c.d}×${c.C} ${c.model}: full and local passes within max(1e-7, 2 ulp(l)/2ε)`, () => {
      const { X, W, T, act } = setup(c);
      const full = numericGradient(allIndices(W.data.length), probesW(X, W, T, act, f64).full, central, () => c.eps);
      const local = numericGradient(allIndices(W.data.length), probesW(X, W, T, act, f64).local, central, () => c.eps);
      c.grad_W_numeric.forEach((v, k) => {
        assert.ok(Math.abs(full.values[k] - v) <= bound, `full W[${k}]: ${full.values[k]} vs torch ${v}`);
        assert.ok(Math.abs(local.values[k] - v) <= bound, `local W[${k}]: ${local.values[k]} vs torch ${v}`);
      });
      assert.deepEqual(Array.from(W.data), c.W.flat(), 'W is restored after perturbing');
    });
  }
});

describe('identities', () => {
  it('linear model: central differences of a quadratic are exact when w ± h is exact (h = 2⁻¹⁰)', () => {
    for (const c of reference.cases.filter((k) => k.dtype === 'float64' && k.model === 'linear')) {
      const { X, W, T, act, fw } = setup(c);
      const analytic = gradientW(X, outputDelta(fw, T, act, f64), f64);
      const local = numericGradient(
        allIndices(W.data.length),
        probesW(X, W, T, act, f64).local,
        central,
        () => 2 ** -10,
      );
      const full = numericGradient(allIndices(W.data.length), probesW(X, W, T, act, f64).full, central, () => 2 ** -10);
      assert.deepEqual(Array.from(local.values), Array.from(analytic.data));
      assert.deepEqual(Array.from(full.values), Array.from(analytic.data));
    }
  });

  it('local and full differences are the same loss differences (agree to roundoff)', () => {
    const c = reference.cases.find((k) => k.dtype === 'float64' && k.model === 'sigmoid' && k.n === 32)!;
    const { X, W, T, act, fw } = setup(c);
    const lossScale = losses(fw.Y, T, f64).sumHalf;
    const full = probesW(X, W, T, act, f64).full;
    const local = probesW(X, W, T, act, f64).local;
    for (let k = 0; k < W.data.length; k++) {
      // Each full loss carries about n·C·ε·l of rounding; the difference of two, twice that.
      assert.ok(
        Math.abs(full.difference(k, 1e-3, -1e-3) - local.difference(k, 1e-3, -1e-3)) <=
          2 * c.n * c.C * 2 ** -52 * lossScale,
      );
    }
  });

  it('the step is reported per entry', () => {
    const c = reference.cases[0];
    const { X, W, T, act } = setup(c);
    const g = numericGradient(allIndices(6), probesW(X, W, T, act, f64).local, central, (k) => (k + 1) * 1e-5);
    // Each entry's own step, as stepOf gave it, to the last bit.
    assert.deepEqual(
      Array.from(g.steps),
      [0, 1, 2, 3, 4, 5].map((k) => (k + 1) * 1e-5),
    );
  });
});

describe('the balanced step (--eps auto), worked out by hand', () => {
  const eps = 2 ** -52;
  /** The step for one entry w of a loss whose derivatives are known, with a roundoff R (roundoff × h) given. */
  const stepOf = (w: number, loss: (v: number) => number, scheme: Scheme, R: number, kinks = false) => {
    const values = Float64Array.of(w);
    const probe = fullProbe({ loss: () => loss(values[0]) }, { name: 'w', values }, f64);
    return balancedStep(probe, 0, w, scheme, eps, () => R, kinks);
  };

  // h = (R/16/(p·T))^(1/(p+1)) by hand: w³ at ½ has central truncation T = w‴/6 = 1, w² forward T = 1.
  const byHand: [string, number, (v: number) => number, typeof central, number, number][] = [
    [
      'central on w³: error h², so h = (R/16 / 2)^(1/3); R = 2⁻⁴⁰ gives 2⁻¹⁵',
      0.5,
      (v) => v ** 3,
      central,
      2 ** -40,
      2 ** -15,
    ],
    [
      'forward on w²: error h, so h = (R/16)^(1/2); R = 2⁻⁴⁴ gives 2⁻²⁴',
      0.5,
      (v) => v * v,
      forwardDifference,
      2 ** -44,
      2 ** -24,
    ],
    [
      'a larger roundoff takes a longer step: R × 8 doubles the central step',
      0.5,
      (v) => v ** 3,
      central,
      2 ** -37,
      2 ** -14,
    ],
  ];
  for (const [name, w, loss, scheme, R, expected] of byHand) {
    it(name, () => assert.equal(stepOf(w, loss, scheme, R), expected));
  }

  it('no curvature (central on w², exact): the longest pilot, max(1, |w|)/16; at a kink, never beyond the textbook step', () => {
    assert.equal(
      stepOf(3, (v) => v * v, central, 2 ** -40),
      2 ** -2,
    );
    assert.equal(
      stepOf(3, (v) => v * v, central, 2 ** -40, true),
      textbookStep(3, central, eps),
    );
  });

  // The same losses with their derivatives given (the built-in model gives them): no pilot, the same steps.
  const knownStepOf = (w: number, loss: (v: number) => number, R: number, known: { first: number; third: number }) => {
    const values = Float64Array.of(w);
    let differences = 0;
    const probe = fullProbe({ loss: () => loss(values[0]) }, { name: 'w', values }, f64);
    const counted = {
      ...probe,
      difference: (k: number, a: number, b: number) => {
        differences++;
        return probe.difference(k, a, b);
      },
    };
    return {
      step: balancedStep(
        counted,
        0,
        w,
        central,
        eps,
        () => R,
        false,
        () => known,
      ),
      differences,
    };
  };

  it("derivatives given: w³ at ½ (f′ = ¾, f‴ = 6) takes the pilot's step, 2⁻¹⁵ and 2⁻¹⁴, without a difference", () => {
    assert.deepEqual(
      knownStepOf(0.5, (v) => v ** 3, 2 ** -40, { first: 0.75, third: 6 }),
      { step: 2 ** -15, differences: 0 },
    );
    assert.deepEqual(
      knownStepOf(0.5, (v) => v ** 3, 2 ** -37, { first: 0.75, third: 6 }),
      { step: 2 ** -14, differences: 0 },
    );
  });

  it('derivatives given: f‴ = 0 takes the longest pilot as a pilot would; a step beyond the first pilot is left to the pilot', () => {
    assert.deepEqual(
      knownStepOf(3, (v) => v * v, 2 ** -40, { first: 6, third: 0 }),
      { step: 2 ** -2, differences: 0 },
    );
    // f‴ this small balances beyond 32× the textbook step: the pilot measures (and finds w² has no curvature).
    const small = knownStepOf(3, (v) => v * v, 2 ** -40, { first: 6, third: 1e-30 });
    assert.equal(small.step, 2 ** -2);
    assert.ok(small.differences >= 2);
    // Not finite (an overflowed row): the pilot too.
    for (const third of [Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.ok(knownStepOf(0.5, (v) => v ** 3, 2 ** -40, { first: 0.75, third }).differences >= 2, `${third}`);
      assert.ok(knownStepOf(0.5, (v) => v ** 3, 2 ** -40, { first: third, third: 6 }).differences >= 2, `f′ ${third}`);
    }
  });

  it('derivatives are asked for only where they set the step: central differences away from kinks', () => {
    let asked = 0;
    const known = () => {
      asked++;
      return { first: 0.75, third: 6 };
    };
    const values = Float64Array.of(0.5);
    const probe = fullProbe({ loss: () => values[0] ** 3 }, { name: 'w', values }, f64);
    balancedStep(probe, 0, 0.5, forwardDifference, eps, () => 2 ** -44, false, known);
    balancedStep(probe, 0, 0.5, central, eps, () => 2 ** -40, true, known);
    assert.equal(asked, 0, 'a forward difference, and central differences at a kink, keep the pilot');
    assert.equal(
      balancedStep(probe, 0, 0.5, central, eps, () => 2 ** -40, false, known),
      2 ** -15,
    );
    assert.equal(asked, 1);
  });

  it('five-point and richardson each get their own step: richardson at h is five-point at h/2', () => {
    // Richardson's truncation at h is five-point's at h/2 (1/16 of it) and it magnifies rounding 2× more: 2× the step.
    const five = stepOf(0.7, Math.exp, fivePoint, fivePoint.roundoffGain * 2 ** -50);
    const rich = stepOf(0.7, Math.exp, richardson, richardson.roundoffGain * 2 ** -50);
    assert.equal(rich, 2 * five);
    const values = Float64Array.of(0.7);
    const probe = fullProbe({ loss: () => Math.exp(values[0]) }, { name: 'w', values }, f64);
    assert.equal(richardson.estimate(probe, 0, 2 * five), fivePoint.estimate(probe, 0, five));
  });
});

describe('shared exponentials: the float64 sigmoid and tanh strip probes against 60-digit loss differences', () => {
  // l(W + a·eₖ) − l(W + b·eₖ) in 60 digits.
  const exactDifference = (
    model: 'sigmoid' | 'tanh',
    X: number[][],
    W: number[][],
    T: number[][],
    k: number,
    a: number,
    b: number,
  ) => {
    const moved = (s: number) => W.map((row, i) => row.map((w, j) => (i * row.length + j === k ? w + s : w)));
    return toNumber(preciseLoss(model, X, moved(a), T) - preciseLoss(model, X, moved(b), T));
  };
  const cases = [
    // W of a few bits (as --init scaled draws it): w ± h exact, one table per strip and step.
    {
      name: 'dyadic W',
      X: [
        [1, -2],
        [3, 0],
        [-1, 1],
      ],
      W: [
        [0.5, -0.25],
        [0.75, 1.5],
      ],
      steps: [2 ** -17, 2 ** -10, 2 ** -4],
    },
    // W with every bit: the step taken differs from the asked one in its last bits (first-order correction).
    {
      name: 'arbitrary W',
      X: [
        [0.3, -2.7],
        [1.9, 0.1],
        [-1.3, 2.2],
      ],
      W: [
        [0.1234567891, -0.987654321],
        [Math.E, -Math.PI],
      ],
      steps: [1e-5, 3e-3],
    },
    // Large w: w + h rounds far from w + h (a table of the step taken).
    {
      name: 'large w',
      X: [
        [1, 2],
        [-1, 0.5],
      ],
      W: [
        [1e6 + 0.1, 3],
        [-2, 1],
      ],
      steps: [1e-9, 1e-7],
    },
    // z far below 0 and far above; a step that carries z = −1000 to +1000 (e^−z overflows, e^−c·δ underflows: σ itself).
    {
      name: 'z beyond ±745',
      X: [
        [1000, 1],
        [-100, 2],
      ],
      W: [
        [-1, -9],
        [0.5, 0.25],
      ],
      steps: [2 ** -12, 2],
    },
  ];
  for (const [model, act] of [
    ['sigmoid', logistic],
    ['tanh', tanh],
  ] as const) {
    const perRow = { ...act }; // not the same object: the y-per-row path float32 and the other activations take
    for (const c of cases) {
      it(`${model}, ${c.name}: within a few ε of the rows of the exact difference, and no further from it than y per row`, () => {
        const T = c.X.map((_, r) => c.W[0].map((__, j) => ((r + j) % 3) - 1));
        const [X, W, Tm] = [fromRows(c.X), fromRows(c.W), fromRows(T)];
        const strips = stripsW(X, W, Tm, forwardPass(X, W, act, f64).Z);
        const shared = stripProbe(strips, W.data, act, f64);
        const direct = stripProbe(strips, W.data, perRow, f64);
        for (let k = 0; k < W.data.length; k++) {
          const w = W.data[k];
          for (const h of c.steps) {
            for (const [a, b] of [
              [h, -h],
              [h, 0],
              [2 * h, -2 * h],
            ]) {
              // The steps the probe evaluates: as asked where w + a is within 2^-27 of it, else as taken.
              const [sa, sb] = [a, b].map((s) => (Math.abs(w + s - w - s) <= Math.abs(s) * 2 ** -27 ? s : w + s - w));
              const exact = exactDifference(model, c.X, c.W, T, k, sa, sb);
              const got = shared.difference(k, a, b);
              // The loss's rows are at most ½(1 + |t|)² = 2: a few ε of each, and the direct path's own error.
              const allowed = 16 * 2 ** -52 * 2 * c.X.length + 2 * Math.abs(direct.difference(k, a, b) - exact);
              assert.ok(Math.abs(got - exact) <= allowed, `${c.name} k=${k} h=${h} (${a}, ${b}): ${got} vs ${exact}`);
            }
          }
        }
      });
    }
  }

  it('tables gathered from integer coefficients are those of an expm1 a row, bit for bit', () => {
    const { X, W, T } = problemFor({
      n: 40,
      d: 6,
      C: 5,
      domain: 10,
      seed: '9',
      rng: 'arc4',
      init: 'scaled',
      dtype: 'float64',
    });
    const strips = stripsW(X, W, T, forwardPass(X, W, logistic, f64).Z);
    // One coefficient no entry reads, not an integer: every table made by expm1.
    const unread = { ...strips, coef: Float64Array.of(...strips.coef, 0.5) };
    const gathered = sharedStripDifference(strips, W.data, 'sigmoid');
    const computed = sharedStripDifference(unread, W.data, 'sigmoid');
    for (let k = 0; k < W.data.length; k++)
      for (const h of [2 ** -17, 1e-3]) assert.equal(gathered(k, h, -h), computed(k, h, -h));
  });

  // A table budget of three strips: too small for a strip set's tables to stay.
  for (const c of [
    { name: 'strips too long for their tables: factors read through integer coefficients', act: 'tanh', divisor: 1 },
    { name: 'tables started again when full (coefficients not integers)', act: 'sigmoid', divisor: 3 },
  ] as const) {
    it(`${c.name} give the same differences, bit for bit`, () => {
      const drawn = problemFor({
        n: 40,
        d: 6,
        C: 5,
        domain: 10,
        seed: '9',
        rng: 'arc4',
        init: 'scaled',
        dtype: 'float64',
      });
      const { W, T } = drawn;
      const X = { ...drawn.X, data: drawn.X.data.map((x) => x / c.divisor) };
      const strips = stripsW(X, W, T, forwardPass(X, W, c.act === 'tanh' ? tanh : logistic, f64).Z);
      const roomy = sharedStripDifference(strips, W.data, c.act);
      const cramped = sharedStripDifference(strips, W.data, c.act, 3 * strips.length);
      for (let k = 0; k < W.data.length; k++)
        for (const h of [2 ** -16, 2 ** -8, 2 ** -3]) assert.equal(cramped(k, h, -h), roomy(k, h, -h));
    });
  }
});

describe('the model along a direction (fast mode in float64): Z + a·(XU + VW) + a²·VU, row by row', () => {
  const { X, W, T } = problemFor({
    n: 30,
    d: 7,
    C: 5,
    domain: 10,
    seed: 'along',
    rng: 'arc4',
    init: 'scaled',
    dtype: 'float64',
  });
  const draw = (size: number, seed: number) => Float64Array.from({ length: size }, (_, k) => Math.sin(seed * (k + 1)));
  const moved = (m: typeof X, v: Float64Array | undefined, a: number) => ({
    ...m,
    data: v ? m.data.map((x, k) => x + a * v[k]) : m.data,
  });
  for (const [name, u] of [
    ['W', { W: draw(7 * 5, 1.3) }],
    ['X', { X: draw(30 * 7, 2.1) }],
    ['W and X (the a² term)', { W: draw(7 * 5, 0.7), X: draw(30 * 7, 1.9) }],
  ] as const) {
    it(`${name}: the difference of two whole passes at W + a·U, X + a·V, to a few ε of the loss`, () => {
      for (const act of [logistic, tanh]) {
        const along = modelObjective(X, W, T, act, f64).along?.(u);
        assert.ok(along);
        for (const [a, b] of [
          [1e-3, -1e-3],
          [0.25, 0],
          [0.5, -0.125],
        ]) {
          const whole = (s: number) =>
            fullLoss(moved(X, 'X' in u ? u.X : undefined, s), moved(W, 'W' in u ? u.W : undefined, s), T, act, f64);
          const expected = whole(a) - whole(b);
          assert.ok(
            Math.abs(along(a, b) - expected) <= 1e-13 * whole(0),
            `${act.name} (${a}, ${b}): ${along(a, b)} vs ${expected}`,
          );
        }
      }
    });
  }
});

describe('predictedStep and autoStep: ε^(1/(p+1)), taken once a scheme and dtype', () => {
  it('the same numbers whatever was asked before: schemes and dtypes in turn, weights below and above 1', () => {
    const cases = [
      [central, 2 ** -52],
      [central, 2 ** -23],
      [fivePoint, 2 ** -23],
      [fivePoint, 2 ** -52],
      [forwardDifference, 2 ** -52],
      [central, 2 ** -52],
    ] as const;
    for (const [scheme, eps] of cases) {
      const step = eps ** (1 / (scheme.order + 1));
      assert.equal(predictedStep(scheme, eps), step, `${scheme.name} ${eps}`);
      for (const w of [0, -0.5, 1, -1, 1.5, -3, 1e6]) {
        assert.equal(
          textbookStep(w, scheme, eps),
          2 ** Math.round(Math.log2(step * Math.max(1, Math.abs(w)))),
          `${scheme.name} ${eps} w=${w}`,
        );
      }
    }
    assert.equal(predictedStep(complexStep, 2 ** -52), 1e-20);
    assert.equal(textbookStep(5, complexStep, 2 ** -52), 1e-20);
  });
});

describe('powerOfTwo: 2^round(log2 h) read from the bits', () => {
  it('is the formula for every binade, near √2 on both sides, at the ends of the range and for 0, negatives, NaN and ∞', () => {
    const formula = (h: number) => 2 ** Math.round(Math.log2(h));
    const values = [
      0,
      -0,
      -1,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.MIN_VALUE,
      Number.MAX_VALUE,
    ];
    for (let e = -1074; e < 1024; e++) {
      for (const m of [1, Math.SQRT2, Math.SQRT2 - 1e-10, Math.SQRT2 + 1e-10, 1.5, 1.999999999]) {
        for (const f of [1, 1 + 1e-15, 1 - 1e-15, 1 + 1e-10, 1 - 1e-10]) values.push(m * 2 ** e * f);
      }
    }
    let seed = 7;
    for (let i = 0; i < 20_000; i++) {
      seed = (seed * 16807) % 2147483647;
      values.push(Math.exp((seed / 2147483647 - 0.5) * 1400));
    }
    const wrong = values.filter((h) => !Object.is(powerOfTwo(h), formula(h)));
    assert.deepEqual(wrong, []);
  });
});
