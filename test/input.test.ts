import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertClose, BIN, ROOT, reference, runCli, runInProcess, tempFile, torchCaseArgs } from './helpers.js';

const ulp32 = (x: number) => 2 ** (Math.floor(Math.log2(Math.abs(x))) - 23);

describe('--input', () => {
  const inputs = {
    X: [
      [0.5, -1.25, 2],
      [1, 0, 3.5],
    ],
    W: [
      [0.1, 0.2],
      [-0.3, 0.4],
      [0.5, -0.6],
    ],
    T: [
      [1, 0],
      [0, 1],
    ],
  };

  it('any finite numbers: shapes from the input, every entry checked, inputs echoed', () => {
    const r = runCli(['--input', tempFile(inputs), '--json', '--model', 'tanh']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.inputs, inputs);
    assert.deepEqual([report.config.n, report.config.d, report.config.C], [2, 3, 2]);
    assert.equal(report.entries.length, 6);
  });

  it('reads standard input for -', () => {
    const r = spawnSync(process.execPath, [BIN, '--input', '-', '--json'], {
      cwd: ROOT,
      input: JSON.stringify(inputs),
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).inputs, inputs);
  });

  const bad: [unknown, string][] = [
    [
      {
        ...inputs,
        W: [
          [0.1, 0.2],
          [-0.3, 0.4],
          [0.5, -0.6, 0.7],
        ],
      },
      'W[2] has 3 values, expected 2',
    ],
    [
      {
        ...inputs,
        X: [
          [0.5, -1.25, 2],
          ['a', 0, 3.5],
        ],
      },
      'X[1][0] is not a finite number: "a"',
    ],
    [
      {
        ...inputs,
        X: [
          [0.5, -1.25, 2],
          [null, 0, 3.5],
        ],
      },
      'X[1][0] is not a finite number: null',
    ],
    [{ X: inputs.X, W: inputs.W }, 'T is missing'],
    [{ ...inputs, T: [] }, 'T has no rows'],
    [{ ...inputs, T: [[]] }, 'T[0] is empty'],
    [{ ...inputs, X: 'no' }, 'X is not an array of rows'],
    [
      {
        ...inputs,
        W: [
          [0.1, 0.2],
          [-0.3, 0.4],
        ],
      },
      'W has 2 rows, expected 3 (the columns of X)',
    ],
    [{ ...inputs, T: [[1, 0]] }, 'T has 1 row, expected 2 (the rows of X)'],
    [
      {
        ...inputs,
        T: [
          [1, 0, 0],
          [0, 1, 0],
        ],
      },
      'T[0] has 3 values, expected 2 (the columns of W)',
    ],
    [[1, 2], 'expected a JSON object with X, W and T'],
    ['{"X": [[1e999]]', 'is not valid JSON'],
    [
      { schemaVersion: 1, inputs, config: { model: 'relu6' } },
      'config.model is "relu6": expected one of linear, sigmoid, tanh, relu, softplus',
    ],
    [{ schemaVersion: 1, inputs, config: { eps: -1 } }, 'config.eps is -1: Expected "auto" or a finite number > 0.'],
    [{ schemaVersion: 1, inputs, config: { fast: 'yes' } }, 'config.fast is "yes": expected true or false'],
  ];
  for (const [content, message] of bad) {
    it(`refuses: ${message}`, () => {
      const path = tempFile(content);
      const r = runCli(['--input', path]);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^gradcheck: error: [^\n]+\n$/);
      assert.ok(r.stderr.includes(`input ${path}`) && r.stderr.includes(message), r.stderr);
    });
  }

  it('refuses a missing file, and -n with --input', () => {
    const missing = runCli(['--input', join(tmpdir(), 'gradcheck-no-such-dir', 'nope.json')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /option '--input <file>' argument '.*nope\.json' cannot be read: no such file/);
    const n = runCli(['--input', tempFile(inputs), '-n', '3']);
    assert.equal(n.code, 2);
    assert.match(n.stderr, /option '-n' cannot be used with --input: the shapes come from the input/);
  });
});

/**
 * A replay is byte-identical to its original, but for the advice of an inconclusive
 * verdict: the original could draw its problem otherwise (--init scaled), a replay takes
 * its inputs from the file and is told to change those instead.
 */
/**
 * The replay is the original but for what says where X, W, T came from: config.data is
 * "given" where it was "drawn", and advice to draw them otherwise (--init scaled) is left out.
 */
function assertSameReport(replayed: string, original: string, what: string): void {
  const [a, b] = [JSON.parse(replayed), JSON.parse(original)];
  assert.equal(a.config.data, 'given', what);
  assert.equal(b.config.data, 'drawn', what);
  delete a.config.data;
  delete b.config.data;
  if (a.summary.inconclusive?.message !== b.summary.inconclusive?.message) {
    assert.equal(a.summary.inconclusive?.reason, b.summary.inconclusive?.reason, what);
    assert.match(b.summary.inconclusive.message, /--init scaled/, what);
    assert.doesNotMatch(a.summary.inconclusive.message, /--init/, what);
    delete a.summary.inconclusive.message;
    delete b.summary.inconclusive.message;
  }
  assert.deepEqual(a, b, what);
}

describe('replay: a --json report is a valid --input', () => {
  const models = ['linear', 'sigmoid', 'tanh', 'relu', 'softplus'];
  const schemes = ['central', 'forward', 'backward', 'five-point', 'richardson', 'complex-step'];
  for (const model of models) {
    for (const dtype of ['float64', 'float32']) {
      it(`${model} ${dtype}, every scheme: byte-identical when nothing is overridden`, async () => {
        for (const scheme of schemes) {
          const args = [
            '--json',
            '--model',
            model,
            '--dtype',
            dtype,
            '--scheme',
            scheme,
            '-n',
            '5',
            '-d',
            '3',
            '-C',
            '3',
            '--seed',
            'r',
          ];
          const original = await runInProcess(args);
          const replayed = await runInProcess(['--json', '--input', tempFile(original.stdout)]);
          assert.equal(replayed.stderr, '');
          assertSameReport(replayed.stdout, original.stdout, `${model} ${dtype} ${scheme}`);
          assert.equal(replayed.code, original.code);
        }
      });
    }
  }

  it('with --wrt W,X, --sample, --fast, --bug, a torch seed and fixed eps too', async () => {
    for (const extra of [
      ['--wrt', 'W,X'],
      ['--sample', '4'],
      ['--fast'],
      ['--bug', 'half'],
      ['--rng', 'torch', '--seed', '7', '--eps', '1e-4'],
    ]) {
      const original = await runInProcess(['--json', ...extra]);
      const replayed = await runInProcess(['--json', '--input', tempFile(original.stdout)]);
      assertSameReport(replayed.stdout, original.stdout, extra.join(' '));
    }
  });

  it('flags on the command line override the config', async () => {
    const original = await runInProcess(['--json', '--model', 'tanh', '--tolerance', 'allclose', '--atol', '1e-7']);
    const replayed = JSON.parse(
      (await runInProcess(['--json', '--input', tempFile(original.stdout), '--atol', '0', '--scheme', 'five-point']))
        .stdout,
    );
    assert.equal(replayed.config.model, 'tanh');
    assert.equal(replayed.config.atol, 0);
    assert.equal(replayed.config.scheme, 'five-point');
    assert.deepEqual(replayed.inputs, JSON.parse(original.stdout).inputs);
  });
});

/** A 2×2×1 input of signed values. */
const SMALL = {
  X: [
    [1, -2],
    [0.5, 1],
  ],
  W: [[0.3], [-0.4]],
  T: [[1], [0]],
};

describe('replay: the command line over the config', () => {
  it('--sample over a replayed --fast; --no-fast and --bug none switch a replayed one off', async () => {
    const fast = tempFile((await runInProcess(['--json', '--fast'])).stdout);
    const sampled = JSON.parse((await runInProcess(['--json', '--input', fast, '--sample', '2'])).stdout);
    assert.deepEqual([sampled.config.fast, sampled.config.sample, sampled.entries.length], [false, 2, 2]);
    const every = JSON.parse((await runInProcess(['--json', '--input', fast, '--no-fast'])).stdout);
    assert.deepEqual([every.config.fast, every.entries.length], [false, 6]);
    const bugged = tempFile((await runInProcess(['--json', '--bug', 'sign'])).stdout);
    assert.equal((await runInProcess(['--input', bugged])).code, 1);
    const fixed = await runInProcess(['--json', '--input', bugged, '--bug', 'none']);
    assert.equal(fixed.code, 0);
    assert.equal(JSON.parse(fixed.stdout).config.bug, null);
  });

  it('a plain { X, W, T } input may carry a config: it is replayed, not ignored', async () => {
    const path = tempFile({ ...SMALL, config: { model: 'tanh', scheme: 'five-point' } });
    const r = JSON.parse((await runInProcess(['--json', '--input', path])).stdout);
    assert.deepEqual([r.config.model, r.config.scheme, r.config.data], ['tanh', 'five-point', 'given']);
  });

  it('the header of given data names no seed, unless the sample or the direction is drawn from it', async () => {
    const path = tempFile(SMALL);
    assert.match((await runInProcess(['--input', path])).stdout, /; n=2 d=2 C=1, X, W, T as given\n/);
    assert.match(
      (await runInProcess(['--input', path, '--fast'])).stdout,
      /X, W, T as given, the direction drawn from seed 42 \(arc4\)\n/,
    );
    assert.match(
      (await runInProcess(['--input', path, '--sample', '1'])).stdout,
      /X, W, T as given, the sample drawn from seed 42 \(arc4\)\n/,
    );
    assert.match((await runInProcess([])).stdout, /; n=4 d=3 C=2, seed 42 \(arc4\)\n/);
  });
});

describe('--wrt X', () => {
  for (const c of reference.cases) {
    it(`∂l/∂X against PyTorch: seed ${c.seed} ${c.n}×${c.d}×${c.C} ${c.model} ${c.dtype}`, () => {
      const r = JSON.parse(runCli([...torchCaseArgs(c), '--wrt', 'W,X', '--json']).stdout);
      const xs = r.entries.filter((e: { param: string }) => e.param === 'X');
      assert.equal(xs.length, c.n * c.d);
      const expected = c.grad_X_autograd.flat();
      const scale = Math.max(...expected.map(Math.abs));
      xs.forEach((e: { index: number[]; analytic: number; numeric: number }, k: number) => {
        assert.deepEqual(e.index, [Math.floor(k / c.d), k % c.d]);
        if (c.dtype === 'float64') {
          assertClose(e.analytic, expected[k], 1e-12, `X[${e.index}]`, scale * 1e-3);
          assert.ok(
            Math.abs(e.numeric - expected[k]) <= 1e-7 * Math.max(1, scale),
            `numeric X[${e.index}]: ${e.numeric} vs ${expected[k]}`,
          );
        } else {
          assert.ok(
            Math.abs(e.analytic - expected[k]) <= 4 * ulp32(expected[k] || 1) + 1e-6 * scale,
            `X[${e.index}]: ${e.analytic} vs ${expected[k]}`,
          );
        }
      });
    });
  }

  it('local and full differences agree for X (one row of Z moves per entry)', () => {
    const args = ['--wrt', 'X', '--model', 'softplus', '-n', '6', '-d', '4', '-C', '3', '--json'];
    const local = JSON.parse(runCli(args).stdout).entries;
    const full = JSON.parse(runCli([...args, '--numeric', 'full']).stdout).entries;
    for (const [k, e] of (local as { numeric: number }[]).entries())
      assert.ok(Math.abs(e.numeric - full[k].numeric) <= 1e-9);
  });

  it('bugs corrupt ∂l/∂X too, and are diagnosed there', () => {
    const r = JSON.parse(runCli(['--wrt', 'X', '--bug', 'double', '--json']).stdout);
    assert.equal(r.summary.diagnosis.code, 'scale');
    assert.ok(Math.abs(r.summary.diagnosis.factor - 2) < 1e-9);
  });
});

describe('numbers that overflow', () => {
  it('X entries of 1e308: the loss is ∞, the table and JSON say so, exit 4 (nothing proved) with an explanation, never pass', () => {
    const path = tempFile({
      X: [
        [1e308, 1],
        [2, 3],
      ],
      W: [[10], [1]],
      T: [[0], [1]],
    });
    const json = runCli(['--input', path, '--model', 'linear', '--json']);
    assert.equal(json.code, 4);
    const report = JSON.parse(json.stdout);
    assert.equal(report.loss.sumHalf, 'Infinity');
    assert.equal(report.summary.pass, false);
    assert.ok(report.summary.nonFinite > 0);
    assert.equal(report.summary.diagnosis.code, 'nonfinite');
    assert.equal(report.summary.inconclusive.reason, 'nonfinite');
    assert.ok(
      report.entries.some(
        (e: { numeric: unknown }) => e.numeric === 'NaN' || e.numeric === 'Infinity' || e.numeric === '-Infinity',
      ),
    );
    const table = runCli(['--input', path, '--model', 'linear']);
    assert.equal(table.code, 4);
    assert.match(table.stdout, /the loss itself is Infinity: it was not a finite number at the unperturbed parameters/);
    assert.match(table.stdout, /diagnosis: nonfinite — .* nothing can be concluded about the gradient/);
    assert.doesNotMatch(table.stdout, /PASS/);
  });

  it('a module whose loss is NaN proves nothing (exit 4), it is not a usage error', () => {
    const m = tempFile(
      'export const parameters = { w: [1] }; export const loss = () => NaN; export const gradient = () => ({ w: [0] });',
      '.mjs',
    );
    const r = runCli(['--module', m, '--json']);
    assert.equal(r.code, 4);
    const d = JSON.parse(r.stdout).summary.diagnosis;
    assert.equal(d.code, 'nonfinite');
    // What was seen, not a guess at overflow: the loss next to the entry was NaN.
    assert.match(d.message, /^1 of 1 entry has a numeric value that is NaN: a loss value next to the entry was NaN/);
  });

  it('a module whose gradient is NaN where its loss is finite fails (exit 1): the gradient is wrong', () => {
    const m = tempFile(
      'export const parameters = { w: [1, 2] }; export const loss = ({ w }) => w[0] * w[1]; export const gradient = () => ({ w: [NaN, 1] });',
      '.mjs',
    );
    const r = runCli(['--module', m, '--json']);
    assert.equal(r.code, 1);
    const s = JSON.parse(r.stdout).summary;
    assert.equal(s.verdict, 'fail');
    assert.match(s.diagnosis.message, /^1 of 2 analytic values is NaN or infinite where the numeric ones are finite/);
  });
});
