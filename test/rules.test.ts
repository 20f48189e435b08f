import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import type { FunctionReport, HessianProblem, JacobianProblem } from 'gradcheck';
import { checkHvp, checkJvp, checkVjp } from 'gradcheck';
import { closedSchema, runCli, tempFile } from './helpers.js';

// A fixed 3×4 matrix: output(w) = M·w has the Jacobian M exactly, entry by entry.
const M = [
  [1.5, -2, 0.25, 3],
  [0.5, 4, -1, 2],
  [-3, 1, 2.5, -0.75],
];
const times = (A: number[][], v: number[]) => A.map((row) => row.reduce((s, a, j) => s + a * v[j], 0));
const transposed = (A: number[][]) => A[0].map((_, j) => A.map((row) => row[j]));

type W = { w: number[] };
/** The right vjp's values, to corrupt. */
const rightVjp = (p: W, c: unknown) =>
  (smooth(M).vjp as NonNullable<JacobianProblem<W>['vjp']>)(p, c as number[]).w as number[];

/** y = tanh(M·w) + M·w: a Jacobian with no symmetry and no zeros. */
const smooth = (M: number[][]): JacobianProblem<W> & { jacobian(w: number[]): number[][] } => {
  const jacobian = (w: number[]) => {
    const z = times(M, w);
    return M.map((row, i) => row.map((a) => a * (2 - Math.tanh(z[i]) ** 2)));
  };
  return {
    parameters: { w: [0.3, -0.7, 1.1, 0.2].slice(0, M[0].length) },
    output: ({ w }) => times(M, w).map((z) => Math.tanh(z) + z),
    vjp: ({ w }, c) => ({ w: times(transposed(jacobian(w)), c as number[]) }),
    jvp: ({ w }, { w: t }) => times(jacobian(w), t as number[]),
    jacobian,
  };
};

const verdictOf = (r: FunctionReport) => [r.summary.verdict, r.summary.diagnosis?.code];

describe('vjp and jvp: the Jacobian entry by entry', () => {
  it('y = M·w: every numeric entry ∂output[i]/∂w[j] is M[i][j], and the right rules pass', () => {
    const linear: JacobianProblem<W> = {
      parameters: { w: [0.3, -0.7, 1.1, 0.2] },
      output: ({ w }) => times(M, w),
      vjp: (_, c) => ({ w: times(transposed(M), c as number[]) }),
      jvp: (_, { w: t }) => times(M, t as number[]),
    };
    for (const check of [checkVjp, checkJvp]) {
      const r = check(linear);
      assert.equal(r.summary.verdict, 'pass');
      assert.equal(r.entries.length, 12);
      for (const e of r.entries) {
        const [i] = e.output ?? [];
        assert.ok(Math.abs(e.numeric - M[i][e.index[0]]) <= 1e-12 * 4, `${e.output} ${e.index}: ${e.numeric}`);
      }
    }
  });

  it('names each entry ∂output[i]/∂w[j] with its output index, in the JSON and the table', () => {
    const r = checkVjp(smooth(M));
    assert.deepEqual(r.entries[5].output, [1]);
    assert.deepEqual(r.entries[5].index, [1]);
    const run = runCli(['--module', 'examples/softmax-vjp.mjs', '--all']);
    assert.match(run.stdout, /∂output\[2,1\]\/∂W\[0,2\]/);
  });

  it('right rules pass on a Jacobian with no symmetry (rows, columns, a sample, fast mode)', () => {
    for (const options of [{}, { sample: 5 }, { fast: true }, { tolerance: 'allclose' as const }]) {
      assert.deepEqual(verdictOf(checkVjp(smooth(M), options)), ['pass', undefined], JSON.stringify(options));
      assert.deepEqual(verdictOf(checkJvp(smooth(M), options)), ['pass', undefined], JSON.stringify(options));
    }
    assert.equal(checkVjp(smooth(M), { sample: 5 }).summary.checked, 5);
    assert.equal(checkJvp(smooth(M), { fast: true }).entries[0].param, 'direction');
  });

  // Wrong rules that must never pass, each with the diagnosis it earns.
  const wrong: [string, () => FunctionReport, string | undefined][] = [
    [
      'vjp ignoring its cotangent (ones in its place)',
      () => checkVjp({ ...smooth(M), vjp: ({ w }) => ({ w: times(transposed(smooth(M).jacobian(w)), [1, 1, 1]) }) }),
      'ignores-argument',
    ],
    [
      'jvp ignoring its tangent',
      () => checkJvp({ ...smooth(M), jvp: ({ w }) => times(smooth(M).jacobian(w), [1, 1, 1, 1]) }),
      'ignores-argument',
    ],
    [
      'vjp with a flipped sign',
      () => checkVjp({ ...smooth(M), vjp: (p, c) => ({ w: rightVjp(p, c).map((x) => -x) }) }),
      'sign',
    ],
    ['jvp doubled', () => checkJvp(smooth(M), { bug: 'double' }), 'scale'],
    [
      'vjp missing tanh′ (the linear part only)',
      () => checkVjp({ ...smooth(M), vjp: (_, c) => ({ w: times(transposed(M), c as number[]) }) }),
      'mismatch',
    ],
    [
      'vjp with one wrong entry',
      () => checkVjp({ ...smooth(M), vjp: (p, c) => ({ w: rightVjp(p, c).map((x, j) => (j === 2 ? x * 1.001 : x)) }) }),
      undefined,
    ],
    ['jvp, fast mode, halved', () => checkJvp(smooth(M), { fast: true, bug: 'half' }), 'scale'],
  ];
  for (const [name, run, code] of wrong) {
    it(`fails: ${name}${code ? ` (${code})` : ''}`, () => {
      const r = run();
      assert.equal(r.summary.verdict, 'fail');
      if (code) assert.equal(r.summary.diagnosis?.code, code);
    });
  }

  it("a rule's diagnosis names the rule and leaves the notebook's loss out of its hints", () => {
    const sign = checkJvp(smooth(M), { bug: 'sign' }).summary.diagnosis?.message ?? '';
    assert.match(sign, /^analytic ≈ −numeric: the jvp has the wrong sign\.$/);
    const half = checkVjp(smooth(M), { bug: 'half' }).summary.diagnosis?.message ?? '';
    assert.match(half, /^analytic ≈ ½ × numeric everywhere\. A constant factor on one side only: .* the vjp does not/);
    assert.doesNotMatch(sign + half, /Y−T|Y − T/);
  });

  it('a jvp giving Jᵀ·t (output and parameters of one size) is diagnosed transposed', () => {
    const square = [
      [1.5, -2, 0.25],
      [0.5, 4, -1],
      [-3, 1, 2.5],
    ];
    const p = smooth(square);
    const r = checkJvp({ ...p, jvp: ({ w }, { w: t }) => times(transposed(p.jacobian(w)), t as number[]) });
    assert.deepEqual(
      [r.summary.verdict, r.summary.diagnosis?.code, r.summary.diagnosis?.transposed],
      ['fail', 'transpose', 'jacobian'],
    );
    assert.match(r.summary.diagnosis?.message ?? '', /Jᵀ·t/);
    // A vjp giving J·c for Jᵀ·c: the same transposed Jacobian, worded for the vjp.
    const v = checkVjp({ ...p, vjp: ({ w }, c) => ({ w: times(p.jacobian(w), c as number[]) }) });
    assert.deepEqual(
      [v.summary.verdict, v.summary.diagnosis?.code, v.summary.diagnosis?.transposed],
      ['fail', 'transpose', 'jacobian'],
    );
    assert.match(v.summary.diagnosis?.message ?? '', /J·c for Jᵀ·c/);
  });

  it('a Jacobian over 10⁵ entries is checked through 4 random cotangents: ∂⟨c1, output⟩/∂w[j]', () => {
    const n = 320; // 320 × 320 = 102,400 entries
    const elementwise: JacobianProblem<W> = {
      parameters: { w: Array.from({ length: n }, (_, i) => Math.sin(i)) },
      output: ({ w }) => w.map(Math.tanh),
      vjp: ({ w }, c) => ({ w: w.map((x, i) => (1 - Math.tanh(x) ** 2) * (c as number[])[i]) }),
    };
    const r = checkVjp(elementwise);
    assert.equal(r.summary.verdict, 'pass');
    assert.equal(r.entries.length, 4 * n);
    assert.deepEqual([...new Set(r.entries.map((e) => e.cotangent))], [1, 2, 3, 4]);
    const ignoring = checkVjp({ ...elementwise, vjp: ({ w }) => ({ w: w.map((x) => 1 - Math.tanh(x) ** 2) }) });
    assert.deepEqual(verdictOf(ignoring), ['fail', 'ignores-argument']);
  });
});

describe('large Jacobians of jvp and hvp: 4 random cotangents over the columns of every basis tangent', () => {
  const n = 320;
  const w = Array.from({ length: n }, (_, i) => Math.cos(i));
  it('the jvp of tanh, elementwise: passes; a tangent ignored fails', () => {
    const problem: JacobianProblem<W> = {
      parameters: { w },
      output: ({ w }) => w.map(Math.tanh),
      jvp: ({ w }, { w: t }) => w.map((x, i) => (1 - Math.tanh(x) ** 2) * (t as number[])[i]),
    };
    const r = checkJvp(problem);
    assert.deepEqual([r.summary.verdict, r.entries.length, r.entries[0].cotangent], ['pass', 4 * n, 1]);
    assert.equal(checkJvp({ ...problem, jvp: ({ w }) => w.map((x) => 1 - Math.tanh(x) ** 2) }).summary.verdict, 'fail');
  });
  it('the hvp of Σ w⁴/4 (H = diag 3w²): passes; doubled fails, diagnosed scale 2', () => {
    const problem: HessianProblem<W> = {
      parameters: { w },
      gradient: ({ w }) => ({ w: w.map((x) => x ** 3) }),
      hvp: ({ w }, { w: v }) => ({ w: w.map((x, i) => 3 * x * x * (v as number[])[i]) }),
    };
    assert.equal(checkHvp(problem).summary.verdict, 'pass');
    const doubled = checkHvp(problem, { bug: 'double' }).summary;
    assert.deepEqual([doubled.verdict, doubled.diagnosis?.code], ['fail', 'scale']);
    assert.ok(Math.abs((doubled.diagnosis?.factor ?? NaN) - 2) < 1e-6);
  });
});

describe('hvp: the Hessian column by column, against differences of the gradient', () => {
  const A = [
    [2, 0.5, -0.3],
    [0.5, 1, 0.2],
    [-0.3, 0.2, 3],
  ];
  const quadratic: HessianProblem<W> = {
    parameters: { w: [0.4, -0.8, 1.2] },
    gradient: ({ w }) => ({ w: times(A, w) }),
    hvp: (_, { w: v }) => ({ w: times(A, v as number[]) }),
  };
  it('½wᵀAw: every numeric ∂²l/∂w[i]∂w[j] is A[i][j] within its stated roundoff; the right hvp passes', () => {
    const r = checkHvp(quadratic);
    assert.equal(r.summary.verdict, 'pass');
    // A linear gradient has no truncation error: what is left is rounding, which the entry's roundoff bounds.
    for (const e of r.entries) {
      const error = Math.abs(e.numeric - A[e.output?.[0] ?? -1][e.index[0]]);
      assert.ok(error <= e.roundoff && e.roundoff < 1e-10, `${e.output} ${e.index}: ${error} > ${e.roundoff}`);
    }
    assert.equal(r.entries[1].outputParam, 'w');
  });
  it('wrong hvps fail: the sign, a factor ½, v ignored', () => {
    assert.deepEqual(verdictOf(checkHvp(quadratic, { bug: 'sign' })), ['fail', 'sign']);
    assert.equal(checkHvp(quadratic, { bug: 'half' }).summary.diagnosis?.factor, 0.5);
    assert.deepEqual(verdictOf(checkHvp({ ...quadratic, hvp: () => ({ w: times(A, [1, 1, 1]) }) })), [
      'fail',
      'ignores-argument',
    ]);
  });
});

describe('gradcheck --module with several rules', () => {
  it('examples: each rule exits as its comment says', () => {
    const expected: [string, number, RegExp][] = [
      ['examples/softmax-vjp.mjs', 0, /PASS {2}81\/81/],
      [
        'examples/softmax-vjp-transposed.mjs',
        1,
        /diagnosis: transpose — analytic ∂output\[i,j\] ≈ numeric ∂output\[j,i\]/,
      ],
      ['examples/jvp-elementwise.mjs', 0, /PASS {2}25\/25/],
      ['examples/hvp.mjs', 0, /PASS {2}2 rules of examples\/hvp.mjs: gradient pass, hvp pass/],
      ['examples/kinks.mjs', 0, /PASS/],
    ];
    for (const [module, code, text] of expected) {
      const r = runCli(['--module', module]);
      assert.equal(r.code, code, `${module}: ${r.stderr}`);
      assert.match(r.stdout, text);
    }
  });

  it('--json of several rules is one document of kind "checks", valid against schema/checks.schema.json', () => {
    const r = runCli(['--module', 'examples/hvp.mjs', '--json']);
    const doc = JSON.parse(r.stdout) as { checks: FunctionReport[]; verdict: string };
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    ajv.addSchema(closedSchema('report'));
    const validate = ajv.compile(closedSchema('checks'));
    assert.ok(validate(doc), JSON.stringify(validate.errors, null, 2));
    assert.deepEqual(
      doc.checks.map((c: FunctionReport) => c.config.rule),
      ['gradient', 'hvp'],
    );
    assert.equal(doc.verdict, 'pass');
  });

  it('one failing rule fails the module; csv gets a rule column', () => {
    const path = tempFile(
      `import * as m from '${process.cwd()}/examples/hvp.mjs';\nexport const { parameters, loss, gradient } = m;\nexport const hvp = (p, v) => ({ w: m.hvp(p, v).w.map((x) => 2 * x) });\n`,
      '.mjs',
    );
    const r = runCli(['--module', path]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /FAIL {2}2 rules of .*: gradient pass, hvp FAIL/);
    const csv = runCli(['--module', path, '--format', 'csv']).stdout.split('\n');
    assert.match(csv[0], /^rule,entry,analytic/);
    assert.match(csv[1], /^gradient,w\[0\],/);
    assert.ok(csv.some((line) => line.startsWith('hvp,∂²l/∂w[0]∂w[1],')));
  });

  const broken: [string, RegExp][] = [
    [
      'export const parameters = { w: [1] }; export const output = () => [1];',
      /exports 'output' but neither 'vjp' nor 'jvp'/,
    ],
    ['export const parameters = { w: [1] }; export const vjp = () => ({ w: [1] });', /exports 'vjp' but not 'output'/],
    [
      'export const parameters = { w: [1] }; export const hvp = () => ({ w: [1] });',
      /exports 'hvp' but not 'gradient'/,
    ],
    ['export const output = () => [1]; export const vjp = () => ({ w: [1] });', /lacks 'parameters'/],
    ['export const parameters = { w: [1] }; export const other = 1;', /lacks 'loss'/],
    [
      'export const parameters = { w: [1] }; export const output = () => [1, "x"]; export const jvp = () => [0, 0];',
      /: the value of output\[1\] is a string, expected a number, an array, a Float64Array or a Float32Array/,
    ],
    [
      'let n = 2; export const parameters = { w: [1] }; export const output = () => Array(n++).fill(0); export const jvp = () => [0, 0];',
      /: output returned 3 numbers where its first call gave 2/,
    ],
    [
      'export const parameters = { w: [1, 2] }; export const output = ({ w }) => w; export const vjp = () => ({ w: [1] });',
      /: vjp w does not have the shape of the parameter: expected a number at w\[1\]/,
    ],
    [
      'export const parameters = { w: [1, 2] }; export const output = ({ w }) => w; export const jvp = () => [[1], 2];',
      /: jvp returned a number at output\[0\]\[0\] where output has one at output\[0\]/,
    ],
  ];
  for (const [source, message] of broken) {
    it(`exit 2, one line naming the module and the export: ${message.source}`, () => {
      const path = tempFile(source, '.mjs');
      const r = runCli(['--module', path]);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.trim().split('\n').length, 1);
      assert.match(r.stderr, message);
      assert.ok(r.stderr.includes(path));
    });
  }
});
