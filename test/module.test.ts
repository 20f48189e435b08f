import { AssertionError } from 'node:assert';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FunctionReport, GradientProblem } from 'gradcheck';
import { assertGradient, checkGradient, renderJson } from 'gradcheck';
import { busyModule, closedSchema, runCli, tempFile } from './helpers.js';

describe('--module', () => {
  it('examples/softmax.mjs: a correct softmax cross-entropy layer passes', () => {
    const r = runCli(['--module', 'examples/softmax.mjs', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.config.model, 'module');
    assert.equal(report.config.module, 'examples/softmax.mjs');
    assert.deepEqual(Object.keys(report.inputs.parameters), ['W', 'b']);
    assert.deepEqual(
      report.entries.map((e: { param: string; index: number[] }) => `${e.param}${JSON.stringify(e.index)}`).slice(0, 4),
      ['W[0,0]', 'W[0,1]', 'W[0,2]', 'W[1,0]'],
    );
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

  it("a TypeScript module (.ts, .mts; parameters declared as an interface) loads through the project's tsx; without tsx, what to install", async () => {
    const ts = runCli(['--module', 'examples/layer.ts', '--json']);
    assert.equal(ts.code, 0, ts.stderr);
    assert.equal(JSON.parse(ts.stdout).summary.checked, 4);
    const { mkdtempSync, copyFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const bare = mkdtempSync(join(tmpdir(), 'gradcheck-ts-'));
    copyFileSync('examples/layer.ts', join(bare, 'layer.mts'));
    const alone = runCli(['--module', join(bare, 'layer.mts')], {}, bare);
    assert.equal(alone.code, 2);
    assert.equal(alone.stdout, '');
    assert.match(alone.stderr, /is TypeScript, .*install tsx in your project \(npm install --save-dev tsx\)/);
  });

  it("the numeric values are the loss's own differences: a quadratic gives them exactly", () => {
    const m = tempFile(
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
    [
      'export const parameters = { w: [1] };\nexport const loss = () => 0;',
      '.mjs',
      "exports {loss, parameters}; it lacks 'gradient'",
    ],
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
    [
      'export const parameters = { w: [1, 2] }; export const loss = (p) => { p.w[1] *= 0.5; return p.w[0]; }; export const gradient = () => ({ w: [1, 0] });',
      '.mjs',
      'loss changed the parameters it was given (w[1]: 2 → 1): it must leave them as they are',
    ],
    [
      'export const parameters = { b: [[1], [2]] }; export const loss = (p) => p.b[0][0]; export const gradient = (p) => { p.b[1][0] = 0; return { b: [[1], [0]] }; };',
      '.mjs',
      'gradient changed the parameters it was given (b[1,0]: 2 → 0)',
    ],
    ['export const parameters = {; }', '.mjs', 'cannot be loaded'],
    ['module.exports = { parameters: { w: [1] }, loss: () => 1 };', '.cjs', "lacks 'gradient'"],
  ];
  for (const [source, ext, message] of broken) {
    it(`refuses a module that breaks the contract: ${message}`, () => {
      const path = tempFile(source, ext);
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
    const hang = tempFile(
      'export const parameters = { w: [1] }; export const loss = () => { for (;;) {} }; export const gradient = () => ({ w: [0] });',
      '.mjs',
    );
    const r = runCli(['--module', hang, '--timeout', '0.5']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(
      r.stderr,
      `gradcheck: error: module ${hang}: a call of one of its functions did not return within 0.5 s: it never returns? (--timeout 0.5, per call; 0 waits for ever).\n`,
    );
  });

  it('--timeout is per call: 81 calls of 20 ms each (1.6 s) pass within --timeout 0.5', () => {
    const slow = busyModule(40, 20, 0.25);
    const r = runCli(['--module', slow, '--timeout', '0.5', '--tolerance', 'allclose', '--eps', '1e-3', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).entries.length, 40);
  });

  it("a module's console.log and process.stdout.write go to stderr: --json stays valid", () => {
    const chatty = tempFile(
      `console.log('loading');
       export const parameters = { w: [1, 2] };
       export const loss = ({ w }) => { process.stdout.write('.'); return w[0] ** 2 + 3 * w[1]; };
       export const gradient = ({ w }) => { console.log('gradient'); return { w: [2 * w[0], 3] }; };`,
      '.mjs',
    );
    const r = runCli(['--module', chatty, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).entries.length, 2);
    assert.match(r.stderr, /^loading\n/);
    assert.match(r.stderr, /gradient\n/);
    assert.match(r.stderr, /\.\.\./);
  });

  it('a module that calls process.exit() is a usage error naming it, with or without a timeout', () => {
    for (const timeout of ['0', '60']) {
      const r = runCli(['--module', 'fixtures/bad/exits.mjs', '--timeout', timeout, '--json']);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.equal(
        r.stderr,
        'gradcheck: error: module fixtures/bad/exits.mjs ended the check itself: it called exit with code 7; a module must return, not exit.\n',
      );
    }
  });

  it("only the perturbed entry is written into the module's arrays: the loss sees every other entry as given", () => {
    // The loss records how many entries differ from the initial parameters: never more than one.
    const spy = tempFile(
      `const start = [0.5, -1, 2, 0.25];
       let most = 0;
       export const parameters = { w: [start.slice(0, 2), start.slice(2)] };
       export const loss = ({ w }) => {
         const flat = w.flat();
         most = Math.max(most, flat.filter((v, k) => v !== start[k]).length);
         if (most > 1) throw new Error(\`\${most} entries moved at once\`);
         return flat.reduce((s, v) => s + Math.exp(v), 0);
       };
       export const gradient = ({ w }) => ({ w: w.map((row) => row.map(Math.exp)) });`,
      '.mjs',
    );
    const r = runCli(['--module', spy, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).summary.pass, true);
  });

  it("--debug adds the module's own stack", () => {
    const path = tempFile(
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
    const m = tempFile(
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
          /^gradient check failed: 4 of 5 entries outside their estimated bounds \(\|a − n\| ≤ 4·\(truncation \+ roundoff\) \+ rounding\)\nentry +analytic +numeric +\|a − n\| +bound\n/,
        );
        assert.match(e.message, /w\[1,1\] +8 +4(\.0+\d*)? +4\.00e\+0/);
        assert.match(
          e.message,
          /diagnosis: scale — in w alone \(the other parameters pass\): analytic ≈ 2 × numeric everywhere/,
        );
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

describe('module reports against the schema', () => {
  it('validate, for every example and for --fast and --sample', async () => {
    const { Ajv } = await import('ajv');
    const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(closedSchema('report'));
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

describe('labels a module may choose', () => {
  it('markdown escapes | _ * in parameter names; csv quotes a field only when it must', () => {
    const m = tempFile(
      `export const parameters = { 'a|b': [1, 2], c_d: 3 };
       export const loss = (p) => p['a|b'][0] ** 2 + p['a|b'][1] + p.c_d ** 2;
       export const gradient = (p) => ({ 'a|b': [2 * p['a|b'][0], 1], c_d: 2 * p.c_d });`,
      '.mjs',
    );
    const md = runCli(['--module', m, '--format', 'markdown']).stdout;
    assert.match(md, /^\| a\\\|b\[0\] \| 2 \| 2 \|/m);
    assert.match(md, /^\| c\\_d \| 6 \| 6 \|/m);
    // Every table row keeps its 8 cells.
    for (const row of md.split('\n').filter((l) => l.startsWith('| a') || l.startsWith('| c')))
      assert.equal(row.split(/(?<!\\)\|/).length - 2, 8, row);
    const csv = runCli(['--module', m, '--format', 'csv']).stdout.split('\n');
    assert.match(csv[1], /^a\|b\[0\],2,2,/);
    assert.match(runCli(['--format', 'csv']).stdout.split('\n')[1], /^"W\[0,0\]",/);
  });
});

describe('kinks in a module (|x|, max, clamp): found by one-sided differences, judged as subgradients', () => {
  const json = (args: string[]) => {
    const r = runCli([...args, '--json']);
    return { code: r.code, report: JSON.parse(r.stdout) };
  };
  type E = { param: string; index: number[]; status: string; low?: number; high?: number; analytic: number };
  const label = (e: E) => `${e.param}[${e.index}]`;

  it('examples/kinks.mjs passes (exit 0): the four entries at a kink are kinks with their ranges, the rest pass', () => {
    const { code, report } = json(['--module', 'examples/kinks.mjs']);
    assert.equal(code, 0);
    const kinks = (report.entries as E[]).filter((e) => e.status === 'kink');
    assert.deepEqual(kinks.map(label), ['w[0]', 'w[1]', 'r[0]', 'k[0]']);
    // The ranges, by hand: |x| gives [−1, 1], 2·max(0, x) gives [0, 2], 3·clamp(x, −1, 1) at 1 gives [0, 3] — to 5%:
    // the kink lies a hair (c) off w, inside the step h, and the extrapolated one-sided differences are off by 6c/h.
    const expected = [
      [-1, 1],
      [-1, 1],
      [0, 2],
      [0, 3],
    ];
    kinks.forEach((e, i) => {
      for (const [j, v] of [e.low, e.high].entries())
        assert.ok(
          Math.abs((v ?? NaN) - expected[i][j]) <= 0.05 * Math.max(1, Math.abs(expected[i][j])),
          `${label(e)}: ${v}`,
        );
    });
    assert.equal(report.summary.kinks, 4);
    assert.deepEqual(report.summary.uninformative, { kinks: 4 });
  });

  it('a wrong value at a kink, outside its range, fails; --bug sign/half/double fail, sign diagnosed through the ranges', () => {
    const outside = tempFile(
      `export const parameters = { w: [0], v: [0.5] };
       export const loss = ({ w, v }) => Math.abs(w[0] - 1e-9) + v[0] ** 3;
       export const gradient = ({ w, v }) => ({ w: [1.5], v: [3 * v[0] ** 2] });`,
      '.mjs',
    );
    const r = json(['--module', outside]);
    assert.equal(r.code, 1);
    assert.equal((r.report.entries as E[])[0].status, 'fail');
    for (const bug of ['sign', 'half', 'double'])
      assert.equal(json(['--module', 'examples/kinks.mjs', '--bug', bug]).code, 1, bug);
    assert.equal(json(['--module', 'examples/kinks.mjs', '--bug', 'sign']).report.summary.diagnosis.code, 'sign');
  });

  it('every entry at a kink proves nothing (exit 4); a smooth wrong gradient is never taken for a kink', () => {
    const relu = tempFile(
      `export const parameters = { w: [0, 1e-12, -1e-12] };
       export const loss = ({ w }) => w.reduce((s, x) => s + Math.max(0, x), 0);
       export const gradient = ({ w }) => ({ w: w.map((x) => (x > 0 ? 1 : 0)) });`,
      '.mjs',
    );
    const r = json(['--module', relu]);
    assert.equal(r.code, 4);
    assert.equal(r.report.summary.inconclusive.reason, 'kinks');
    for (const args of [['examples/softmax-transposed.mjs'], ['examples/mlp.cjs', '--bug', 'half']]) {
      const smooth = json(['--module', ...args]);
      assert.equal(smooth.code, 1);
      assert.equal(smooth.report.summary.kinks, 0, args.join(' '));
    }
  });
});

describe('a summary per parameter: "b2 is wrong, W1 is right", one line each', () => {
  it('one wrong parameter among right ones: its own verdict and diagnosis, the others pass', () => {
    const m = tempFile(
      `export const parameters = { W1: [[0.5, -1], [2, 0.25]], b2: [0.3, -0.7, 1.1] };
       export const loss = ({ W1, b2 }) => W1.flat().reduce((s, x) => s + Math.sin(x), 0) + b2.reduce((s, x) => s + x ** 3, 0);
       export const gradient = ({ W1, b2 }) => ({ W1: W1.map((r) => r.map(Math.cos)), b2: b2.map((x) => -3 * x * x) });`,
      '.mjs',
    );
    const r = runCli(['--module', m, '--json']);
    assert.equal(r.code, 1);
    const { parameters } = JSON.parse(r.stdout).summary;
    assert.deepEqual(
      parameters.map(
        (p: {
          name: string;
          checked: number;
          passed: number;
          failed: number;
          verdict: string;
          diagnosis: { code: string } | null;
        }) => [p.name, p.checked, p.passed, p.failed, p.verdict, p.diagnosis?.code ?? null],
      ),
      [
        ['W1', 4, 4, 0, 'pass', null],
        ['b2', 3, 0, 3, 'fail', 'sign'],
      ],
    );
    const table = runCli(['--module', m]).stdout;
    assert.match(
      table,
      /\n {2}- W1: pass, 4 of 4 entries within tolerance\n {2}- b2: FAIL, 3 of 3 entries outside tolerance — sign\n/,
    );
    // The library gives the same, and one parameter alone has no per-parameter lines.
    assert.equal(runCli(['--module', 'examples/kinks.mjs', '--json']).stdout.includes('"parameters": ['), true);
    const single = tempFile(
      'export const parameters = { w: [1, 2] }; export const loss = ({ w }) => w[0] * w[1]; export const gradient = ({ w }) => ({ w: [w[1], w[0]] });',
      '.mjs',
    );
    assert.equal(JSON.parse(runCli(['--module', single, '--json']).stdout).summary.parameters, undefined);
  });
});
