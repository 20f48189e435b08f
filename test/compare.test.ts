import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Tolerance } from '../src/pipeline/compare.js';
import { compare } from '../src/pipeline/compare.js';
import { type Entry, entryLabel, type Measurement, type Summary, unravel } from '../src/pipeline/entry.js';
import { entryOf, judgement } from '../src/pipeline/judge.js';
import { summarize } from '../src/pipeline/summary.js';
import { EntryTable, worstEntries } from '../src/pipeline/table.js';

/** The report's entry of a measurement, judged. */
const judge = (m: Measurement, tol: Tolerance) => entryOf(m, judgement(m, tol));

/** Judged and summarized entries of one parameter, from aligned columns . */
function compareAll(
  [p]: { name: string; shape: number[]; analytic: number[]; numeric: number[]; steps: number[]; roundoff: number[] }[],
  tol: Tolerance,
): { entries: Entry[]; summary: Summary } {
  const entries = p.analytic.map((analytic, k) =>
    judge(
      {
        param: p.name,
        index: unravel(k, p.shape),
        analytic,
        numeric: p.numeric[k],
        step: p.steps[k],
        roundoff: p.roundoff[k],
      },
      tol,
    ),
  );
  return { entries, summary: summarize(EntryTable.of(entries), tol) };
}

const tol = { atol: 1e-5, rtol: 1e-3 };

describe('compare: torch.allclose rule', () => {
  it('passes exactly up to atol + rtol·|numeric| and not beyond', () => {
    // allowed = 1e-5 + 1e-3·2 = 0.00201
    assert.equal(compare(2.002, 2, tol).pass, true);
    assert.equal(compare(2.0021, 2, tol).pass, false);
    assert.equal(compare(0, 1e-5, tol).pass, true, '|a−n| = 1e-5 ≤ 1e-5 + 1e-8');
    assert.equal(compare(1, 1, { atol: 0, rtol: 0 }).pass, true);
    assert.equal(compare(1, 1 + 2 ** -52, { atol: 0, rtol: 0 }).pass, false);
  });

  it('the rule is asymmetric like torch: rtol scales |numeric|', () => {
    assert.equal(compare(1, 2, { atol: 0, rtol: 0.5 }).pass, true); // 1 ≤ 0.5·2
    assert.equal(compare(2, 1, { atol: 0, rtol: 0.5 }).pass, false); // 1 > 0.5·1
  });

  it('difference is analytic − numeric; relative error |a−n|/max(|a|,|n|), 0 when both are 0', () => {
    const c = compare(-0.19160029292106628, -0.19073486328125, tol);
    assert.equal(c.difference, -0.19160029292106628 - -0.19073486328125);
    assert.equal(c.relError, Math.abs(c.difference) / 0.19160029292106628);
    assert.equal(compare(0, 0, tol).relError, 0);
    assert.equal(compare(3, -1, tol).relError, 4 / 3);
  });

  it('NaN and ∞ never pass, whatever the tolerance', () => {
    for (const [a, n] of [
      [NaN, 1],
      [1, NaN],
      [Infinity, Infinity],
      [-Infinity, 0],
    ]) {
      assert.equal(compare(a, n, { atol: Infinity, rtol: Infinity }).pass, false, `${a} vs ${n}`);
    }
  });
});

describe('judge and summarize', () => {
  it('counts, maxima and the worst entry relative to its tolerance', () => {
    const { entries, summary } = compareAll(
      [
        {
          name: 'W',
          shape: [2, 2],
          analytic: [1, 2, 10.5, 0],
          numeric: [1, 2.01, 10, 0],
          steps: [1e-6, 1e-6, 1e-6, 1e-6],
          roundoff: [0, 0, 0, 0],
        },
      ],
      { atol: 0, rtol: 0.01 },
    );
    assert.deepEqual(
      entries.map((e) => e.pass),
      [true, true, false, true],
    );
    assert.deepEqual(entries.map(entryLabel), ['W[0,0]', 'W[0,1]', 'W[1,0]', 'W[1,1]']);
    assert.equal(summary.checked, 4);
    assert.equal(summary.passed, 3);
    assert.equal(summary.failed, 1);
    assert.equal(summary.withinRoundoff, 0);
    assert.equal(summary.passed < summary.checked, true);
    assert.equal(summary.maxAbsError, 0.5);
    assert.equal(summary.maxRelError, 0.5 / 10.5);
    assert.deepEqual(summary.worst, { param: 'W', index: [1, 0] });
  });

  it('a NaN anywhere makes the maxima NaN, counts as non-finite and is the worst entry', () => {
    const { summary } = compareAll(
      [{ name: 'W', shape: [3], analytic: [1, NaN, 5], numeric: [1, 1, 9], steps: [1, 1, 1], roundoff: [1, 1, 1] }],
      tol,
    );
    assert.equal(summary.nonFinite, 1);
    assert.ok(Number.isNaN(summary.maxAbsError));
    assert.deepEqual(summary.worst.index, [1]);
    assert.equal(summary.passed < summary.checked, true);
  });

  it('counts failing entries whose difference is within their roundoff', () => {
    const { entries, summary } = compareAll(
      [
        {
          name: 'W',
          shape: [3],
          analytic: [1, 1, 1],
          numeric: [1.5, 1.5, 1],
          steps: [1, 1, 1],
          roundoff: [0.5, 0.49, 0.1],
        },
      ],
      { atol: 0, rtol: 0 },
    );
    assert.deepEqual(
      entries.map((e) => e.roundoff),
      [0.5, 0.49, 0.1],
    );
    assert.equal(summary.failed, 2);
    assert.equal(summary.withinRoundoff, 1, 'only |1 − 1.5| ≤ 0.5; passing entries are not counted');
  });

  it('unravel is row-major', () => {
    assert.deepEqual(unravel(5, [2, 3]), [1, 2]);
    assert.deepEqual(unravel(7, [2, 2, 2]), [1, 1, 1]);
    assert.deepEqual(unravel(0, []), []);
  });
});

describe('worstEntries', () => {
  it('the k furthest outside their tolerance, worst first, ties in row order: as sorting every row would give', () => {
    // Differences from a small set, so that many rows tie; one NaN and one ∞ rank first.
    const analytic = Array.from({ length: 300 }, (_, k) => [1, 1.02, 1.5, 3, 1.02][k % 5] * (k % 7 === 0 ? 2 : 1));
    analytic[17] = Number.POSITIVE_INFINITY;
    analytic[230] = Number.NaN;
    const p = {
      name: 'W',
      shape: [20, 15],
      analytic,
      numeric: analytic.map(() => 1),
      steps: analytic.map(() => 1e-6),
      roundoff: analytic.map(() => 0),
    };
    const { entries } = compareAll([p], tol);
    const table = EntryTable.of(entries);
    const ranked = entries
      .map((_, k) => ({ k, s: table.severity(k, tol) }))
      .sort((a, b) => b.s - a.s || a.k - b.k)
      .map(({ k }) => entryLabel(entries[k]));
    for (const count of [0, 1, 5, 20, 300, 400]) {
      assert.deepEqual(worstEntries(table, tol, count).map(entryLabel), ranked.slice(0, count), `the worst ${count}`);
    }
  });
});
