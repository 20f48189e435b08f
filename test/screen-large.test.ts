// The screen (issue 30) at 10,000 parameters: what a right gradient costs, and a single wrong entry found. A file of
// its own, so that it runs beside test/screen.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkGradient } from '../src/library/checks.js';
import { LARGE, largeEntry, type NetworkActivation, network, withWrongEntry } from './network.js';

const ACTIVATIONS: NetworkActivation[] = ['tanh', 'sigmoid', 'relu'];
type Options = Parameters<typeof checkGradient>[1];

function checked(net: ReturnType<typeof network>, options: Options = {}) {
  const report = checkGradient(net as never, options);
  return { report, perEntry: net.calls() / net.size, counted: net.calls() };
}

describe('10,000 parameters', () => {
  it('10,000 parameters: ≤ 2.2 calls an entry for each activation, 2.1 with allclose, 1.2 forward', () => {
    for (const act of ACTIVATIONS) {
      const { report, perEntry } = checked(network(LARGE, act, 1));
      assert.equal(report.summary.checked, 10_084);
      assert.ok(report.summary.verdict === 'pass' && perEntry <= 2.2, `${act}: ${perEntry}`);
    }
    const allclose = checked(network(LARGE, 'tanh', 2), { tolerance: 'allclose' });
    assert.ok(allclose.report.summary.verdict === 'pass' && allclose.perEntry <= 2.1, `${allclose.perEntry}`);
    const forward = checked(network(LARGE, 'sigmoid', 2), { scheme: 'forward' });
    assert.ok(forward.report.summary.verdict === 'pass' && forward.perEntry <= 1.2, `${forward.perEntry}`);
  });

  it('10,000 parameters, one entry of W1 off by 1e-3, 1e-5 or 1e-6 of its value: FAIL, and that entry is the one named', () => {
    for (const [act, relative] of [
      ['relu', 1e-3],
      ['sigmoid', 1e-5],
      ['tanh', 1e-6],
    ] as const) {
      const right = network(LARGE, act, 3);
      const wrong = withWrongEntry(right, largeEntry(right, 3), relative);
      const { report, perEntry } = checked(wrong as never);
      const failed = report.entries.filter((e) => !e.pass).map((e) => `${e.param}${JSON.stringify(e.index)}`);
      assert.equal(report.summary.verdict, 'fail', `${act} ${relative}`);
      assert.deepEqual(failed, [`W1${JSON.stringify(wrong.wrong)}`]);
      // The failing entry pays for the full measurement; the rest do not.
      assert.ok(perEntry <= 2.2, `${perEntry}`);
    }
  });
});
