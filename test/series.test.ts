import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { closedSchema, runCli, tempFile } from './helpers.js';

interface Taylor {
  config: Record<string, unknown>;
  points: { h: number; residual: number; used: boolean }[];
  order: number;
  verdict: string;
  inconclusive: { reason: string } | null;
}
interface Sweep {
  config: Record<string, unknown>;
  reference: { scheme: string; step: number };
  series: {
    scheme: string;
    points: { step: number; maxRelError: number }[];
    predictedStep: number;
    bestStep: number;
  }[];
}

const validator = (name: 'taylor' | 'sweep') =>
  new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(closedSchema(name));
const json = <T>(args: string[]) => {
  const r = runCli([...args, '--json']);
  return { code: r.code, doc: JSON.parse(r.stdout) as T, stderr: r.stderr };
};

/** l(w) = w² at w = 1, g = 2w: one parameter, so the unit direction D is ±1 and r(h) = h² exactly. */
const square = tempFile(
  'export const parameters = { w: 1 };\nexport const loss = ({ w }) => w * w;\nexport const gradient = ({ w }) => ({ w: 2 * w });\n',
  '.mjs',
);

describe('gradcheck taylor --module', () => {
  it('l = w² at w = 1: r(h) = |(1 + hD)² − 1 − 2hD| = h², point by point (D = ±1); with --bug double |h² − 2hD|', () => {
    const right = json<Taylor>(['taylor', '--module', square]).doc;
    for (const p of right.points)
      assert.ok(Math.abs(p.residual - p.h * p.h) <= 4 * Number.EPSILON, `h ${p.h}: ${p.residual}`);
    assert.equal(right.verdict, 'pass');
    const wrong = json<Taylor>(['taylor', '--module', square, '--bug', 'double']).doc;
    const D = Math.sign(wrong.points[0].h * wrong.points[0].h - wrong.points[0].residual) || 1;
    for (const p of wrong.points)
      assert.ok(Math.abs(p.residual - Math.abs(p.h * p.h - 2 * p.h * D)) <= 8 * Number.EPSILON, `h ${p.h}`);
    assert.equal(wrong.verdict, 'fail');
  });

  const cases: [string[], number, string][] = [
    [['examples/mlp.cjs'], 0, 'gradient'],
    [['examples/mlp.cjs', '--bug', 'half'], 1, 'gradient'],
    [['examples/softmax-vjp.mjs'], 0, 'vjp'],
    [['examples/softmax-vjp-transposed.mjs'], 1, 'vjp'],
    [['examples/jvp-elementwise.mjs'], 0, 'jvp'],
    [['examples/jvp-elementwise.mjs', '--bug', 'sign'], 1, 'jvp'],
    [['examples/hvp.mjs', '--rule', 'hvp'], 0, 'hvp'],
    [['examples/hvp.mjs', '--rule', 'hvp', '--bug', 'double'], 1, 'hvp'],
    [['examples/kinks.mjs'], 4, 'gradient'],
  ];
  const validate = validator('taylor');
  for (const [args, code, rule] of cases) {
    it(`${args.join(' ')}: exit ${code}, rule ${rule}, valid against schema/taylor.schema.json`, () => {
      const { code: exit, doc, stderr } = json<Taylor>(['taylor', '--module', ...args]);
      assert.equal(exit, code, stderr);
      assert.equal(doc.config.rule, rule);
      assert.ok(validate(doc), JSON.stringify(validate.errors, null, 2));
      if (code === 4) assert.equal(doc.inconclusive?.reason, 'kinks');
    });
  }
});

describe('gradcheck sweep --module', () => {
  it("l = Σ sin(w): central differences' error is cos(w)·(sin h/h − 1), h²/6 relative, against richardson", () => {
    const sine = tempFile(
      'export const parameters = { w: [0.5, 1.2] };\nexport const loss = ({ w }) => Math.sin(w[0]) + Math.sin(w[1]);\nexport const gradient = ({ w }) => ({ w: w.map(Math.cos) });\n',
      '.mjs',
    );
    const { doc, code } = json<Sweep>(['sweep', '--module', sine, '--scheme', 'central,five-point']);
    assert.equal(code, 0);
    assert.equal(doc.reference.scheme, 'richardson');
    const central = doc.series[0].points.find((p) => Math.abs(p.step - 1e-2) < 1e-12);
    const h = central?.step ?? NaN;
    assert.ok(
      Math.abs((central?.maxRelError ?? NaN) - (1 - Math.sin(h) / h)) <= (1e-3 * (h * h)) / 6,
      String(central?.maxRelError),
    );
    assert.ok(validator('sweep')(doc), JSON.stringify(validator('sweep').errors));
    // The automatic step of central differences sits near the bottom of its V.
    const series = doc.series[0];
    assert.ok(
      Math.abs(Math.log10(series.predictedStep / series.bestStep)) <= 1.5,
      `${series.predictedStep} vs ${series.bestStep}`,
    );
  });
});

describe('gradcheck sweep and taylor --input', () => {
  it("a check's report replays: its model and X, W, T, and for taylor the same direction as the drawn problem", () => {
    const report = runCli(['--model', 'tanh', '--init', 'scaled', '-n', '5', '--json']).stdout;
    const file = tempFile(JSON.parse(report));
    const drawn = json<Taylor>(['taylor', '--model', 'tanh', '--init', 'scaled', '-n', '5']).doc;
    const given = json<Taylor>(['taylor', '--input', file]).doc;
    assert.equal(given.config.data, 'given');
    assert.equal(given.config.model, 'tanh');
    assert.deepEqual(
      given.points.map((p) => p.residual),
      drawn.points.map((p) => p.residual),
    );
    const sweep = json<Sweep>(['sweep', '--input', file]);
    assert.equal(sweep.code, 0);
    assert.deepEqual([sweep.doc.config.data, sweep.doc.config.model, sweep.doc.config.n], ['given', 'tanh', 5]);
    const drawnSweep = json<Sweep>(['sweep', '--model', 'tanh', '--init', 'scaled', '-n', '5']).doc;
    assert.deepEqual(sweep.doc.series, drawnSweep.series);
    assert.ok(validator('taylor')(given) && validator('sweep')(sweep.doc));
  });
});
