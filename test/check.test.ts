import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import fc from 'fast-check';
import { checkGradient, checkModel } from 'gradcheck';
import { buildProgram, type CheckFlags } from '../src/cli/program.js';
import { withConfig } from '../src/cli/replay.js';
import { translateOptions } from '../src/cli/translate.js';
import { CLI_WORDS } from '../src/cli/words.js';
import { LIBRARY_WORDS } from '../src/library/words.js';
import { linear, relu } from '../src/model/activations.js';
import { tangentToKinks } from '../src/model/kinks.js';
import { fromRows } from '../src/model/matrix.js';
import { forwardPass } from '../src/model/network.js';
import { stripProbe } from '../src/model/strip-probe.js';
import { stripsW } from '../src/model/strips.js';
import type { Objective } from '../src/numeric/probe.js';
import { central, fivePoint } from '../src/numeric/schemes.js';
import { checkParameters } from '../src/pipeline/check.js';
import type { Diagnosis } from '../src/pipeline/diagnose.js';
import { measureDirection } from '../src/pipeline/direction.js';
import { type Measured, measureEntries } from '../src/pipeline/measure.js';
import type { CheckedParameter, MeasureSettings } from '../src/pipeline/parameter.js';
import { roundoffRemedies, truncationRemedies } from '../src/pipeline/remedies.js';
import { createStream } from '../src/problem/random.js';
import { shareSample, signDirection, unitDirection } from '../src/problem/sample.js';
import { explainDiagnosis } from '../src/render/diagnosis.js';
import { DEFAULT_NUMERIC_OPTIONS } from '../src/rules/options.js';

const f64 = (x: number) => x;

/** l(w) = ½Σ cₖ·wₖ², whose gradient is cₖ·wₖ and whose central differences are exact when w ± h is. */
function quadratic(c: number[], w: number[]) {
  const values = Float64Array.from(w);
  const objective: Objective = { loss: () => values.reduce((s, v, k) => s + 0.5 * c[k] * v * v, 0) };
  return { values, objective, probe: probeOf(values, objective), analytic: w.map((v, k) => c[k] * v) };
}

/** The black-box probe of live values: set the entry, evaluate the loss, put it back. */
function probeOf(values: Float64Array, objective: Objective) {
  return {
    difference(k: number, a: number, b: number) {
      const v = values[k];
      values[k] = v + a;
      const la = objective.loss();
      values[k] = v + b;
      const lb = objective.loss();
      values[k] = v;
      return la - lb;
    },
    imaginary: () => NaN,
  };
}

/** Every measured entry, in order. */
function measuredAll(p: CheckedParameter, indices: Uint32Array, s: MeasureSettings): Measured[] {
  const all: Measured[] = [];
  measureEntries(p, indices, s, (e, measured) => {
    all[e] = measured;
  });
  return all;
}

describe('measureEntries: the per-entry loop', () => {
  it('central differences of a quadratic at exact steps are the gradient, each entry with its own step and roundoff', () => {
    const q = quadratic([1, 2, 3], [0.5, -1.25, 2]);
    const param = { name: 'w', values: q.values, shape: [3], analytic: q.analytic, probe: q.probe, known: {} };
    const settings: MeasureSettings = {
      scheme: central,
      eps: 2 ** -10,
      dtype: 'float64',
      lossMagnitude: 0,
      estimate: false,
    };
    const measured = measuredAll(param, Uint32Array.of(0, 2), settings);
    assert.deepEqual(
      measured.map(({ measurement: m }) => [m.index, m.numeric, m.step]),
      [
        [[0], 0.5, 2 ** -10],
        [[2], 6, 2 ** -10],
      ],
    );
    // With L = 0 and no model noise, roundoff is ε·(|w| + h)·|numeric|/h (numeric/roundoff.ts).
    const h = 2 ** -10;
    assert.equal(measured[1].measurement.roundoff, (2 ** -52 * (2 + h) * 6) / h);
    assert.ok(Number.isNaN(measured[1].atHalf), 'no half step without the estimate rule');
    const bounded = measuredAll(param, Uint32Array.of(0, 2), { ...settings, estimate: true });
    assert.equal(bounded[1].atHalf, 6, 'the half step of a quadratic is exact too');
  });

  it('flags kinks: a relu entry whose step moves some z across 0', () => {
    // z = X·W: column 0 is [0, 2] (a z at the kink), column 1 is [3, 3].
    const X = fromRows([
      [1, 0],
      [1, 1],
    ]);
    const W = fromRows([
      [0, 3],
      [2, 0],
    ]);
    const T = fromRows([
      [1, 1],
      [1, 1],
    ]);
    const strips = stripsW(X, W, T, forwardPass(X, W, relu, f64).Z);
    const param = {
      name: 'W',
      values: W.data,
      shape: [2, 2],
      analytic: [0, 0, 0, 0],
      probe: stripProbe(strips, W.data, relu, f64),
      known: { kink: (k: number, reach: number) => k % 2 === 0 && reach > 0 },
    };
    const measured = measuredAll(param, Uint32Array.of(0, 1, 2, 3), {
      scheme: central,
      eps: 1e-3,
      dtype: 'float64',
      lossMagnitude: 0,
      estimate: false,
    });
    const kinks = measured.map(({ measurement }) => measurement.subgradients !== undefined);
    assert.deepEqual(kinks, [true, false, true, false]);
  });
});

describe('measureDirection: fast mode', () => {
  it('compares ⟨g, u⟩ with the directional difference along the seeded direction of signs', () => {
    const q = quadratic([1, 1, 1, 1], [1, 2, 3, 4]);
    const param = { name: 'w', values: q.values, shape: [4], analytic: q.analytic, probe: q.probe, known: {} };
    const m = measureDirection(q.objective, [param], createStream('arc4', '7'), {
      scheme: central,
      eps: 2 ** -8,
      dtype: 'float64',
      lossMagnitude: 0,
      estimate: false,
    });
    const u = signDirection(4, createStream('arc4', '7'));
    const expected = u.reduce((s, v, k) => s + v * q.analytic[k], 0);
    assert.equal(m.measurement.param, 'direction');
    assert.ok(Math.abs(m.measurement.analytic - expected) < 1e-15);
    assert.ok(Math.abs(m.measurement.numeric - expected) < 1e-12, `${m.measurement.numeric} vs ${expected}`);
  });
});

describe('shareSample', () => {
  it('shares k over parameters in proportion, at least one each', () => {
    assert.deepEqual(shareSample([6, 12], 3), [1, 2]);
    assert.deepEqual(shareSample([1, 100], 5), [1, 4]);
    assert.deepEqual(shareSample([3, 3], 100), [3, 3]);
  });

  it('never more than k or a parameter holds, and all of k while they hold it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 300 }),
        (sizes, k) => {
          const share = shareSample(sizes, k);
          const total = sizes.reduce((a, b) => a + b, 0);
          return (
            share.every((s, q) => s >= 0 && s <= sizes[q]) &&
            share.reduce((a, b) => a + b, 0) === Math.min(k, total) &&
            (k < sizes.length || share.every((s) => s >= 1))
          );
        },
      ),
    );
  });
});

describe('tangentToKinks', () => {
  it('keeps every z on a kink where it is, and the direction of unit length', () => {
    const X = fromRows([
      [1, 2, 0],
      [0, 1, 1],
      [1, 1, 1],
    ]);
    const W = fromRows([
      [2, 1],
      [-1, 0],
      [1, 1],
    ]);
    const Z = forwardPass(X, W, relu, f64).Z; // column 0: [0, 0, 2]; column 1: [1, 1, 2]
    const D = unitDirection(6, createStream('arc4', '3'));
    const { direction, held } = tangentToKinks(Float64Array.from(D), X, W, Z, relu);
    assert.equal(held, 2);
    for (const r of [0, 1]) {
      const moved = [0, 1, 2].reduce((s, i) => s + X.data[r * 3 + i] * direction[i * 2], 0);
      assert.ok(Math.abs(moved) < 1e-15, `row ${r}: z moves by ${moved}`);
    }
    assert.ok(Math.abs(Math.hypot(...direction) - 1) < 1e-15);
    assert.deepEqual(tangentToKinks(Float64Array.from(D), X, W, Z, linear), {
      direction: Float64Array.from(D),
      held: 0,
    });
  });
});

describe('checkParameters: structured results', () => {
  const settings = {
    ...DEFAULT_NUMERIC_OPTIONS,
    tolerance: 'allclose' as const,
    dtype: 'float64' as const,
    wholePasses: true,
    loss: 1,
    lossTerms: 1,
    localAvailable: false,
    complexAvailable: false,
    derivative: false,
    drawn: false,
  };
  const params = (c: number[], w: number[], bug: (g: number) => number) => {
    const q = quadratic(c, w);
    return {
      q,
      param: {
        name: 'w',
        values: q.values,
        shape: [w.length],
        analytic: q.analytic.map(bug),
        probe: q.probe,
        known: {},
      },
    };
  };

  it('a right gradient passes with no diagnosis; a doubled one is `scale` with its factor and no remedies', () => {
    const right = params([1, 2, 3], [1, 2, 3], (g) => g);
    assert.deepEqual(
      checkParameters(right.q.objective, [right.param], settings, createStream('arc4', '1')).summary.diagnosis,
      null,
    );
    const doubled = params([1, 2, 3], [1, 2, 3], (g) => 2 * g);
    const d = checkParameters(doubled.q.objective, [doubled.param], settings, createStream('arc4', '1')).summary
      .diagnosis;
    assert.equal(d?.code, 'scale');
    assert.ok(Math.abs((d?.factor ?? 0) - 2) < 1e-6);
    assert.deepEqual(d?.remedies, []);
    assert.equal(d?.message, undefined, 'the core writes no words');
  });

  it('a right gradient failing only by its step (2⁻¹⁰, no tolerance) is truncation, inconclusive, never a fail', () => {
    const values = Float64Array.of(1, 2);
    const objective: Objective = { loss: () => values.reduce((s, v) => s + v ** 4 / 4, 0) };
    const param = { name: 'w', values, shape: [2], analytic: [1, 8], probe: probeOf(values, objective), known: {} };
    const d = checkParameters(
      objective,
      [param],
      { ...settings, eps: 2 ** -10, atol: 0, rtol: 0 },
      createStream('arc4', '1'),
    ).summary;
    assert.equal(d.diagnosis?.code, 'truncation');
    // At the automatic step the difference shrinks far more than 10× (here to nothing: a finite number, for JSON).
    assert.ok(
      Number.isFinite(d.diagnosis?.shrink) && (d.diagnosis?.shrink ?? 0) > 1e3,
      `shrink ${d.diagnosis?.shrink}`,
    );
    assert.equal(d.verdict, 'inconclusive');
  });

  it('truncation carries its remedies as data: a smaller step, a higher-order scheme (no complex-step for a black box)', () => {
    // l = Σ w⁴/4 at a huge step: central's error is h²·w, a pure truncation error that shrinks 4× per halving.
    const values = Float64Array.of(1, 2);
    const objective: Objective = { loss: () => values.reduce((s, v) => s + v ** 4 / 4, 0) };
    const param = { name: 'w', values, shape: [2], analytic: [1, 8], probe: probeOf(values, objective), known: {} };
    const d = checkParameters(objective, [param], { ...settings, eps: 0.5 }, createStream('arc4', '1')).summary
      .diagnosis;
    assert.equal(d?.code, 'truncation');
    // Found by the automatic step, which the failures pass at.
    assert.deepEqual([d?.passedAtAutoStep, d?.triedAtAutoStep], [2, 2]);
    assert.deepEqual(d?.remedies, [
      { kind: 'smaller-step', near: (2 ** -52) ** (1 / 3) },
      { kind: 'higher-order-scheme', schemes: ['five-point'] },
    ]);
  });
});

describe('remedies in words: the CLI names flags, the library names options', () => {
  const context = {
    dtype: 'float32' as const,
    scheme: fivePoint,
    eps: 1e-4,
    predictedStep: 6.06e-6,
    wholePasses: true,
    localAvailable: true,
    complexAvailable: true,
  };
  const roundoff: Diagnosis = { code: 'roundoff', remedies: roundoffRemedies(context) };
  const truncation: Diagnosis = { code: 'truncation', shrink: 4, order: 2, remedies: truncationRemedies(context) };

  it('the CLI: flags', () => {
    assert.equal(
      explainDiagnosis(roundoff, CLI_WORDS),
      'every failing difference is within the roundoff of its numeric value: precision, not a bug. For a conclusive check use ' +
        '--dtype float64, or --numeric local (it never forms the whole loss), or --eps auto (a step near 6e-6).',
    );
    assert.match(
      explainDiagnosis(truncation, CLI_WORDS),
      /Use a smaller step \(--eps auto picks about 6e-6\) or a higher-order scheme \(--scheme five-point or complex-step\)\.$/,
    );
  });

  it('the library: options as written in the options object, never a flag', () => {
    assert.match(
      explainDiagnosis(roundoff, LIBRARY_WORDS),
      /use dtype: 'float64', or numeric: 'local' \(it never forms the whole loss\), or eps: 'auto'/,
    );
    assert.match(explainDiagnosis(truncation, LIBRARY_WORDS), /scheme: 'five-point' or 'complex-step'/);
    const every: Diagnosis[] = [
      roundoff,
      truncation,
      { code: 'saturation', remedies: [{ kind: 'larger-atol' }] },
      { code: 'mismatch', directional: true, remedies: [{ kind: 'per-entry' }] },
      { code: 'roundoff', remedies: [{ kind: 'complex-step' }] },
    ];
    for (const d of every) assert.doesNotMatch(explainDiagnosis(d, LIBRARY_WORDS), /--/, d.code);
  });

  it('a user function is never told of a missing σ′(Z); the model is', () => {
    const mismatch = (derivative: boolean): Diagnosis => ({
      code: 'mismatch',
      remedies: [{ kind: 'chain-rule', derivative }],
    });
    assert.doesNotMatch(explainDiagnosis(mismatch(false), LIBRARY_WORDS), /σ′/);
    assert.match(explainDiagnosis(mismatch(true), CLI_WORDS), /a missing σ′\(Z\) factor/);
  });

  it('checkGradient and checkModel, as a library user calls them, speak in options', () => {
    const fn = checkGradient(
      {
        parameters: { w: [1, 2] },
        loss: ({ w }) => w[0] ** 4 + w[1] ** 4,
        gradient: ({ w }) => ({ w: [4 * w[0] ** 3, 4 * w[1] ** 3] }),
      },
      { eps: 0.25, atol: 0, rtol: 1e-6, tolerance: 'allclose' },
    );
    assert.equal(fn.summary.diagnosis?.code, 'truncation');
    assert.match(fn.summary.diagnosis?.message ?? '', /eps: 'auto' picks about/);
    assert.doesNotMatch(fn.summary.diagnosis?.message ?? '', /--/);
    const model = checkModel({
      ...translateOptions.check(flagsOf(['--tolerance', 'allclose'])),
      dtype: 'float32',
      numeric: 'full',
      eps: 1e-4,
    }).report;
    assert.equal(model.summary.diagnosis?.code, 'roundoff');
    assert.match(model.summary.diagnosis?.message ?? '', /dtype: 'float64'/);
  });
});

/** The flags commander parses from an argument list, as the CLI's action receives them. */
function flagsOf(argv: string[]): CheckFlags {
  let parsed: CheckFlags | undefined;
  const program = buildProgram({
    check: async (flags) => {
      parsed = flags;
    },
    sweep: async () => {},
    taylor: async () => {},
  });
  program.exitOverride().parse(argv, { from: 'user' });
  if (!parsed) throw new Error('no check parsed');
  return parsed;
}

describe('translateOptions: flags become the core options in one place', () => {
  it('a check: problem, model and numeric options, each spelled as the core spells it', () => {
    const options = translateOptions.check(
      flagsOf(['--model', 'tanh', '--sample', '3', '--eps', '1e-4', '--bug', 'half', '--jobs', '2']),
    );
    assert.deepEqual(options, {
      n: 4,
      d: 3,
      C: 2,
      domain: 10,
      seed: '42',
      rng: 'arc4',
      init: 'notebook',
      model: 'tanh',
      dtype: 'float64',
      numeric: 'local',
      bug: 'half',
      hidden: null,
      wrt: ['W'],
      recheck: true,
      jobs: 2,
      scheme: 'central',
      eps: 1e-4,
      atol: 1e-5,
      rtol: 1e-3,
      sample: 3,
      fast: false,
      tolerance: 'estimate',
    });
  });

  it('--hidden: W1 and W2 checked by default, by whole passes; --wrt as given otherwise', () => {
    const hidden = translateOptions.check(flagsOf(['--hidden', '5']));
    assert.deepEqual([hidden.hidden, hidden.wrt, hidden.numeric], [5, ['W1', 'W2'], 'full']);
    assert.deepEqual(translateOptions.check(flagsOf(['--hidden', '5', '--wrt', 'W2,X'])).wrt, ['W2', 'X']);
  });

  it('the shapes of an input override -n -d -C; the flags are left as parsed', () => {
    const flags = flagsOf([]);
    const before = structuredClone(flags);
    assert.deepEqual(translateOptions.check(flags, { n: 7, d: 2, C: 5 }).n, 7);
    assert.deepEqual(flags, before);
  });

  it('a replayed config makes new flags and leaves the parsed ones alone', () => {
    const program = new Command().option('--model <name>', '', 'sigmoid').option('--atol <n>', '', Number, 1e-5);
    program.parse([], { from: 'user' });
    const given = { model: 'sigmoid', atol: 1e-5 };
    const replayed = withConfig(program, given, { model: 'tanh', atol: 0.5 }, 'r.json');
    assert.deepEqual(replayed, { flags: { model: 'tanh', atol: 0.5 }, fromConfig: new Set(['model', 'atol']) });
    assert.deepEqual(given, { model: 'sigmoid', atol: 1e-5 });
  });

  it('a replayed config: the command line wins over a value and over what it excludes; unknown fields are refused', () => {
    const program = new Command()
      .option('--fast')
      .option('--sample <n>', '', Number)
      .option('--model <name>', '', 'sigmoid');
    program.parse(['--sample', '3'], { from: 'user' });
    const { flags, fromConfig } = withConfig(
      program,
      program.opts(),
      { fast: true, model: 'tanh', n: 4, loss: 'sum-half' },
      'r.json',
    );
    assert.deepEqual(flags, { sample: 3, model: 'tanh' });
    assert.deepEqual(fromConfig, new Set(['model']));
    assert.throws(
      () => withConfig(program, program.opts(), { json: true }, 'r.json'),
      /^UsageError: input r\.json: config\.json is not a setting a report replays: expected model, domain, seed/,
    );
  });
});
