import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkModel } from '../src/checks/model/check.js';
import type { ModelCheckOptions } from '../src/checks/model/options.js';
import { checkGradient } from '../src/library/checks.js';
import { ACTIVATIONS, MODEL_NAMES } from '../src/model/activations.js';
import { BUGS, inapplicableBug } from '../src/model/bugs.js';
import type { InitName } from '../src/problem/generate.js';
import type { ToleranceRule } from '../src/rules/options.js';
import { CORPUS_BASE, CORPUS_MODES, CORPUS_SHAPES } from './helpers.js';

/**
 * The measurement behind the README's "Tolerance" section and the default rule: both rules
 * on one corpus of right and wrong gradients, and on gradients off by a small relative error.
 */
const SHAPES: readonly { n: number; d: number; C: number; init: InitName }[] = Object.values(CORPUS_SHAPES);
const MODES: readonly Partial<ModelCheckOptions>[] = [
  ...CORPUS_MODES,
  { scheme: 'forward' },
  { scheme: 'richardson' },
  { scheme: 'complex-step' },
  { rng: 'torch' },
];

function corpus(tolerance: ToleranceRule) {
  const count = { right: 0, falseFails: 0, inconclusive: 0, wrong: 0, misses: 0 };
  for (const model of MODEL_NAMES) {
    for (const shape of SHAPES) {
      for (const seed of ['1', '2', '3', '4']) {
        for (const wrt of [['W'], ['X'], ['W', 'X']] as ModelCheckOptions['wrt'][]) {
          for (const mode of MODES) {
            const options: ModelCheckOptions = {
              ...CORPUS_BASE,
              ...shape,
              ...mode,
              model,
              seed,
              wrt,
              tolerance,
            };
            const right = checkModel(options).report.summary.verdict;
            count.right++;
            if (right === 'fail') count.falseFails++;
            if (right === 'inconclusive') count.inconclusive++;
            for (const bug of BUGS) {
              if (inapplicableBug(bug, ACTIVATIONS[model], shape.d, shape.C)) continue;
              // A sample or one direction can miss a transpose, which leaves the diagonal as it is (test/verdict.test.ts).
              if (bug === 'transpose' && (!wrt.includes('W') || mode.sample || mode.fast)) continue;
              count.wrong++;
              if (checkModel({ ...options, bug }).report.summary.verdict === 'pass') count.misses++;
            }
          }
        }
      }
    }
  }
  return count;
}

/** How many of 20 functions whose gradient is off by a relative δ fail. */
function caught(tolerance: ToleranceRule, delta: number): number {
  let fails = 0;
  for (let s = 1; s <= 20; s++) {
    const loss = ({ w }: { w: number[] }) => w.reduce((a, v) => a + Math.log1p(Math.exp(v)) * (1 + v * v), 0);
    const slope = (v: number) => (1 / (1 + Math.exp(-v))) * (1 + v * v) + Math.log1p(Math.exp(v)) * 2 * v;
    const problem = {
      parameters: { w: [0.3 * s, -1.1, 0.7] },
      loss,
      gradient: ({ w }: { w: number[] }) => ({ w: w.map((v) => slope(v) * (1 + delta)) }),
    };
    if (checkGradient(problem, { tolerance }).summary.verdict === 'fail') fails++;
  }
  return fails;
}

describe('the two tolerance rules, measured (README "Tolerance")', () => {
  for (const tolerance of ['estimate', 'allclose'] as const) {
    it(`${tolerance}: 3000 right gradients, none fails; 12360 wrong ones, none passes`, () => {
      const count = corpus(tolerance);
      assert.deepEqual([count.right, count.wrong], [3000, 12360]);
      assert.equal(count.falseFails, 0);
      assert.equal(count.misses, 0);
      // The README states how many right checks each rule leaves inconclusive.
      assert.equal(count.inconclusive, tolerance === 'estimate' ? 488 : 707);
    });
  }

  it('a gradient off by 1e-3 … 1e-8 of its size: estimate fails every one, allclose none', () => {
    for (const delta of [1e-3, 1e-4, 1e-6, 1e-8]) {
      assert.equal(caught('estimate', delta), 20, `estimate, δ = ${delta}`);
      assert.equal(caught('allclose', delta), 0, `allclose, δ = ${delta}`);
    }
  });
});
