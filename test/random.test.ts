import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import seedrandom from 'seedrandom';
import { generateProblem, inputBound } from '../src/problem/generate.js';
import { SEEDRANDOM_GENERATORS } from '../src/problem/random.js';

describe('seedrandom streams, as the README documents them', () => {
  it('seedrandom is the version whose README values we document', () => {
    assert.equal(seedrandom('hello.')(), 0.9282578795792454);
  });

  for (const rng of SEEDRANDOM_GENERATORS) {
    it(`${rng}: T, then X, then W, row-major, value = floor(prng() × high)`, () => {
      const prng = rng === 'arc4' ? seedrandom('7') : seedrandom[rng]('7');
      const draw = (rows: number, cols: number, high: number) =>
        Array.from({ length: rows }, () => Array.from({ length: cols }, () => Math.floor(prng() * high)));
      const T = draw(5, 3, 10),
        X = draw(5, 4, 3),
        W = draw(4, 3, 3);
      const p = generateProblem({ n: 5, d: 4, C: 3, domain: 10, seed: '7', rng, init: 'notebook' });
      assert.deepEqual(Array.from(p.T.data), T.flat());
      assert.deepEqual(Array.from(p.X.data), X.flat());
      assert.deepEqual(Array.from(p.W.data), W.flat());
    });
  }

  it('the seed is used as text: "42" and "042" are different streams', () => {
    const a = generateProblem({ n: 8, d: 3, C: 2, domain: 1000, seed: '42', rng: 'arc4', init: 'notebook' as const });
    const b = generateProblem({ n: 8, d: 3, C: 2, domain: 1000, seed: '042', rng: 'arc4', init: 'notebook' as const });
    assert.notDeepEqual(Array.from(a.T.data), Array.from(b.T.data));
  });

  it('X and W bound is int(domain/2.9), as in the notebook', () => {
    assert.equal(inputBound(10), 3);
    assert.equal(inputBound(3), 1);
    assert.equal(inputBound(29), 10); // 29/2.9 = 10.000000000000002 in float64
    assert.equal(inputBound(30), 10);
    const p = generateProblem({ n: 50, d: 4, C: 3, domain: 3, seed: '1', rng: 'alea', init: 'notebook' });
    assert.ok(p.X.data.every((x) => x === 0) && p.W.data.every((w) => w === 0));
    assert.ok(p.T.data.every((t) => t >= 0 && t < 3 && Number.isInteger(t)));
  });
});
