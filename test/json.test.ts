import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { renderJson } from '../src/render/json.js';
import { assertClose, closedSchema, runCli, tempFile } from './helpers.js';

const schema = closedSchema('report');
const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);

function assertValid(doc: unknown): void {
  assert.ok(validate(doc), JSON.stringify(validate.errors, null, 2));
}

/** The notebook's formulas, written out on their own: Xᵀ(Y−T) or Xᵀ(Y∘(1−Y)∘(Y−T)). */
function naiveGradient(X: number[][], W: number[][], T: number[][], model: string): number[][] {
  const Y = X.map((x) =>
    W[0].map((_, j) => {
      const z = x.reduce((s, xk, k) => s + xk * W[k][j], 0);
      return model === 'linear' ? z : 1 / (1 + Math.exp(-z));
    }),
  );
  const D = Y.map((row, r) => row.map((y, j) => (model === 'linear' ? 1 : y * (1 - y)) * (y - T[r][j])));
  return W.map((_, i) => W[0].map((__, j) => X.reduce((s, x, r) => s + x[i] * D[r][j], 0)));
}

const sweepSchema = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(closedSchema('sweep'));
const taylorSchema = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(closedSchema('taylor'));

describe('sweep and taylor JSON', () => {
  it('sweep validates against schema/sweep.schema.json', () => {
    const doc = JSON.parse(
      runCli(['sweep', '--json', '--scheme', 'central,complex-step', '--dtype', 'float64,float32', '--per-decade', '2'])
        .stdout,
    );
    assert.ok(sweepSchema(doc), JSON.stringify(sweepSchema.errors));
  });
  for (const args of [[], ['--bug', 'sign'], ['--model', 'linear', '--dtype', 'float32']]) {
    it(`taylor ${args.join(' ')} validates against schema/taylor.schema.json, pass ⇔ exit 0`, () => {
      const r = runCli(['taylor', '--json', ...args]);
      const doc = JSON.parse(r.stdout) as { pass: boolean };
      assert.ok(taylorSchema(doc), JSON.stringify(taylorSchema.errors));
      assert.equal(doc.pass, r.code === 0);
    });
  }
});

describe('JSON report', () => {
  const configs = [
    [],
    ['--model', 'linear'],
    ['--model', 'sigmoid', '-n', '9', '-d', '5', '-C', '4', '--seed', 'xyz', '--rng', 'tychei'],
    ['--eps', '0.5', '--tolerance', 'allclose', '--atol', '0', '--rtol', '0'],
    ['--numeric', 'full', '--dtype', 'float32', '--eps', '1e-3'],
    ['--rng', 'torch', '--dtype', 'float32', '--numeric', 'full', '--eps', '1e-4'],
    ['--rng', 'numpy', '--seed', '0', '--model', 'linear'],
    ['--model', 'relu', '--rng', 'torch', '-n', '8', '-d', '3', '-C', '3', '--seed', '3'],
    ['--model', 'tanh', '--scheme', 'five-point'],
    ['--model', 'softplus', '--scheme', 'complex-step'],
    ['--bug', 'half'],
    ['--scheme', 'richardson', '--bug', 'transpose', '-d', '2'],
    ['--sample', '3', '-d', '5', '-C', '4'],
    ['--fast'],
    ['--fast', '--bug', 'sign', '--scheme', 'complex-step'],
    // Every cause of an entry that proved nothing, and every status: truncation, nonfinite, ties, kinks.
    ['--model', 'tanh', '--eps', '3'],
    ['--module', 'examples/kinks.mjs'],
  ];
  for (const args of configs) {
    it(`validates against schema/report.schema.json: ${args.join(' ') || '(defaults)'}`, () => {
      const r = runCli(['--json', ...args]);
      const report = JSON.parse(r.stdout);
      assertValid(report);
      assert.equal(report.summary.pass, r.code === 0, 'summary.pass is true exactly when the exit code is 0');
      const within = report.entries.filter(
        (e: { pass: boolean; absError: number; roundoff: number }) => !e.pass && e.absError <= e.roundoff,
      );
      assert.equal(report.summary.withinRoundoff, within.length);
    });
  }

  it('carries the config as given, the inputs, and entries in row-major order whose values check out', () => {
    const report = JSON.parse(
      runCli(['--json', '--model', 'sigmoid', '-n', '6', '-d', '3', '-C', '2', '--seed', '7', '--eps', '1e-5']).stdout,
    );
    assert.deepEqual(report.config, {
      model: 'sigmoid',
      loss: 'sum-half',
      n: 6,
      d: 3,
      C: 2,
      domain: 10,
      seed: 7,
      rng: 'arc4',
      init: 'notebook',
      dtype: 'float64',
      scheme: 'central',
      numeric: 'local',
      eps: 1e-5,
      atol: 1e-5,
      rtol: 1e-3,
      tolerance: 'estimate',
      bug: null,
      sample: null,
      fast: false,
      wrt: ['W'],
      recheck: true,
      data: 'drawn',
    });
    assert.equal(report.kind, 'check');
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    assert.deepEqual(report.tool, { name: 'gradcheck', version: pkg.version });
    const { X, W, T } = report.inputs;
    assert.equal(X.length, 6);
    assert.equal(W.length, 3);
    assert.equal(T[0].length, 2);
    const g = naiveGradient(X, W, T, 'sigmoid');
    assert.deepEqual(
      report.entries.map((e: { index: number[] }) => e.index),
      [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
        [2, 0],
        [2, 1],
      ],
    );
    for (const e of report.entries) {
      assertClose(e.analytic, g[e.index[0]][e.index[1]], 1e-12, 'analytic', 1e-3);
      assertClose(e.numeric, e.analytic, 1e-6, 'numeric agrees at eps 1e-5', 1e-3);
      assert.equal(e.difference, e.analytic - e.numeric);
      assert.equal(e.absError, Math.abs(e.difference));
      assert.equal(e.step, 1e-5);
      assert.equal(e.param, 'W');
    }
    let loss = 0;
    for (const [r, x] of (X as number[][]).entries()) {
      for (let j = 0; j < W[0].length; j++) {
        const y = 1 / (1 + Math.exp(-x.reduce((s, xk, k) => s + xk * W[k][j], 0)));
        loss += (y - T[r][j]) ** 2;
      }
    }
    assertClose(report.loss.sumHalf, loss / 2, 1e-14, 'loss.sumHalf', 0);
    assertClose(report.loss.mean, loss / 12, 1e-14, 'loss.mean', 0);
  });

  it('a non-plain seed is kept as the string given', () => {
    assert.equal(JSON.parse(runCli(['--json', '--seed', '007']).stdout).config.seed, '007');
    assert.equal(JSON.parse(runCli(['--json', '--seed', 'hello world']).stdout).config.seed, 'hello world');
  });

  it('writes NaN and ±∞ as strings, and the schema accepts them', () => {
    const report = JSON.parse(runCli(['--json']).stdout);
    report.entries[0].analytic = NaN;
    report.entries[0].difference = Infinity;
    report.entries[1].numeric = -Infinity;
    report.summary.maxAbsError = NaN;
    const text = renderJson(report);
    const back = JSON.parse(text);
    assert.equal(back.entries[0].analytic, 'NaN');
    assert.equal(back.entries[0].difference, 'Infinity');
    assert.equal(back.entries[1].numeric, '-Infinity');
    assert.equal(back.summary.maxAbsError, 'NaN');
    assertValid(back);
  });

  it('reads back to exactly the same doubles', () => {
    const r = runCli(['--json', '-n', '20', '-d', '6', '-C', '5']);
    const csv = runCli(['--format', 'csv', '-n', '20', '-d', '6', '-C', '5']).stdout.trim().split('\n').slice(1);
    const report = JSON.parse(r.stdout);
    csv.forEach((line, k) => {
      const cells = line.replace(/^"[^"]*",/, '').split(',');
      assert.equal(Number(cells[0]), report.entries[k].analytic);
      assert.equal(Number(cells[1]), report.entries[k].numeric);
    });
  });
});

describe('summary.worst', () => {
  it('of a failing check is a failing entry: every bug × hidden or not × a few seeds, and modules', async () => {
    const { checkModel } = await import('../src/library/checks.js');
    const { BUGS } = await import('../src/model/bugs.js');
    let failing = 0;
    for (const bug of BUGS)
      for (const hidden of [undefined, 4, 8])
        for (const seed of ['1', '2']) {
          let report: ReturnType<typeof checkModel>['report'];
          try {
            report = checkModel({ bug, hidden, seed, model: 'tanh', init: 'scaled', n: 6, d: 4, C: 4 }).report;
          } catch {
            continue; // a bug that does not apply to this model
          }
          if (report.summary.verdict !== 'fail') continue;
          failing++;
          const { param, index } = report.summary.worst;
          const worst = report.entries.find((e) => e.param === param && e.index.join() === index.join());
          assert.equal(worst?.status, 'fail', `${bug} hidden ${hidden} seed ${seed}: ${param}${JSON.stringify(index)}`);
        }
    assert.ok(failing > 20, `${failing} failing checks`);
  });
});

describe('JSON of the newer fields validates: an entry NaN at every step, ties', () => {
  it('sqrt at 0 (status nonfinite, uninformative.nonfinite) and a max with a tie given twice (summary.ties)', () => {
    const sqrt = tempFile(
      `export const parameters = { x: [0, 0.25, 1] };
       export const loss = ({ x }) => x.reduce((s, v) => s + Math.sqrt(v), 0);
       export const gradient = ({ x }) => ({ x: x.map((v) => 0.5 / Math.sqrt(v)) });`,
      '.mjs',
    );
    const tie = tempFile(
      `export const parameters = { x: [1, 3, 3, 0.5] };
       export const loss = ({ x }) => Math.max(x[0], x[1], x[2]) + x[3] ** 2;
       export const gradient = ({ x }) => ({ x: [0, 1, 1, 2 * x[3]] });`,
      '.mjs',
    );
    const a = JSON.parse(runCli(['--module', sqrt, '--json']).stdout);
    assertValid(a);
    assert.equal(a.entries[0].status, 'nonfinite');
    const b = JSON.parse(runCli(['--module', tie, '--json']).stdout);
    assertValid(b);
    assert.equal(b.summary.verdict, 'fail');
    assert.equal(b.summary.ties.failing.length, 1);
  });
});
