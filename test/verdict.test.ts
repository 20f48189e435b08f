import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { assertGradient, checkGradient } from 'gradcheck';
import { checkModel } from '../src/checks/model/check.js';
import type { ModelCheckOptions } from '../src/checks/model/options.js';
import { taylor } from '../src/checks/taylor.js';
import { ACTIVATIONS, MODEL_NAMES } from '../src/model/activations.js';
import { BUGS, type BugName, inapplicableBug } from '../src/model/bugs.js';
import { fromRows } from '../src/model/matrix.js';
import {
  combinedVerdict,
  type Decision,
  decide,
  type InconclusiveReason,
  type VerdictFacts,
} from '../src/pipeline/decide.js';
import type { InitName } from '../src/problem/generate.js';
import { CORPUS_BASE, CORPUS_MODES, CORPUS_SHAPES, runCli, tempFile } from './helpers.js';

/**
 * The law: a wrong gradient never passes, a right one never fails. Two corpora, run
 * in process (the CLI maps the same verdicts to exit codes 0, 1 and 4; the goldens and
 * test/cli.test.ts spawn it): every --bug on every model, on normal, square, scaled,
 * saturated, larger and all-zero problems, several seeds, each --wrt, and the modes
 * that change how entries are measured.
 */
const SHAPES: Record<string, { n: number; d: number; C: number; init: InitName }> = CORPUS_SHAPES;
const SEEDS = ['1', '2', '3'];
const WRTS: ModelCheckOptions['wrt'][] = [['W'], ['X'], ['W', 'X']];
const MODES: readonly Partial<ModelCheckOptions>[] = CORPUS_MODES;

const base = CORPUS_BASE;

/** Every combination of the corpus, with the bug (or none) applied where it can be. */
function* corpus(bugs: readonly (BugName | null)[]) {
  for (const model of MODEL_NAMES) {
    for (const [shapeName, shape] of Object.entries(SHAPES)) {
      for (const bug of bugs) {
        if (bug && inapplicableBug(bug, ACTIVATIONS[model], shape.d, shape.C)) continue;
        for (const [s, seed] of SEEDS.entries()) {
          for (const wrt of WRTS) {
            // transpose corrupts ∂l/∂W only: checking X alone, the gradient is right.
            if (bug === 'transpose' && !wrt.includes('W')) continue;
            // Two modes per seed, so that every mode meets every model, shape and bug.
            for (const mode of [MODES[(2 * s) % MODES.length], MODES[(2 * s + 1) % MODES.length]]) {
              const options = { ...base, ...shape, ...mode, model, seed, bug, wrt };
              yield {
                options,
                label: `${model} ${shapeName} seed ${seed} --wrt ${wrt} ${bug ?? 'right'} ${JSON.stringify(mode)}`,
              };
            }
          }
        }
      }
    }
  }
}

describe('corpus: wrong gradients never pass', () => {
  it('every --bug × model × shape × seed × --wrt × mode: verdict fail or inconclusive, never pass', () => {
    let runs = 0;
    const verdicts = { pass: 0, fail: 0, inconclusive: 0 };
    for (const { options, label } of corpus(BUGS)) {
      // A transpose leaves the diagonal (and any symmetric pair) as it is: a sample that draws
      // only those saw nothing wrong, and that is what it reports; one random direction sees it
      // only through ⟨g − gᵀ, u⟩, which a direction can all but cancel (torch's fast mode alike).
      // The usual kinds scale the whole gradient and cannot hide so. A full check always sees it (below).
      if (options.bug === 'transpose' && (options.sample !== null || options.fast)) continue;
      const { summary } = checkModel(options).report;
      assert.notEqual(summary.verdict, 'pass', `a wrong gradient passed: ${label}`);
      assert.equal(summary.pass, false, label);
      verdicts[summary.verdict]++;
      runs++;
    }
    assert.ok(runs > 1500, `${runs} runs`);
    // Most of the corpus is informative: the wrong gradient is caught, not merely not passed.
    assert.ok(verdicts.fail > 0.6 * runs, JSON.stringify(verdicts));
  });

  it('a transpose is caught on every square shape, model and seed when every entry is checked', () => {
    for (const model of MODEL_NAMES) {
      for (const shape of [SHAPES.square, SHAPES.scaled, SHAPES.larger]) {
        for (const seed of SEEDS) {
          const { summary } = checkModel({ ...base, ...shape, model, seed, bug: 'transpose' }).report;
          assert.notEqual(summary.verdict, 'pass', `${model} ${JSON.stringify(shape)} seed ${seed}`);
        }
      }
    }
  });

  it('on all-zero inputs nothing is proved, whatever the bug', () => {
    const zero = (rows: number, cols: number) =>
      fromRows(Array.from({ length: rows }, () => new Array<number>(cols).fill(0)));
    const inputs = {
      X: zero(4, 3),
      W: fromRows([
        [1, 2],
        [0, 1],
        [2, 2],
      ]),
      T: fromRows([
        [1, 2],
        [0, 1],
        [2, 2],
        [1, 1],
      ]),
    };
    for (const bug of ['sign', 'half', 'double'] as const) {
      for (const model of MODEL_NAMES) {
        const { summary } = checkModel({ ...base, ...SHAPES.notebook, seed: '1', model, bug }, { inputs }).report;
        assert.equal(summary.verdict, 'inconclusive', `${model} ${bug}`);
        assert.equal(summary.inconclusive?.reason, 'zero-inputs', `${model} ${bug}`);
      }
    }
  });
});

describe('corpus: right gradients never fail', () => {
  it('every model × shape × seed × --wrt × mode: verdict pass or inconclusive, never fail', () => {
    let runs = 0;
    let passed = 0;
    for (const { options, label } of corpus([null])) {
      const { summary } = checkModel(options).report;
      assert.notEqual(summary.verdict, 'fail', `a right gradient failed: ${label}: ${summary.diagnosis?.code}`);
      if (summary.verdict === 'pass') passed++;
      runs++;
    }
    assert.ok(runs > 300, `${runs} runs`);
    assert.ok(passed > 0.5 * runs, `${passed} of ${runs} passed`);
  });

  it('float32 at a step roundoff drowns: every failure within roundoff, so inconclusive for roundoff (not fail, not another cause)', () => {
    for (const numeric of ['full', 'local'] as const) {
      const options = {
        ...base,
        ...SHAPES.notebook,
        model: 'sigmoid' as const,
        seed: '42',
        dtype: 'float32' as const,
        numeric,
      };
      const { summary } = checkModel({
        ...options,
        eps: 1e-6,
        tolerance: 'allclose',
        atol: 0,
        rtol: 1e-7,
        recheck: false,
      }).report;
      assert.ok(
        summary.failed > 0 && summary.withinRoundoff === summary.failed,
        `${numeric}: ${summary.failed} failed`,
      );
      assert.equal(summary.verdict, 'inconclusive');
      assert.equal(summary.inconclusive?.reason, 'roundoff', numeric);
    }
  });

  it('float32 without the recheck: failures within roundoff are inconclusive, never fail', () => {
    for (const model of MODEL_NAMES) {
      for (const seed of SEEDS) {
        const options = {
          ...base,
          ...SHAPES.notebook,
          model,
          seed,
          dtype: 'float32' as const,
          numeric: 'full' as const,
          eps: 1e-4,
        };
        const { summary } = checkModel({ ...options, recheck: false }).report;
        assert.notEqual(summary.verdict, 'fail', `${model} seed ${seed}`);
      }
    }
  });
});

describe('an informative generator at any size: --init scaled', () => {
  const large = { ...base, n: 1000, d: 128, C: 32, seed: '42', model: 'sigmoid' as const };

  it('n=1000 d=128 C=32: at least 90% of entries informative, and the notebook recipe none', () => {
    const scaled = checkModel({ ...large, init: 'scaled' }).report.summary;
    assert.equal(scaled.verdict, 'pass');
    assert.ok(scaled.informative >= 0.9 * scaled.checked, `${scaled.informative} of ${scaled.checked}`);
    const notebook = checkModel({ ...large, init: 'notebook' }).report.summary;
    assert.equal(notebook.informative, 0);
    assert.equal(notebook.verdict, 'inconclusive');
    assert.equal(notebook.inconclusive?.reason, 'saturated');
  });

  it('n=1000 d=128 C=32: every applicable --bug fails', () => {
    for (const bug of BUGS.filter((b) => !inapplicableBug(b, ACTIVATIONS.sigmoid, 128, 32))) {
      const { summary } = checkModel({ ...large, init: 'scaled', bug, sample: 200 }).report;
      assert.equal(summary.verdict, 'fail', bug);
    }
  });

  it('z = x·w has variance about 1 whatever d is, and relu sees both signs', () => {
    for (const d of [3, 30, 300]) {
      const { Z } = checkModel({ ...base, n: 200, d, C: 4, init: 'scaled', seed: '9', model: 'relu', sample: 1 });
      const z = Array.from(Z.data);
      const variance = z.reduce((s, x) => s + x * x, 0) / z.length;
      assert.ok(variance > 0.3 && variance < 3, `d=${d}: variance ${variance}`);
      assert.ok(z.some((x) => x < 0) && z.some((x) => x > 0), `d=${d}: both signs`);
    }
  });
});

describe('the issue’s cases, through the CLI', () => {
  const cases: [string[], number, RegExp][] = [
    [['-n', '1000', '-d', '128', '-C', '32', '--bug', 'sign'], 4, /saturated/],
    [['-n', '1000', '-d', '128', '-C', '32', '--bug', 'half', '--sample', '50'], 4, /saturated/],
    [['-n', '1000', '-d', '128', '-C', '32', '--model', 'tanh', '--bug', 'double', '--fast'], 4, /saturated/],
    [['--model', 'relu', '--bug', 'sign', '--seed', '103'], 4, /kinks/],
    [['--model', 'relu', '--bug', 'no-activation-derivative'], 4, /σ′ = 1/],
    [['-n', '20', '-d', '30', '-C', '3', '--bug', 'no-activation-derivative'], 1, /diagnosis: mismatch/],
    [['--model', 'tanh', '--eps', '3'], 4, /INCONCLUSIVE/],
    [['--model', 'tanh', '--eps', '3', '--tolerance', 'allclose'], 4, /diagnosis: truncation/],
    [['--eps', '1e308'], 4, /diagnosis: truncation/],
    [['--domain', '5', '--bug', 'sign'], 2, /^$/],
  ];
  for (const [args, code, pattern] of cases) {
    it(`gradcheck ${args.join(' ')}: exit ${code}`, () => {
      const r = runCli(args);
      assert.equal(r.code, code, r.stdout + r.stderr);
      assert.match(r.stdout, pattern);
    });
  }

  it('a correct relu never fails in --fast: z on a kink is held, the step stays clear of the others', () => {
    for (let seed = 1; seed <= 40; seed++) {
      for (const init of ['notebook', 'scaled'] as const) {
        const { summary } = checkModel({
          ...base,
          ...SHAPES.scaled,
          init,
          model: 'relu',
          seed: String(seed),
          fast: true,
          wrt: ['W', 'X'],
        }).report;
        assert.notEqual(summary.verdict, 'fail', `seed ${seed} ${init}: ${summary.diagnosis?.code}`);
      }
    }
  });

  it('some entries informative, some not: the verdict stands, with a line saying how many proved nothing', () => {
    const r = runCli(['--model', 'relu', '--init', 'scaled']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /\d+ of 6 entries proved nothing \(.*\): a wrong gradient would pass them too/);
  });
});

describe('diagnosis that does not guess', () => {
  it('--sample 1 never names a scale: one entry cannot show a pattern', () => {
    for (const bug of ['transpose', 'half', 'double'] as const) {
      const r = JSON.parse(runCli(['-d', '3', '-C', '3', '--bug', bug, '--sample', '1', '--json']).stdout);
      assert.notEqual(r.summary.diagnosis?.code, 'scale', bug);
    }
  });

  it('--fast names a scale with its factor', () => {
    const r = JSON.parse(runCli(['--init', 'scaled', '--bug', 'double', '--fast', '--json']).stdout);
    assert.equal(r.summary.diagnosis.code, 'scale');
    assert.ok(Math.abs(r.summary.diagnosis.factor - 2) < 1e-6);
  });

  it('a transpose is read from informative, non-kink pairs', () => {
    const r = JSON.parse(
      runCli(['--init', 'scaled', '-n', '8', '-d', '4', '-C', '4', '--bug', 'transpose', '--json']).stdout,
    );
    assert.equal(r.summary.verdict, 'fail');
    assert.equal(r.summary.diagnosis.code, 'transpose');
  });
});

describe('taylor: inconclusive rather than wrong', () => {
  const problem = {
    n: 4,
    d: 3,
    C: 2,
    domain: 10,
    rng: 'arc4' as const,
    dtype: 'float64' as const,
    bug: null,
    steps: 24,
  };

  it('residuals at roundoff from the start: inconclusive, not "the gradient is wrong"', () => {
    const r = taylor({ ...problem, n: 1000, d: 128, C: 32, seed: '42', init: 'notebook', model: 'sigmoid' });
    assert.equal(r.verdict, 'inconclusive');
    assert.equal(r.inconclusive?.reason, 'roundoff');
  });

  it('relu at kinks: the direction holds them and no point of the fit crosses one; a right gradient never fails', () => {
    for (let seed = 100; seed < 130; seed++) {
      for (const init of ['notebook', 'scaled'] as const) {
        const r = taylor({ ...problem, seed: String(seed), init, model: 'relu' });
        assert.notEqual(r.verdict, 'fail', `seed ${seed} ${init}: order ${r.order}`);
      }
    }
  });

  it('every wrong gradient on an informative problem fails', () => {
    for (const bug of ['sign', 'half', 'double', 'no-activation-derivative'] as const) {
      const r = taylor({ ...problem, seed: '5', init: 'scaled', model: 'tanh', bug });
      assert.equal(r.verdict, 'fail', bug);
    }
  });

  it('--steps too small to ever fit is refused; the shortest that can fit does, on its 3 points', () => {
    assert.equal(runCli(['taylor', '--steps', '4']).code, 2);
    const right = JSON.parse(runCli(['taylor', '--steps', '5', '--json']).stdout);
    assert.deepEqual(
      right.points.map((p: { used: boolean }) => p.used),
      [false, false, true, true, true],
    );
    assert.equal(right.verdict, 'pass');
    assert.ok(Math.abs(right.order - 2) < 0.2, `order ${right.order}`);
    const wrong = JSON.parse(runCli(['taylor', '--steps', '5', '--bug', 'sign', '--json']).stdout);
    assert.equal(wrong.verdict, 'fail');
    assert.ok(Math.abs(wrong.order - 1) < 0.2, `order ${wrong.order}`);
  });
});

describe('the same law for a user function, the library and --input', () => {
  const quadratic = (scale: number) => ({
    parameters: { w: [0.5, -1.5, 2] },
    loss: ({ w }: { w: number[] }) => scale * w.reduce((s, v) => s + v * v, 0),
    gradient: ({ w }: { w: number[] }) => ({ w: w.map((v) => 2 * scale * v) }),
  });

  it('a right function passes, a wrong one fails, one too flat to tell is inconclusive', () => {
    assert.equal(checkGradient(quadratic(1)).summary.verdict, 'pass');
    for (const bug of ['sign', 'half', 'double'] as const)
      assert.equal(checkGradient(quadratic(1), { bug }).summary.verdict, 'fail', bug);
    // Gradients of 1e-7: the estimate rule sees them as well as any (its bound scales with them)…
    assert.equal(checkGradient(quadratic(1e-7)).summary.verdict, 'pass');
    assert.equal(checkGradient(quadratic(1e-7), { bug: 'half' }).summary.verdict, 'fail');
    // …under allclose they are below atol = 1e-5, where a wrong sign or factor would pass as well.
    for (const bug of [null, 'sign', 'half', 'double'] as const) {
      const s = checkGradient(quadratic(1e-7), { bug, tolerance: 'allclose' }).summary;
      assert.equal(s.verdict, 'inconclusive', String(bug));
      assert.equal(s.inconclusive?.reason, 'noise-floor');
      assert.doesNotMatch(s.inconclusive?.message ?? '', /--/, 'the library names options, not flags');
    }
  });

  it('assertGradient throws on an inconclusive check, saying why', () => {
    assert.throws(
      () => assertGradient(quadratic(1e-7), { tolerance: 'allclose' }),
      (e: Error) => /gradient check inconclusive: every value is below the noise floor/.test(e.message),
    );
    assert.doesNotThrow(() => assertGradient(quadratic(1)));
  });

  it('--input in float32: failures within roundoff are rechecked in float64 on the same inputs', () => {
    const inputs = JSON.parse(runCli(['--rng', 'torch', '--json']).stdout).inputs;
    const file = tempFile(inputs);
    const args = ['--input', file, '--dtype', 'float32', '--numeric', 'full', '--eps', '1e-4'];
    const r = JSON.parse(runCli([...args, '--json']).stdout);
    assert.equal(r.summary.recheck.dtype, 'float64');
    assert.equal(r.summary.recheck.verdict, 'pass');
    assert.equal(r.summary.verdict, 'pass');
    assert.equal(runCli([...args, '--no-recheck']).code, 4);
    assert.equal(runCli([...args, '--bug', 'sign']).code, 1, 'a wrong sign fails in float32 too');
  });

  it('--bug sign on relu fails whenever any entry could tell', () => {
    for (let seed = 1; seed <= 30; seed++) {
      for (const init of ['notebook', 'scaled'] as const) {
        const { summary } = checkModel({
          ...base,
          ...SHAPES.scaled,
          init,
          model: 'relu',
          seed: String(seed),
          bug: 'sign',
        }).report;
        if (summary.informative > 0) assert.equal(summary.verdict, 'fail', `seed ${seed} ${init}`);
        else assert.equal(summary.verdict, 'inconclusive', `seed ${seed} ${init}`);
      }
    }
  });
});

describe('the verdict table of docs/ARCHITECTURE.md, row by row (pipeline/decide.ts)', () => {
  const doc = readFileSync(new URL('../docs/ARCHITECTURE.md', import.meta.url), 'utf8');
  const section = doc.slice(doc.indexOf('## The verdict'), doc.indexOf('## Words'));
  const rows = section
    .split('\n')
    .filter((line) => /^\| [a-z-]+ \|/.test(line) && !line.startsWith('| row |'))
    .map((line) => line.split(' | ').map((cell) => cell.replace(/^\| |\s*\|$/g, '').trim()));
  const remedies = (reason: InconclusiveReason) => [{ kind: 'other-seed' as const, reason }] as never[];
  /** Facts where nothing fails and one entry is informative: a pass. */
  const passing: VerdictFacts = {
    analyticNonFinite: false,
    failures: 0,
    clearFailure: false,
    beyondRoundoff: false,
    truncation: false,
    informative: true,
    uninformative: { saturated: 1, kinks: 2 },
    failing: () => ({ 'zero-inputs': 1, saturated: 3 }),
  };
  const failing = { ...passing, failures: 2, beyondRoundoff: true, clearFailure: true };
  const recheck: Decision = { verdict: 'pass', inconclusive: null };
  const idle: Decision = { verdict: 'inconclusive', inconclusive: { reason: 'saturated', remedies: [] } };
  /**
   * Each row's facts: its own condition, and every later row's where they can hold together,
   * so that the row is seen to come first. The expected reason of a computed cause is the commonest.
   */
  const FACTS: Record<string, [VerdictFacts, string]> = {
    recheck: [{ ...failing, analyticNonFinite: true, recheck }, ''],
    'analytic-nonfinite': [{ ...failing, analyticNonFinite: true, truncation: true }, ''],
    tie: [{ ...passing, tiesFail: true, informative: false }, ''],
    truncation: [{ ...failing, truncation: true }, 'truncation'],
    'clear-failure': [{ ...failing, parameters: [{ name: 'b', decision: idle }] }, ''],
    roundoff: [{ ...failing, clearFailure: false, beyondRoundoff: false, informative: false }, 'roundoff'],
    'below-noise-floor': [{ ...failing, clearFailure: false, informative: false }, 'saturated'],
    'nothing-informative': [{ ...passing, informative: false, parameters: [{ name: 'b', decision: idle }] }, 'kinks'],
    'idle-parameter': [
      {
        ...passing,
        parameters: [
          { name: 'W', decision: recheck },
          { name: 'b', decision: idle },
        ],
      },
      'saturated',
    ],
    pass: [{ ...passing, parameters: [{ name: 'W', decision: recheck }] }, ''],
  };

  it('has every row, in the order decide() takes them', () => {
    assert.deepEqual(
      rows.map(([row]) => row),
      Object.keys(FACTS),
    );
  });

  for (const [row, , verdict] of rows) {
    it(`${row}: ${verdict}`, () => {
      const [facts, reason] = FACTS[row];
      const decision = decide(facts, remedies);
      if (row === 'recheck') return assert.equal(decision, recheck, "the recheck's own decision");
      assert.equal(decision.verdict, verdict);
      assert.equal(decision.inconclusive?.reason ?? '', reason);
      if (decision.inconclusive)
        assert.deepEqual(decision.inconclusive.remedies, remedies(decision.inconclusive.reason));
      if (row === 'idle-parameter') assert.equal(decision.inconclusive?.only, 'b');
    });
  }

  it('several rules: fail if any fails, else inconclusive if any is, else pass', () => {
    assert.equal(combinedVerdict(['pass', 'inconclusive', 'fail']), 'fail');
    assert.equal(combinedVerdict(['pass', 'inconclusive']), 'inconclusive');
    assert.equal(combinedVerdict(['pass', 'pass']), 'pass');
  });
});

describe('complex-step in float32: an exact numeric side against a float32 backward pass', () => {
  it('a right gradient never fails: every model × 5 seeds × 3 shapes (σ′ from y and the forward rounding of z are in the bound)', () => {
    const fails: string[] = [];
    for (const model of MODEL_NAMES)
      for (const seed of ['42', '1', '2', '3', '7'])
        for (const shape of [
          { n: 4, d: 3, C: 2 },
          { n: 20, d: 10, C: 5 },
          { n: 30, d: 8, C: 4, init: 'scaled' as const },
        ]) {
          const options = {
            ...base,
            ...shape,
            model,
            seed,
            scheme: 'complex-step',
            dtype: 'float32',
          } as ModelCheckOptions;
          if (checkModel(options).report.summary.verdict === 'fail')
            fails.push(`${model} ${seed} ${JSON.stringify(shape)}`);
        }
    assert.deepEqual(fails, []);
  });
});
