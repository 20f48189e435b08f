// The screen (issue 30): a first pass of one difference an entry, the full measurement only where it does not settle
// an entry. Held to what it costs a right gradient (loss calls counted by the module itself) and to the wrong
// gradients it must not wave through.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkModel } from '../src/checks/model/check.js';
import { checkGradient } from '../src/library/checks.js';
import { CORPUS_BASE } from './helpers.js';
import { largeEntry, type NetworkActivation, network, SMALL, withWrongEntry } from './network.js';

const ACTIVATIONS: NetworkActivation[] = ['tanh', 'sigmoid', 'relu'];
type Options = Parameters<typeof checkGradient>[1];

/** A check of a network, with the calls its loss counted itself: per entry, and as the report states them. */
function checked(net: ReturnType<typeof network>, options: Options = {}) {
  const report = checkGradient(net as never, options);
  return { report, perEntry: net.calls() / net.size, counted: net.calls() };
}

describe('a right gradient costs about what PyTorch pays (2 loss calls an entry for central differences)', () => {
  it('about 50 parameters, 20 seeds of each activation: every check passes; ≤ 2.2 calls an entry on average, 2.1 with allclose, 1.2 forward', () => {
    for (const act of ACTIVATIONS) {
      const cost: Record<string, number[]> = { estimate: [], allclose: [], forward: [] };
      for (let seed = 1; seed <= 20; seed++) {
        for (const [name, options] of [
          ['estimate', {}],
          ['allclose', { tolerance: 'allclose' }],
          ['forward', { scheme: 'forward' }],
        ] as const) {
          const { report, perEntry, counted } = checked(network(SMALL, act, seed), options);
          assert.equal(report.summary.verdict, 'pass', `${act} seed ${seed} ${name}`);
          assert.equal(report.summary.lossCalls, counted, 'the report counts every call the loss saw');
          cost[name].push(perEntry);
        }
      }
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b) / xs.length;
      const says = JSON.stringify(cost);
      assert.ok(mean(cost.estimate) <= 2.2 && mean(cost.allclose) <= 2.1 && mean(cost.forward) <= 1.2, says);
      // An entry whose step crosses a kink (relu), or curves more than its parameter's pilot saw, is measured again:
      // a few calls more on a check of 51 entries, never much more.
      assert.ok(Math.max(...cost.estimate) <= 2.3 && Math.max(...cost.forward) <= 1.8, says);
    }
  });

  it('the built-in model: two differences an entry (each counted as its two loss values), the float64 recheck counted too', () => {
    const base = { ...CORPUS_BASE, model: 'sigmoid', n: 4, d: 3, C: 2, seed: '42', init: 'notebook' } as const;
    // Central differences at each entry's own step, bounded by its known f‴: 6 entries, 2 values each.
    assert.equal(checkModel(base).report.summary.lossCalls, 12);
    const float32 = checkModel({ ...base, dtype: 'float32', numeric: 'full', eps: 1e-4, rng: 'torch' }).report.summary;
    assert.ok(float32.recheck, 'a float32 check that proved nothing is rechecked in float64');
    assert.ok(float32.lossCalls > (float32.recheck?.summary.lossCalls ?? 0) && float32.recheck.summary.lossCalls > 0);
  });
});

describe('the screen does not wave a wrong gradient through', () => {
  it('about 50 parameters, 20 seeds of each activation, an entry off by 1e-6 of its value: every check fails on it', () => {
    for (const act of ACTIVATIONS) {
      for (let seed = 1; seed <= 20; seed++) {
        const right = network(SMALL, act, seed);
        const wrong = withWrongEntry(right, largeEntry(right, seed), 1e-6);
        const { report } = checked(wrong as never);
        const named = report.entries.filter((e) => !e.pass).map((e) => JSON.stringify(e.index));
        assert.equal(report.summary.verdict, 'fail', `${act} seed ${seed}`);
        assert.ok(named.includes(JSON.stringify(wrong.wrong)), `${act} seed ${seed}: ${named}`);
      }
    }
  });
});
