import { AssertionError } from 'node:assert';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { FunctionReport, GradientProblem } from 'gradcheck';
import { assertGradient, checkGradient, renderJson } from 'gradcheck';
import { assertClose, BIN, ROOT, reference, runCli, runInProcess } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'gradcheck-test-'));
let files = 0;
/** A temporary file holding `content` (a string, or JSON of a value). */
function file(content: unknown, ext = '.json'): string {
  const path = join(dir, `f${files++}${ext}`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

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
    const r = runCli(['--input', file(inputs), '--json', '--model', 'tanh']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.inputs, inputs);
    assert.deepEqual([report.config.n, report.config.d, report.config.C], [2, 3, 2]);
    assert.equal(report.entries.length, 6);
  });

  it('reads standard input for -', () => {
    const r = spawnSync(process.execPath, [BIN, '--input', '-', '--json'], { cwd: ROOT, input: JSON.stringify(inputs), encoding: 'utf8' });
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
      const path = file(content);
      const r = runCli(['--input', path]);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^gradcheck: error: [^\n]+\n$/);
      assert.ok(r.stderr.includes(`input ${path}`) && r.stderr.includes(message), r.stderr);
    });
  }

  it('refuses a missing file, and -n with --input', () => {
    const missing = runCli(['--input', join(dir, 'nope.json')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /option '--input <file>' argument '.*nope\.json' cannot be read: no such file/);
    const n = runCli(['--input', file(inputs), '-n', '3']);
    assert.equal(n.code, 2);
    assert.match(n.stderr, /option '-n' cannot be used with --input: the shapes come from the input/);
  });
});

describe('replay: a --json report is a valid --input', () => {
  const models = ['linear', 'sigmoid', 'tanh', 'relu', 'softplus'];
  const schemes = ['central', 'forward', 'backward', 'five-point', 'richardson', 'complex-step'];
  for (const model of models) {
    for (const dtype of ['float64', 'float32']) {
      it(`${model} ${dtype}, every scheme: byte-identical when nothing is overridden`, async () => {
        for (const scheme of schemes) {
          const args = ['--json', '--model', model, '--dtype', dtype, '--scheme', scheme, '-n', '5', '-d', '3', '-C', '3', '--seed', 'r'];
          const original = await runInProcess(args);
          const replayed = await runInProcess(['--json', '--input', file(original.stdout)]);
          assert.equal(replayed.stderr, '');
          assert.equal(replayed.stdout, original.stdout, `${model} ${dtype} ${scheme}`);
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
      const replayed = await runInProcess(['--json', '--input', file(original.stdout)]);
      assert.equal(replayed.stdout, original.stdout, extra.join(' '));
    }
  });

  it('flags on the command line override the config', async () => {
    const original = await runInProcess(['--json', '--model', 'tanh', '--atol', '1e-7']);
    const replayed = JSON.parse(
      (await runInProcess(['--json', '--input', file(original.stdout), '--atol', '0', '--scheme', 'five-point'])).stdout,
    );
    assert.equal(replayed.config.model, 'tanh');
    assert.equal(replayed.config.atol, 0);
    assert.equal(replayed.config.scheme, 'five-point');
    assert.deepEqual(replayed.inputs, JSON.parse(original.stdout).inputs);
  });
});

describe('--wrt X', () => {
  for (const c of reference.cases) {
    it(`∂l/∂X against PyTorch: seed ${c.seed} ${c.n}×${c.d}×${c.C} ${c.model} ${c.dtype}`, () => {
      const r = JSON.parse(
        runCli([
          '--rng',
          'torch',
          '--seed',
          String(c.seed),
          '-n',
          String(c.n),
          '-d',
          String(c.d),
          '-C',
          String(c.C),
          '--domain',
          String(c.domain),
          '--model',
          c.model,
          '--dtype',
          c.dtype,
          '--wrt',
          'W,X',
          '--json',
        ]).stdout,
      );
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
    for (const [k, e] of (local as { numeric: number }[]).entries()) assert.ok(Math.abs(e.numeric - full[k].numeric) <= 1e-9);
  });

  it('bugs corrupt ∂l/∂X too, and are diagnosed there', () => {
    const r = JSON.parse(runCli(['--wrt', 'X', '--bug', 'double', '--json']).stdout);
    assert.equal(r.summary.diagnosis.code, 'scale');
    assert.ok(Math.abs(r.summary.diagnosis.factor - 2) < 1e-9);
  });
});

describe('--module', () => {
  it('examples/softmax.mjs: a correct softmax cross-entropy layer passes', () => {
    const r = runCli(['--module', 'examples/softmax.mjs', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.config.model, 'module');
    assert.equal(report.config.module, 'examples/softmax.mjs');
    assert.deepEqual(Object.keys(report.inputs.parameters), ['W', 'b']);
    assert.deepEqual(report.entries.map((e: { param: string; index: number[] }) => `${e.param}${JSON.stringify(e.index)}`).slice(0, 4), [
      'W[0,0]',
      'W[0,1]',
      'W[0,2]',
      'W[1,0]',
    ]);
    assert.equal(report.entries.length, 12);
  });

  it('examples/softmax-transposed.mjs: the transposed term fails and is diagnosed in W', () => {
    const r = runCli(['--module', 'examples/softmax-transposed.mjs']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /diagnosis: transpose — in W alone \(the other parameters pass\)/);
  });

  it('examples/mlp.cjs: a two-layer perceptron (CommonJS, default export) passes, with every scheme', () => {
    for (const scheme of ['central', 'five-point', 'richardson']) {
      const r = runCli(['--module', 'examples/mlp.cjs', '--scheme', scheme, '--json']);
      assert.equal(r.code, 0, `${scheme}: ${r.stderr}`);
      assert.equal(JSON.parse(r.stdout).entries.length, 2 * 4 + 4 + 4 + 1);
    }
  });

  it("the numeric values are the loss's own differences: a quadratic gives them exactly", () => {
    const m = file(
      `export const parameters = { a: [1.5, -2], s: 0.5 };
export const loss = (p) => p.a[0] ** 2 + 3 * p.a[1] + p.s * p.a[0];
export const gradient = (p) => ({ a: [2 * p.a[0] + p.s, 3], s: p.a[0] });`,
      '.mjs',
    );
    const report = JSON.parse(runCli(['--module', m, '--eps', '0.25', '--json']).stdout);
    assert.deepEqual(
      report.entries.map((e: { numeric: number }) => e.numeric),
      [3.5, 3, 1.5],
    );
    assert.deepEqual(
      report.entries.map((e: { index: number[] }) => e.index),
      [[0], [1], []],
    );
  });

  const broken: [string, string, string][] = [
    ['export const parameters = { w: [1] };\nexport const loss = () => 0;', '.mjs', "lacks 'gradient'"],
    [
      'export default { parameters: { w: [1] }, loss() { throw new Error("boom"); }, gradient: () => ({ w: [0] }) };',
      '.mjs',
      'loss threw: boom',
    ],
    [
      'export const parameters = { w: [1] }; export const loss = () => "x"; export const gradient = () => ({ w: [0] });',
      '.mjs',
      'loss returned a string, expected a number',
    ],
    [
      'export const parameters = { w: [1, 2] }; export const loss = () => 1; export const gradient = () => ({ w: [0] });',
      '.mjs',
      'gradient w does not have the shape of the parameter: expected a number at w[1]',
    ],
    [
      'export const parameters = { w: [1] }; export const loss = () => 1; export const gradient = () => ({ v: [0] });',
      '.mjs',
      "gradient has 'v', which is not a parameter",
    ],
    [
      'export const parameters = { w: [1, NaN] }; export const loss = () => 1; export const gradient = () => ({ w: [0, 0] });',
      '.mjs',
      'parameter w[1] is NaN, expected a finite number',
    ],
    [
      'export const parameters = () => { throw new Error("no params"); }; export const loss = () => 1; export const gradient = () => ({});',
      '.mjs',
      'parameters threw: no params',
    ],
    ['export const parameters = {; }', '.mjs', 'cannot be loaded'],
    ['module.exports = { parameters: { w: [1] }, loss: () => 1 };', '.cjs', "lacks 'gradient'"],
  ];
  for (const [source, ext, message] of broken) {
    it(`refuses a module that breaks the contract: ${message}`, () => {
      const path = file(source, ext);
      const r = runCli(['--module', path]);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^gradcheck: error: [^\n]+\n$/);
      assert.ok(r.stderr.includes(path) && r.stderr.includes(message), r.stderr);
    });
  }

  it('a missing module, and one that never returns (--timeout)', () => {
    const missing = runCli(['--module', 'nope.mjs']);
    assert.equal(missing.code, 2);
    assert.ok(missing.stderr.includes("option '--module <path>' argument 'nope.mjs' cannot be loaded: no such file."));
    const hang = file(
      'export const parameters = { w: [1] }; export const loss = () => { for (;;) {} }; export const gradient = () => ({ w: [0] });',
      '.mjs',
    );
    const r = runCli(['--module', hang, '--timeout', '0.5']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(
      r.stderr,
      `gradcheck: error: module ${hang} did not finish within 0.5 s: its loss or gradient never returns? (--timeout 0.5; 0 waits for ever).\n`,
    );
  });

  it("--debug adds the module's own stack", () => {
    const path = file(
      'export default { parameters: { w: [1] }, loss() { throw new Error("boom"); }, gradient: () => ({ w: [0] }) };',
      '.mjs',
    );
    const r = runCli(['--module', path, '--debug']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /loss threw: boom\.\nError: boom\n\s+at Object\.loss/);
  });

  it("refuses what a module cannot do, and the built-in model's flags", () => {
    for (const [args, message] of [
      [['--scheme', 'complex-step'], 'complex-step needs the loss in complex arithmetic'],
      [['--dtype', 'float32'], '--dtype float32'],
      [['--numeric', 'local'], '--numeric local'],
      [['-n', '3'], "'-n <rows>' cannot be used with --module"],
      [['--bug', 'transpose'], 'sign, half or double'],
    ] as const) {
      const r = runCli(['--module', 'examples/softmax.mjs', ...args]);
      assert.equal(r.code, 2, args.join(' '));
      assert.ok(r.stderr.includes(message), r.stderr);
    }
  });
});

describe('library API, imported as a user would (import … from "gradcheck")', () => {
  const quadratic: GradientProblem = {
    parameters: {
      w: [
        [1, 2],
        [3, 4],
      ],
      b: 0.5,
    },
    loss: (p) => (p.w as number[][]).flat().reduce((s, v) => s + v * v, 0) / 2 + 3 * (p.b as number),
    gradient: (p) => ({ w: p.w, b: 3 }),
  };

  it('checkGradient returns the report that --module --json writes', () => {
    const report: FunctionReport = checkGradient(quadratic, { module: 'q.mjs' });
    assert.equal(report.summary.pass, true);
    assert.deepEqual(
      report.entries.map((e) => `${e.param}${e.index.join(',')}`),
      ['w0,0', 'w0,1', 'w1,0', 'w1,1', 'b'],
    );
    const m = file(
      `export const parameters = { w: [[1, 2], [3, 4]], b: 0.5 };
export const loss = (p) => p.w.flat().reduce((s, v) => s + v * v, 0) / 2 + 3 * p.b;
export const gradient = (p) => ({ w: p.w, b: 3 });`,
      '.mjs',
    );
    const cli = runCli(['--module', m, '--json']).stdout;
    assert.equal(renderJson({ ...report, config: { ...report.config, module: m } }), cli);
  });

  it('assertGradient returns quietly when right, and throws an AssertionError with the worst entries and the diagnosis when wrong', () => {
    assert.equal(assertGradient(quadratic).summary.pass, true);
    const wrong: GradientProblem = {
      ...quadratic,
      gradient: (p) => ({ w: (p.w as number[][]).map((row) => row.map((v) => 2 * v)), b: 3 }),
    };
    assert.throws(
      () => assertGradient(wrong),
      (e: unknown) => {
        assert.ok(e instanceof AssertionError);
        assert.match(
          e.message,
          /^gradient check failed: 4 of 5 entries outside \|a − n\| ≤ 0\.00001 \+ 0\.001·\|n\|\nentry +analytic +numeric +\|a − n\|\n/,
        );
        assert.match(e.message, /w\[1,1\] +8 +4(\.0+\d*)? +4\.00e\+0/);
        assert.match(e.message, /diagnosis: scale — in w alone \(the other parameters pass\): analytic ≈ 2 × numeric everywhere/);
        return true;
      },
    );
  });

  it('parameters may be a function of the seeded random()', () => {
    const seen: number[] = [];
    const problem: GradientProblem = {
      parameters: (random) => ({ v: [random(), random()] }),
      loss: (p) => {
        seen.push(1);
        return (p.v as number[]).reduce((s, x) => s + x ** 3, 0);
      },
      gradient: (p) => ({ v: (p.v as number[]).map((x) => 3 * x * x) }),
    };
    const a = checkGradient(problem, { seed: 5 });
    const b = checkGradient(problem, { seed: 5 });
    assert.deepEqual(a.inputs, b.inputs);
    assert.notDeepEqual(a.inputs, checkGradient(problem, { seed: 6 }).inputs);
    assert.equal(a.summary.pass, true);
  });
});

describe('numbers that overflow', () => {
  it('X entries of 1e308: the loss is ∞, the table and JSON say so, exit 1 with an explanation, never pass', () => {
    const path = file({
      X: [
        [1e308, 1],
        [2, 3],
      ],
      W: [[10], [1]],
      T: [[0], [1]],
    });
    const json = runCli(['--input', path, '--model', 'linear', '--json']);
    assert.equal(json.code, 1);
    const report = JSON.parse(json.stdout);
    assert.equal(report.loss.sumHalf, 'Infinity');
    assert.equal(report.summary.pass, false);
    assert.ok(report.summary.nonFinite > 0);
    assert.equal(report.summary.diagnosis.code, 'nonfinite');
    assert.ok(
      report.entries.some((e: { numeric: unknown }) => e.numeric === 'NaN' || e.numeric === 'Infinity' || e.numeric === '-Infinity'),
    );
    const table = runCli(['--input', path, '--model', 'linear']);
    assert.equal(table.code, 1);
    assert.match(table.stdout, /the loss itself is Infinity: the inputs are too large for float64/);
    assert.match(table.stdout, /diagnosis: nonfinite — .* nothing can be concluded about the gradient/);
    assert.doesNotMatch(table.stdout, /PASS/);
  });

  it('a module whose loss is NaN fails (exit 1), it is not a usage error', () => {
    const m = file(
      'export const parameters = { w: [1] }; export const loss = () => NaN; export const gradient = () => ({ w: [0] });',
      '.mjs',
    );
    const r = runCli(['--module', m, '--json']);
    assert.equal(r.code, 1);
    assert.equal(JSON.parse(r.stdout).summary.diagnosis.code, 'nonfinite');
  });
});

describe('module reports against the schema', () => {
  it('validate, for every example and for --fast and --sample', async () => {
    const { Ajv } = await import('ajv');
    const { readFileSync } = await import('node:fs');
    const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(
      JSON.parse(readFileSync(new URL('../schema/report.schema.json', import.meta.url), 'utf8')),
    );
    for (const args of [
      ['examples/softmax.mjs'],
      ['examples/softmax-transposed.mjs'],
      ['examples/mlp.cjs', '--fast'],
      ['examples/mlp.cjs', '--sample', '5'],
    ]) {
      const r = runCli(['--module', ...args, '--json']);
      const doc = JSON.parse(r.stdout) as { summary: { pass: boolean } };
      assert.ok(validate(doc), `${args.join(' ')}: ${JSON.stringify(validate.errors)}`);
      assert.equal(doc.summary.pass, r.code === 0);
    }
  });
});
