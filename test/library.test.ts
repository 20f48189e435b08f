import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { checkGradient, checkGradientAsync, checkHvp, checkModel, MODEL_DEFAULTS, OptionError } from 'gradcheck';
import { ROOT, runCli } from './helpers.js';

const cubic = {
  parameters: { w: [0.5, -1.5] },
  loss: ({ w }: { w: number[] }) => w[0] ** 3 + w[0] * w[1],
  gradient: ({ w }: { w: number[] }) => ({ w: [3 * w[0] ** 2 + w[1], w[0]] }),
};

/** The error a call throws: an OptionError, never a TypeError from inside. */
function refusal(call: () => unknown): OptionError {
  try {
    call();
  } catch (e) {
    assert.ok(e instanceof OptionError, `${(e as Error).name}: ${(e as Error).message}`);
    assert.equal(e.exitCode, 2);
    assert.equal(e.message.split('\n').length, 1);
    return e;
  }
  assert.fail('no error');
}

describe('the library validates every option with one line naming it', () => {
  const gradient: [Record<string, unknown>, RegExp][] = [
    [
      { scheme: 'nope' },
      /option 'scheme' is 'nope': expected one of central, forward, backward, five-point, richardson$/,
    ],
    [{ scheme: 'complex-step' }, /option 'scheme' is 'complex-step'/],
    [{ eps: 0 }, /option 'eps' is 0: expected 'auto' or a finite number > 0/],
    [{ eps: 'big' }, /option 'eps' is 'big'/],
    [{ atol: -1 }, /option 'atol' is -1: expected a finite number ≥ 0/],
    [{ rtol: Number.NaN }, /option 'rtol' is NaN/],
    [{ tolerance: 'loose' }, /option 'tolerance' is 'loose': expected one of allclose, estimate/],
    [{ sample: 2.5 }, /option 'sample' is 2.5: expected an integer from 1, or null for every entry/],
    [{ fast: 'yes' }, /option 'fast' is 'yes': expected true or false/],
    [{ fast: true, sample: 3 }, /options 'fast' and 'sample' exclude each other/],
    [{ seed: '' }, /option 'seed' is '': expected a non-empty string or a number/],
    [{ rng: 'mt' }, /option 'rng' is 'mt': expected one of arc4/],
    [{ rng: 'torch', seed: -3 }, /option 'seed' is -3: expected an integer from 0 to 4294967295 with rng 'torch'/],
    [{ bug: 'transpose' }, /option 'bug' is 'transpose': expected one of sign, half, double, null/],
    [{ onProgress: 1 }, /option 'onProgress' is 1: expected a function/],
    [{ speed: 'fast' }, /unknown option 'speed': expected scheme, eps/],
  ];
  for (const [options, message] of gradient) {
    it(`checkGradient(problem, ${JSON.stringify(options)})`, () => {
      assert.match(refusal(() => checkGradient(cubic, options as never)).message, message);
      assert.match(refusal(() => checkGradient(cubic, options as never)).message, /^checkGradient: /);
    });
  }

  const model: [Record<string, unknown>, RegExp][] = [
    [{ model: 'gelu' }, /checkModel: option 'model' is 'gelu': expected one of linear, sigmoid, tanh, relu, softplus/],
    [{ n: 0 }, /option 'n' is 0: expected an integer from 1/],
    [{ domain: 3 }, /option 'domain' is 3: expected an integer from 6/],
    [{ dtype: 'float16' }, /option 'dtype' is 'float16'/],
    [{ wrt: ['W', 'W'] }, /option 'wrt' is object: expected a list of distinct names/],
    [{ wrt: ['W1'] }, /option 'wrt' names W1: expected W, X \(W1 and W2 need hidden\)/],
    [{ hidden: 3, numeric: 'local' }, /option 'numeric' is 'local': a hidden layer is probed by whole passes/],
    [{ bug: 'transpose' }, /option 'bug' is 'transpose': transpose needs d = C/],
    [{ n: 5000, d: 5000 }, /n, d, C make .* entries of X, W and T: at most 16777216/],
    [
      { n: 10, d: 1449, C: 1449 },
      /options wrt, n, d, C make 2099601 entries to check: at most 2097152; set sample, or fast: true/,
    ],
    // W and X both count: 1024·1024 + 1100·1024.
    [{ n: 1100, d: 1024, C: 1024, wrt: ['W', 'X'] }, /make 2174976 entries to check/],
    [{ jobs: 0 }, /option 'jobs' is 0: expected 'auto' or an integer from 1/],
  ];
  for (const [options, message] of model) {
    it(`checkModel(${JSON.stringify(options)})`, () =>
      assert.match(refusal(() => checkModel(options as never)).message, message));
  }

  it('checkHvp names itself', () => {
    assert.match(
      refusal(() => checkHvp({ parameters: { w: [1] }, gradient: ({ w }) => ({ w }), hvp: (_, v) => v }, { eps: -1 }))
        .message,
      /^checkHvp: /,
    );
  });
});

describe("checkModel's defaults are the CLI's", () => {
  it("checkModel({ model: 'tanh' }) is gradcheck --model tanh --json, entry for entry", () => {
    const library = checkModel({ model: 'tanh' }).report;
    const cli = JSON.parse(runCli(['--model', 'tanh', '--json']).stdout) as typeof library;
    assert.deepEqual(library.entries, cli.entries);
    assert.deepEqual({ ...library.config }, { ...cli.config });
    assert.equal(MODEL_DEFAULTS.n, 4);
    assert.equal(checkModel().report.config.model, 'sigmoid');
  });
  it('a hidden layer checks W1 and W2 by whole passes unless told otherwise', () => {
    const { config } = checkModel({ hidden: 3, init: 'scaled' }).report;
    assert.deepEqual([config.wrt, config.numeric, config.hidden], [['W1', 'W2'], 'full', 3]);
  });
});

describe('async functions', () => {
  const later = <T>(value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), 0));
  const asyncCubic = {
    parameters: { w: [0.5, -1.5], b: [[1, 2]] },
    loss: async ({ w, b }: { w: number[]; b: number[][] }) => later(w[0] ** 3 + w[0] * w[1] + b[0][0] * b[0][1]),
    gradient: async ({ w, b }: { w: number[]; b: number[][] }) =>
      later({ w: [3 * w[0] ** 2 + w[1], w[0]], b: [[b[0][1], b[0][0]]] }),
  };

  it('checkGradient refuses an async loss or gradient in one line, naming checkGradientAsync', () => {
    assert.throws(
      () => checkGradient(asyncCubic as never),
      /^ContractError: loss returned a Promise: .*; or use checkGradientAsync, which awaits it$/,
    );
    const asyncLoss = { ...cubic, loss: async ({ w }: { w: number[] }) => w[0] };
    assert.throws(() => checkGradient(asyncLoss as never), /^ContractError: loss returned a Promise/);
  });

  it('checkGradientAsync awaits them: the same entries as checkGradient on the synchronous twin; wrong ones fail; a throwing loss rejects', async () => {
    const sync = {
      parameters: asyncCubic.parameters,
      loss: ({ w, b }: { w: number[]; b: number[][] }) => w[0] ** 3 + w[0] * w[1] + b[0][0] * b[0][1],
      gradient: ({ w, b }: { w: number[]; b: number[][] }) => ({
        w: [3 * w[0] ** 2 + w[1], w[0]],
        b: [[b[0][1], b[0][0]]],
      }),
    };
    const report = await checkGradientAsync(asyncCubic);
    assert.equal(report.summary.verdict, 'pass');
    assert.deepEqual(report.entries, checkGradient(sync).entries);
    assert.equal((await checkGradientAsync(asyncCubic, { bug: 'sign' })).summary.diagnosis?.code, 'sign');
    await assert.rejects(
      checkGradientAsync({ ...asyncCubic, loss: async () => Promise.reject(new Error('db down')) }),
      /^ContractError: loss threw: db down$/,
    );
    await assert.rejects(
      checkGradientAsync(asyncCubic, { eps: -1 }),
      /^OptionError: checkGradientAsync: option 'eps' is -1/,
    );
    // From `node --input-type=module -e`, whose flag the worker must not inherit.
    const code =
      "import { checkGradientAsync } from 'gradcheck'; const r = await checkGradientAsync({ parameters: { w: [1, 2] }, loss: async ({ w }) => w[0] * w[1], gradient: async ({ w }) => ({ w: [w[1], w[0]] }) }); console.log(r.summary.verdict);";
    assert.equal(
      execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8' }).trim(),
      'pass',
    );
  });
});

describe('parameters as typed arrays', () => {
  const sinx = (w: ArrayLike<number>) => Array.from(w).reduce((s, x) => s + Math.sin(x) * x, 0);
  const slope = (x: number) => Math.cos(x) * x + Math.sin(x);
  it('Float64Array parameters and gradients, beside nested arrays: right passes, half fails', () => {
    const problem = {
      parameters: {
        w: Float64Array.of(0.3, -1.2, 2.5),
        b: [
          [1, 2],
          [3, 4],
        ],
      },
      loss: ({ w, b }: { w: Float64Array; b: number[][] }) => sinx(w) + b.flat().reduce((s, x) => s + x * x, 0),
      gradient: ({ w, b }: { w: Float64Array; b: number[][] }) => ({
        w: w.map(slope),
        b: b.map((r) => r.map((x) => 2 * x)),
      }),
    };
    assert.equal(checkGradient(problem).summary.verdict, 'pass');
    assert.equal(checkGradient(problem, { bug: 'half' }).summary.verdict, 'fail');
    assert.deepEqual(
      checkGradient(problem).entries.map((e) => e.param),
      ['w', 'w', 'w', 'b', 'b', 'b', 'b'],
    );
  });
  it('Float32Array: steps rounded by the storage and a float32 gradient still pass a right gradient, and fail one 1e-5 off', () => {
    const problem = (off: number) => ({
      parameters: { w: Float32Array.of(0.3, -1.2, 2.5) },
      loss: ({ w }: { w: Float32Array }) => sinx(w),
      gradient: ({ w }: { w: Float32Array }) => ({ w: Float32Array.from(w, (x) => slope(x) * (1 + off)) }),
    });
    assert.equal(checkGradient(problem(0)).summary.verdict, 'pass');
    assert.equal(checkGradient(problem(1e-5)).summary.verdict, 'fail');
  });
});

describe('parameter types declared as an interface (no index signature) are accepted', () => {
  it('checkGradient, assertGradient, checkVjp', async () => {
    const { checkGradient: check, assertGradient: assertRight, checkVjp } = await import('gradcheck');
    interface Layer {
      w: number[];
      b: number;
    }
    const layer = {
      parameters: { w: [0.5, -1.5], b: 0.25 } as Layer,
      loss: ({ w, b }: Layer) => w.reduce((s, v) => s + v * v, 0) * b,
      gradient: ({ w, b }: Layer): Layer => ({ w: w.map((v) => 2 * v * b), b: w.reduce((s, v) => s + v * v, 0) }),
    };
    assert.equal(check<Layer>(layer).summary.verdict, 'pass');
    assert.doesNotThrow(() => assertRight<Layer>(layer));
    interface Input {
      x: number[];
    }
    const vjp = checkVjp<Input>({
      parameters: { x: [1, 2] },
      output: ({ x }: Input) => x.map((v) => v * v),
      vjp: ({ x }: Input, c: number[]) => ({ x: x.map((v, i) => 2 * v * c[i]) }),
    });
    assert.equal(vjp.summary.verdict, 'pass');
  });
});

describe('matchers: a failure shows the failing entries, not every number as changed', () => {
  it('actual and expected differ only where an entry fails; the message has the bound and each parameter', async () => {
    const { toHaveCorrectGradient } = await import('../src/matchers/matcher.js');
    const problem = {
      parameters: { w: [0.5, -1.5, 2], b: [0.25] },
      loss: ({ w, b }: { w: number[]; b: number[] }) => w.reduce((s, v) => s + Math.sin(v), 0) * b[0],
      gradient: ({ w, b }: { w: number[]; b: number[] }) => ({
        w: w.map((v, k) => Math.cos(v) * b[0] * (k === 1 ? 1.01 : 1)),
        b: [w.reduce((s, v) => s + Math.sin(v), 0)],
      }),
    };
    const result = (await toHaveCorrectGradient(problem)) as {
      pass: boolean;
      message(): string;
      actual: { w: number[]; b: number[] };
      expected: { w: number[]; b: number[] };
    };
    assert.equal(result.pass, false);
    const differing = result.actual.w.flatMap((v, k) => (v === result.expected.w[k] ? [] : [k]));
    assert.deepEqual(differing, [1]);
    assert.deepEqual(result.actual.b, result.expected.b);
    assert.match(result.message(), /entry\s+analytic\s+numeric\s+\|a − n\|\s+bound/);
    assert.match(result.message(), /by parameter:\n {2}- w: FAIL, 1 of 3 entries outside tolerance/);
  });
});
