import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import type { ModelCheckOptions, ModelReport } from 'gradcheck';
import { checkModel } from 'gradcheck';
import { CORPUS_BASE, closedSchema, runCli, tempFile } from './helpers.js';

interface TorchHiddenCase {
  seed: number;
  n: number;
  d: number;
  k: number;
  C: number;
  init: 'notebook' | 'scaled';
  model: 'linear' | 'sigmoid' | 'tanh' | 'relu';
  dtype: 'float64' | 'float32';
  T: number[][];
  X: number[][];
  W1: number[][];
  W2: number[][];
  loss_sum_half: number;
  grad_W1: number[][];
  grad_W2: number[][];
  grad_X: number[][];
}

const torch = JSON.parse(readFileSync(new URL('../fixtures/torch-hidden.json', import.meta.url), 'utf8')) as {
  cases: TorchHiddenCase[];
};

type Shape = Pick<TorchHiddenCase, 'seed' | 'n' | 'd' | 'k' | 'C' | 'init' | 'dtype'> & {
  model: ModelCheckOptions['model'];
};

const hidden = (c: Shape, extra = {}) =>
  checkModel({
    ...CORPUS_BASE,
    rng: 'torch',
    seed: String(c.seed),
    n: c.n,
    d: c.d,
    C: c.C,
    hidden: c.k,
    init: c.init,
    model: c.model,
    dtype: c.dtype,
    numeric: 'full',
    wrt: ['W1', 'W2', 'X'],
    ...extra,
  }).report;

describe('--hidden: Y = σ(σ(XW1)W2) against PyTorch (fixtures/torch-hidden.json, 64 cases)', () => {
  it("--rng torch draws T, X, W1, W2 exactly as torch.manual_seed + torch.randint, in the notebook's order", () => {
    for (const c of torch.cases) {
      const inputs = hidden(c).inputs as { X: number[][]; W1: number[][]; W2: number[][]; T: number[][] };
      assert.deepEqual(
        [inputs.X, inputs.W1, inputs.W2, inputs.T],
        [c.X, c.W1, c.W2, c.T],
        `${c.seed} ${c.init} ${c.dtype}`,
      );
    }
  });

  // float32 tanh: torch's tanhf and JavaScript's tanh rounded to float32 may differ by an ulp, which
  // 1 − y² magnifies where tanh saturates (y ≈ ±1): up to 4.5e-5 of the largest entry on these cases.
  it("the backward pass's ∂l/∂W1, ∂l/∂W2, ∂l/∂X and the loss are autograd's (float64 to 1e-12, float32 to 1e-6, saturated tanh 1e-4)", () => {
    for (const c of torch.cases) {
      const report = hidden(c);
      const rel = c.dtype === 'float64' ? 1e-12 : c.model === 'tanh' ? 1e-4 : 1e-6;
      const what = `${c.model} ${c.init} ${c.dtype} seed ${c.seed}`;
      assert.ok(Math.abs(report.loss.sumHalf - c.loss_sum_half) <= rel * Math.abs(c.loss_sum_half), `${what}: loss`);
      for (const [param, grad] of [
        ['W1', c.grad_W1],
        ['W2', c.grad_W2],
        ['X', c.grad_X],
      ] as const) {
        const scale = Math.max(1e-300, ...grad.flat().map(Math.abs));
        for (const e of report.entries.filter((e) => e.param === param)) {
          const expected = grad[e.index[0]][e.index[1]];
          assert.ok(
            Math.abs(e.analytic - expected) <= rel * scale,
            `${what}: ${param}[${e.index}] ${e.analytic} vs ${expected}`,
          );
        }
      }
    }
  });

  it('right gradients pass or are inconclusive, never fail; the numeric side agrees with autograd where it passes', () => {
    for (const c of torch.cases.filter((c) => c.dtype === 'float64')) {
      const report = hidden(c);
      assert.notEqual(report.summary.verdict, 'fail', `${c.model} ${c.init} seed ${c.seed}`);
      for (const e of report.entries.filter((e) => e.status === 'pass' && e.param === 'W1')) {
        assert.ok(Math.abs(e.numeric - c.grad_W1[e.index[0]][e.index[1]]) <= (e.bound ?? 0) + e.roundoff);
      }
    }
  });
});

describe('--hidden: corpora of right and wrong gradients', () => {
  const models = ['sigmoid', 'tanh', 'relu', 'softplus', 'linear'] as const;
  const shapes = [
    [4, 3, 4, 2],
    [6, 5, 3, 4],
    [10, 4, 8, 3],
  ];
  const bugs = [null, 'sign', 'half', 'double', 'no-activation-derivative'] as const;
  it('no right gradient fails and no wrong one passes: 5 models × 2 inits × 5 bugs × per entry or --fast × 2 dtypes × 3 seeds', () => {
    const tally = { right: { pass: 0, fail: 0, inconclusive: 0 }, wrong: { pass: 0, fail: 0, inconclusive: 0 } };
    for (const model of models)
      for (const init of ['scaled', 'notebook'] as const)
        for (const bug of bugs)
          for (const fast of [false, true])
            for (const dtype of ['float64', 'float32'] as const)
              for (const seed of [1, 2, 3]) {
                if (bug === 'no-activation-derivative' && model === 'linear') continue;
                const [n, d, k, C] = shapes[seed % 3];
                const report = hidden({ seed, n, d, k, C, init, model, dtype }, { bug, fast, rng: 'arc4' });
                tally[bug ? 'wrong' : 'right'][report.summary.verdict]++;
              }
    assert.equal(tally.right.fail, 0);
    assert.equal(tally.wrong.pass, 0);
    // Most of them decide: the inconclusive ones are the notebook recipe's saturated hidden layers and relu's kinks.
    assert.ok(tally.right.pass > 2 * tally.right.inconclusive, JSON.stringify(tally));
    assert.ok(tally.wrong.fail > 5 * tally.wrong.inconclusive, JSON.stringify(tally));
  });

  it('the bug in one square layer: --bug transpose with d = k transposes ∂l/∂W1 alone, diagnosed in W1', () => {
    const report = hidden(
      { seed: 3, n: 6, d: 4, k: 4, C: 3, init: 'scaled', model: 'tanh', dtype: 'float64' },
      { bug: 'transpose', rng: 'arc4' },
    );
    assert.equal(report.summary.verdict, 'fail');
    assert.deepEqual([report.summary.diagnosis?.code, report.summary.diagnosis?.only], ['transpose', 'W1']);
    assert.deepEqual(
      report.summary.parameters?.map((p) => [p.name, p.verdict]),
      [
        ['W1', 'fail'],
        ['W2', 'pass'],
        ['X', 'pass'],
      ],
    );
  });
});

describe('gradcheck --hidden', () => {
  it("the notebook's recipe saturates the hidden layer at size: exit 4, W1 proved nothing; --init scaled passes", () => {
    const notebook = runCli(['-n', '100', '-d', '64', '-C', '4', '--hidden', '8', '--sample', '40']);
    assert.equal(notebook.code, 4, notebook.stderr);
    assert.match(notebook.stdout, /none of W1's could tell a right gradient from a wrong one/);
    assert.match(
      notebook.stdout,
      /inconclusive: W1 proved nothing \(the other parameters pass\): the activation is saturated/,
    );
    const scaled = runCli(['-n', '100', '-d', '64', '-C', '4', '--hidden', '8', '--sample', '40', '--init', 'scaled']);
    assert.equal(scaled.code, 0, scaled.stdout);
    assert.match(
      scaled.stdout,
      /∂l\/∂W1 and ∂l\/∂W2 for Y = sigmoid\(sigmoid\(XW1\)W2\), l = ½Σ\(Y−T\)²; n=100 d=64 k=8 C=4/,
    );
  });

  it('a report replays with --input: W1 and W2 from its inputs, the same entries', () => {
    const first = runCli(['--hidden', '3', '--init', 'scaled', '--model', 'tanh', '--wrt', 'W1,W2,X', '--json']);
    const report = JSON.parse(first.stdout) as ModelReport;
    assert.equal(report.config.hidden, 3);
    const again = runCli(['--input', tempFile(report), '--json']);
    assert.equal(again.code, 0, again.stderr);
    const replayed = JSON.parse(again.stdout) as ModelReport;
    assert.deepEqual(replayed.entries, report.entries);
    assert.equal(replayed.config.data, 'given');
  });

  it('bad combinations exit 2 with one line naming the flag', () => {
    const cases: [string[], RegExp][] = [
      [['--hidden', '3', '--wrt', 'W'], /option '--wrt W' names W: with a hidden layer the weights are W1 and W2/],
      [['--wrt', 'W2'], /option '--wrt W2' names W1 or W2, the weights of a hidden layer: add --hidden <units>/],
      [['--hidden', '3', '--numeric', 'local'], /option '--numeric local' cannot be used with --hidden/],
      [['--hidden', '3', '--show-inputs'], /option '--show-inputs' works with the one-layer model, not with --hidden/],
      [['--hidden', '0'], /option '--hidden <units>' argument '0' is invalid/],
      [
        ['--hidden', '4', '--bug', 'transpose'],
        /--bug transpose needs a square W1 \(d = k\) or W2 \(k = C\), not d = 3, k = 4, C = 2/,
      ],
      [['sweep', '--hidden', '3'], /option '--hidden' works with the check \(gradcheck\), not with gradcheck sweep/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}`);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, message);
    }
  });
});

describe('--hidden --json', () => {
  it('validates against schema/report.schema.json (closed): config.hidden, inputs X, W1, W2, T', () => {
    const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(closedSchema('report'));
    for (const args of [
      ['--hidden', '3'],
      ['--hidden', '3', '--fast', '--model', 'relu', '--init', 'scaled'],
      ['--hidden', '2', '--wrt', 'W2,X', '--sample', '4'],
    ]) {
      const doc = JSON.parse(runCli([...args, '--json']).stdout) as ModelReport;
      assert.ok(validate(doc), JSON.stringify(validate.errors, null, 2));
      assert.deepEqual(Object.keys(doc.inputs), ['X', 'W1', 'W2', 'T']);
    }
  });
});
