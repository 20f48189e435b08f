// Fast mode finds, not only detects (issue 30): a failing direction is bisected to the entries its error comes from,
// and a passing one states the error on one entry it would have caught.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkModel } from '../src/checks/model/check.js';
import { checkGradient } from '../src/library/checks.js';
import { createStream } from '../src/problem/random.js';
import { CORPUS_BASE } from './helpers.js';
import {
  LARGE,
  largeEntry,
  type NetworkActivation,
  network,
  SMALL,
  withAddedError,
  withWrongEntry,
} from './network.js';

const ACTIVATIONS: NetworkActivation[] = ['tanh', 'sigmoid', 'relu'];
const fast = (net: object) => checkGradient(net as never, { fast: true });
const named = (r: ReturnType<typeof fast>) => r.entries.slice(1).map((e) => `${e.param}${JSON.stringify(e.index)}`);

describe('--fast names the entries a failing direction comes from', () => {
  it('10,000 parameters, one entry off by 1e-3 of its value: FAIL, that entry and no other named, in ≤ 60 loss calls (sigmoid, relu ≤ 70)', () => {
    for (const act of ACTIVATIONS) {
      const right = network(LARGE, act, 5);
      const k = largeEntry(right, 5);
      const r = fast(withWrongEntry(network(LARGE, act, 5), k, 1e-3));
      assert.equal(r.summary.verdict, 'fail', act);
      assert.deepEqual(named(r), [`W1[${k}]`], act);
      assert.equal(r.entries[1].pass, false, 'the named entry fails its own measurement');
      assert.deepEqual(r.summary.direction?.bisected, { complete: true });
      assert.ok(r.summary.lossCalls <= (act === 'tanh' ? 60 : 70), `${act}: ${r.summary.lossCalls} loss calls`);
    }
  });

  it('20 seeds of each activation: a right gradient never fails; an entry off by twice the stated threshold is always caught and named', () => {
    for (const act of ACTIVATIONS) {
      for (let seed = 1; seed <= 20; seed++) {
        const right = fast(network(SMALL, act, seed));
        assert.equal(right.summary.verdict, 'pass', `${act} seed ${seed}`);
        const threshold = right.summary.direction?.threshold;
        assert.ok(threshold && threshold.absolute > 0 && threshold.relative > 0, `${act} seed ${seed}`);
        const k = (seed * 7919) % (right.inputs.parameters.W1 as unknown as Float64Array).length;
        // Any entry: the absolute threshold holds for each; signs of the error both ways.
        const wrong = fast(withAddedError(network(SMALL, act, seed), k, (seed % 2 ? 2 : -2) * threshold.absolute));
        assert.equal(wrong.summary.verdict, 'fail', `${act} seed ${seed}: ${JSON.stringify(threshold)}`);
        assert.ok(named(wrong).includes(`W1[${k}]`), `${act} seed ${seed}: ${named(wrong)}`);
      }
    }
  });

  it('the threshold is (allowed difference + |a − n|) / min |uₖ|, u rebuilt from the seeded stream', () => {
    const r = fast(network(SMALL, 'tanh', 3));
    const [direction] = r.entries;
    const margin =
      Math.max(direction.bound ?? 0, direction.roundoff) + Math.abs(direction.analytic - direction.numeric);
    // The parameters are given, so the direction is the stream's first draws: W1 (28), b1 (7), W2 (14), b2 (2), each
    // a sign and a size in [½, 1), normalized, and divided by √4 for the four parameters.
    const stream = createStream('arc4', '42');
    const u = [28, 7, 14, 2].flatMap((n) => {
      const raw = Array.from({ length: n }, () => {
        const x = stream.uniform() - 0.5;
        return Math.sign(x || 1) * (0.5 + Math.abs(x));
      });
      const norm = Math.sqrt(raw.reduce((s, v) => s + v * v, 0));
      return raw.map((v) => Math.abs(v) / norm / 2);
    });
    const absolute = margin / Math.min(...u);
    assert.ok(Math.abs((r.summary.direction?.threshold?.absolute ?? 0) / absolute - 1) < 1e-12);
    // Within a factor 2 of the best entry's (sizes in [½, 1)) for each parameter; the small ones move u more.
    assert.ok(absolute <= (2 * margin) / Math.min(...u.slice(0, 28)));
  });

  it('at most 8 entries named, and said so: a sign bug on every entry of a 4×4 W', () => {
    const options = {
      ...CORPUS_BASE,
      model: 'sigmoid',
      n: 6,
      d: 4,
      C: 4,
      seed: '2',
      init: 'scaled',
      fast: true,
    } as const;
    const r = checkModel({ ...options, bug: 'sign' }).report;
    assert.equal(r.summary.verdict, 'fail');
    assert.equal(r.entries.length, 1 + 8);
    assert.ok(r.entries.slice(1).every((e) => !e.pass && e.param === 'W'));
    assert.deepEqual(r.summary.direction?.bisected, { complete: false });
    // The same problem with a right gradient: the direction alone.
    const passing = checkModel(options).report;
    assert.equal(passing.summary.verdict, 'pass');
    assert.equal(passing.entries.length, 1);
  });
});

describe('--fast on a Jacobian rule: a failing ⟨c, J·u⟩ is bisected along the same u, each entry a row of cᵀJ', () => {
  // output = A·w, vjp(c) = Aᵀc: ⟨c, ∂output/∂w_k⟩ is (Aᵀc)_k exactly, so only a wrong entry can fail.
  const A = [
    [0.3, -1.2, 0.7, 0.1, -0.4, 0.9],
    [1.1, 0.2, -0.5, 0.8, 0.6, -0.3],
    [-0.7, 0.4, 0.2, -1.0, 0.5, 0.35],
  ];
  const linear = (wrong: number) => ({
    parameters: { w: [0.5, -0.25, 1.5, 0.75, -1, 0.2] },
    output: ({ w }: { w: number[] }) => A.map((row) => row.reduce((s, a, k) => s + a * w[k], 0)),
    vjp: (_: unknown, c: number[]) => ({
      w: A[0].map((_a, k) => A.reduce((s, row, i) => s + row[k] * c[i], 0) + (k === wrong ? 0.05 : 0)),
    }),
  });
  it('a right vjp passes with the direction alone; one wrong column of Aᵀ is the one entry named, its numbers finite', async () => {
    const { checkVjp } = await import('../src/library/checks.js');
    const right = checkVjp(linear(-1) as never, { fast: true });
    assert.equal(right.summary.verdict, 'pass');
    assert.equal(right.entries.length, 1);
    for (const wrong of [0, 3, 5]) {
      const r = checkVjp(linear(wrong) as never, { fast: true });
      assert.equal(r.summary.verdict, 'fail', `w[${wrong}]`);
      assert.deepEqual(named(r as never), [`w[${wrong}]`]);
      const entry = r.entries[1];
      assert.ok(Number.isFinite(entry.numeric) && entry.status === 'fail', JSON.stringify(entry));
      // Its numeric value is the true (Aᵀc)_k: the difference is the 0.05 planted, whatever c was drawn.
      assert.ok(Math.abs(entry.analytic - entry.numeric - 0.05) < 1e-9, `${entry.analytic - entry.numeric}`);
    }
  });
});

describe("the verdict's lines read a report's entries only for a bisected direction", () => {
  it('a check of every entry: its summary lines never make the entries (10⁶ of them would be objects)', async () => {
    const { summaryLines } = await import('../src/render/describe.js');
    const library = await import('../src/library/checks.js');
    const { report } = library.checkModel({ n: 4, d: 3, C: 2, seed: '42' });
    Object.defineProperty(report, 'entries', {
      get() {
        throw new Error('entries made');
      },
    });
    assert.doesNotThrow(() => summaryLines(report as never));
  });
});
