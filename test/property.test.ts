import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { closedSchema, runInProcess } from './helpers.js';

// CI explores one fixed set of cases (a red main must be reproducible); locally each run explores new ones.
if (process.env.CI) fc.configureGlobal({ seed: 20261127 });

/** --model, the shape and the seed flags of a drawn case. */
function problemArgs(c: { model: string; shape: { n: number; d: number; C: number }; seed: string[] }): string[] {
  return ['--model', c.model, '-n', String(c.shape.n), '-d', String(c.shape.d), '-C', String(c.shape.C), ...c.seed];
}

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const schema = (name: 'report' | 'sweep' | 'taylor') => ajv.compile(closedSchema(name));
const validate = { report: schema('report'), sweep: schema('sweep'), taylor: schema('taylor') };

const MODELS = ['linear', 'sigmoid', 'tanh', 'relu', 'softplus'];
const SCHEMES = ['central', 'forward', 'backward', 'five-point', 'richardson', 'complex-step'];
const SEEDRANDOM = ['arc4', 'alea', 'xor128', 'xorwow', 'xorshift7', 'xor4096', 'tychei'];

/** A seed and a generator that accepts it. */
const seedAndRng = fc
  .oneof(
    fc.tuple(
      fc.constantFrom(...SEEDRANDOM),
      fc.oneof(
        fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !s.startsWith('-')),
        fc.nat().map(String),
      ),
    ),
    fc.tuple(fc.constantFrom('torch', 'numpy'), fc.nat({ max: 2 ** 32 - 1 }).map(String)),
  )
  .map(([rng, seed]) => ['--rng', rng, '--seed', seed]);

const shape = fc.record({
  n: fc.integer({ min: 1, max: 6 }),
  d: fc.integer({ min: 1, max: 5 }),
  C: fc.integer({ min: 1, max: 5 }),
});
const step = fc.oneof(fc.constant('auto'), fc.double({ min: 1e-7, max: 0.5, noNaN: true }).map(String));
const tolerance = fc.double({ min: 0, max: 1, noNaN: true }).map(String);

/** argv of a valid check, with JSON output. */
const validCheck = fc
  .record({
    model: fc.constantFrom(...MODELS),
    shape,
    seed: seedAndRng,
    domain: fc.integer({ min: 6, max: 40 }),
    init: fc.constantFrom('notebook', 'scaled'),
    dtype: fc.constantFrom('float64', 'float32'),
    scheme: fc.constantFrom(...SCHEMES),
    numeric: fc.constantFrom('local', 'full'),
    eps: step,
    // atol and rtol only with the rule they belong to (given with the estimate rule they are refused).
    allclose: fc.option(fc.record({ atol: tolerance, rtol: tolerance }), { nil: undefined }),
    wrt: fc.constantFrom('W', 'X', 'W,X'),
    mode: fc.oneof(
      fc.constant([] as string[]),
      fc.constant(['--fast']),
      fc.integer({ min: 1, max: 20 }).map((k) => ['--sample', String(k)]),
    ),
    bug: fc.constantFrom(undefined, 'sign', 'half', 'double', 'transpose', 'no-activation-derivative'),
  })
  .filter(
    (c) =>
      !(c.bug === 'transpose' && c.shape.d !== c.shape.C) &&
      !(c.bug === 'no-activation-derivative' && c.model === 'linear'),
  )
  .map((c) => [
    '--json',
    ...problemArgs(c),
    '--domain',
    String(c.domain),
    '--init',
    c.init,
    '--dtype',
    c.dtype,
    '--scheme',
    c.scheme,
    '--numeric',
    c.numeric,
    '--eps',
    c.eps,
    ...(c.allclose ? ['--tolerance', 'allclose', '--atol', c.allclose.atol, '--rtol', c.allclose.rtol] : []),
    '--wrt',
    c.wrt,
    ...c.mode,
    ...(c.bug ? ['--bug', c.bug] : []),
  ]);

const validSweep = fc
  .record({
    model: fc.constantFrom(...MODELS),
    shape,
    seed: seedAndRng,
    schemes: fc.uniqueArray(fc.constantFrom(...SCHEMES), { minLength: 1, maxLength: 3 }),
    dtypes: fc.uniqueArray(fc.constantFrom('float64', 'float32'), { minLength: 1, maxLength: 2 }),
    perDecade: fc.integer({ min: 1, max: 3 }),
  })
  .map((c) => [
    'sweep',
    '--json',
    ...problemArgs(c),
    '--scheme',
    c.schemes.join(','),
    '--dtype',
    c.dtypes.join(','),
    '--per-decade',
    String(c.perDecade),
    '--from',
    '0.1',
    '--to',
    '1e-9',
  ]);

const validTaylor = fc
  .record({
    model: fc.constantFrom(...MODELS),
    shape,
    seed: seedAndRng,
    dtype: fc.constantFrom('float64', 'float32'),
    bug: fc.constantFrom(undefined, 'sign', 'half', 'double'),
    steps: fc.integer({ min: 5, max: 30 }),
  })
  .map((c) => [
    'taylor',
    '--json',
    ...problemArgs(c),
    '--dtype',
    c.dtype,
    '--steps',
    String(c.steps),
    ...(c.bug ? ['--bug', c.bug] : []),
  ]);

describe('property: any valid command line', () => {
  for (const [name, arb, check] of [
    ['check', validCheck, validate.report],
    ['sweep', validSweep, validate.sweep],
    ['taylor', validTaylor, validate.taylor],
  ] as const) {
    it(`${name}: exit 0, 1 or 4, JSON valid against its schema, pass ⇔ exit 0, same output twice`, async () => {
      await fc.assert(
        fc.asyncProperty(arb, async (argv) => {
          const a = await runInProcess(argv);
          assert.ok(a.code === 0 || a.code === 1 || a.code === 4, `exit ${a.code} for ${argv.join(' ')}: ${a.stderr}`);
          assert.equal(a.stderr, '');
          type Verdict = 'pass' | 'fail' | 'inconclusive';
          const doc = JSON.parse(a.stdout) as {
            summary: { pass: boolean; verdict: Verdict };
            pass: boolean;
            verdict: Verdict;
          };
          assert.ok(check(doc), `${argv.join(' ')}: ${JSON.stringify(check.errors)}`);
          const exitOf = { pass: 0, fail: 1, inconclusive: 4 };
          if (name === 'check') assert.equal(doc.summary.pass, a.code === 0);
          if (name === 'check') assert.equal(exitOf[doc.summary.verdict], a.code, 'the exit code is the verdict');
          if (name === 'taylor') assert.equal(doc.pass, a.code === 0);
          if (name === 'taylor') assert.equal(exitOf[doc.verdict], a.code, 'the exit code is the verdict');
          if (name === 'sweep') assert.equal(a.code, 0);
          const b = await runInProcess(argv);
          assert.equal(b.stdout, a.stdout, 'byte-identical for the same seed');
        }),
        { numRuns: name === 'check' ? 150 : 40 },
      );
    });
  }
});

/** Ways to spoil a command line, each with the command it spoils. */
const JUNK = ['', 'abc', '-1', '0', '2.5', 'NaN', 'Infinity', '1e999', '0x10', ' ', '-n'];
/** Flags, and the junk each must refuse (a seed is any text for seedrandom; 0 is a fine tolerance). */
const SPOILABLE: [string[], string, string[]][] = [
  [[], '-n', JUNK],
  [[], '-d', JUNK],
  [[], '-C', JUNK],
  [[], '--domain', JUNK],
  [[], '--sample', JUNK],
  [[], '--eps', JUNK.filter((j) => j !== '2.5')],
  [[], '--atol', JUNK.filter((j) => !['0', '2.5'].includes(j))],
  [[], '--rtol', JUNK.filter((j) => !['0', '2.5'].includes(j))],
  [[], '--timeout', JUNK.filter((j) => !['0', '2.5'].includes(j))],
  [[], '--model', JUNK],
  [[], '--rng', JUNK],
  [[], '--dtype', JUNK],
  [[], '--scheme', JUNK],
  [[], '--numeric', JUNK],
  [[], '--format', JUNK],
  [[], '--bug', JUNK],
  [[], '--wrt', JUNK],
  [['--rng', 'torch'], '--seed', JUNK.filter((j) => j !== '0')],
  [['sweep'], '--from', JUNK.filter((j) => j !== '2.5')],
  // 2.5 is a valid --to below the default --from of 10.
  [['sweep'], '--to', JUNK.filter((j) => j !== '2.5')],
  [['sweep'], '--per-decade', JUNK],
  [['sweep'], '--scheme', JUNK],
  [['sweep'], '--dtype', JUNK],
  [['taylor'], '--steps', JUNK],
  [['taylor'], '-n', JUNK],
  [['taylor'], '--bug', JUNK],
];

const invalid: fc.Arbitrary<string[]> = fc.oneof(
  fc
    .constantFrom(...SPOILABLE)
    .chain(([before, flag, junk]) => fc.constantFrom(...junk).map((j) => [...before, flag, j])),
  fc
    .stringMatching(/^--[a-z]{3,10}$/)
    .filter(
      (f) =>
        !/^--(json|all|fast|debug|help|version|input|module|timeout|model|domain|seed|rng|dtype|scheme|numeric|eps|atol|rtol|bug|sample|wrt|format|header|color)$/.test(
          f,
        ),
    )
    .map((f) => [f]),
  fc
    .stringMatching(/^[a-z]{3,8}$/)
    .filter((w) => w !== 'sweep' && w !== 'taylor')
    .map((w) => [w]),
  fc
    .constantFrom(
      ['-n', '3', '-n', '4'],
      ['--json', '--format', 'table'],
      ['--fast', '--sample', '2'],
      ['--eps'],
      ['--model'],
      ['--json', '--all'],
      ['--show-inputs', '--format', 'csv'],
      ['--no-header'],
      ['--bug', 'transpose', '-d', '3', '-C', '2'],
      ['--rng', 'numpy', '--seed', 'x'],
      ['-n', '99999', '-d', '99999'],
      ['--input', '/nonexistent.json'],
      ['--module', '/nonexistent.mjs'],
      ['sweep', '--from', '1e-9', '--to', '1e-3'],
      ['sweep', '--scheme', 'central,central'],
      ['taylor', '--bug', 'transpose'],
      ['taylor', '--eps', '1e-3'],
      ['sweep', '--json', '--json'],
      ['--module', 'examples/softmax.mjs', '-n', '3'],
      ['--module', 'examples/softmax.mjs', '--scheme', 'complex-step'],
    )
    .map((a) => [...a]),
);

describe('property: any invalid command line', () => {
  it('exits 2 with one line on stderr, nothing on stdout, never a stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(invalid, async (argv) => {
        const r = await runInProcess(argv);
        assert.equal(r.code, 2, `${JSON.stringify(argv)} → exit ${r.code}: ${r.stderr}${r.stdout.slice(0, 200)}`);
        assert.equal(r.stdout, '');
        assert.match(r.stderr, /^gradcheck: error: [^\n]+\n$/, `${JSON.stringify(argv)}: ${r.stderr}`);
        assert.doesNotMatch(r.stderr, /\bat .*:\d+:\d+/);
      }),
      { numRuns: 300 },
    );
  });
});
