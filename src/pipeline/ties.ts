import { machineEpsilon } from '../numeric/dtype.js';
import type { LossProbe, Objective } from '../numeric/probe.js';
import { roundoffOf } from '../numeric/roundoff.js';
import { backwardDifference, forwardDifference, type Scheme } from '../numeric/schemes.js';
import type { CheckedParameter, MeasureSettings } from './parameter.js';
import type { EntryTable } from './table.js';

/**
 * Escalation for ties (issue 31). Judged alone, an entry at a kink passes when its analytic value lies between its
 * one-sided slopes: a backward pass that gives every tied maximum the whole gradient passes so, each entry's range
 * [0, c] holding c. Moved together, two tied entries show it: their one-sided slopes do not add up (they share one
 * kink: moving both raises the maximum once), and the sum of their analytic values, 2c, lies outside the pair's own
 * slopes, [c, c]. Entries at kinks of their own add up, and are left alone: their valid subgradients need not fit
 * one pair's slopes (relu(x) − relu(y) at 0 has slope 1 along (1, 1) whatever its subgradients).
 */

/** Each kink entry is paired with the next few of its parameter; at most this many pairs a check. */
const PARTNERS = 8;
const MOST_PAIRS = 64;

/** A pair of kink entries that share their kink, and whether their analytic sum fits its one-sided slopes. */
export interface TiedPair {
  rows: [number, number];
  analytic: number;
  low: number;
  high: number;
  allowed: number;
  pass: boolean;
}

/**
 * Forward and backward slopes of the loss moving the entries of `rows` together by the same step, each extrapolated
 * (2·D(h/2) − D(h)) to cancel its O(h) term. Only those entries move: nothing of the size of the parameters is made.
 */
function slopes(objective: Objective, params: readonly CheckedParameter[], at: [number, number][], h: number) {
  const saved = at.map(([q, k]) => params[q].values[k]);
  const lossAt = (a: number) => {
    at.forEach(([q, k], e) => {
      params[q].values[k] = saved[e] + a;
    });
    const loss = objective.loss();
    at.forEach(([q, k], e) => {
      params[q].values[k] = saved[e];
    });
    return loss;
  };
  const probe: LossProbe = { difference: (_k, a, b) => lossAt(a) - lossAt(b), imaginary: () => Number.NaN };
  const side = (scheme: Scheme) => 2 * scheme.estimate(probe, 0, h / 2) - scheme.estimate(probe, 0, h);
  return [side(forwardDifference), side(backwardDifference)] as const;
}

/** The kink rows of each parameter, paired with their next PARTNERS, at most MOST_PAIRS in all. */
function candidatePairs(table: EntryTable): [number, number][] {
  const byParam = new Map<number, number[]>();
  for (let i = 0; i < table.length; i++)
    if (table.status(i) === 'kink') byParam.set(table.param[i], [...(byParam.get(table.param[i]) ?? []), i]);
  const pairs: [number, number][] = [];
  for (const rows of byParam.values())
    for (let a = 0; a < rows.length; a++)
      for (let b = a + 1; b <= a + PARTNERS && b < rows.length; b++) pairs.push([rows[a], rows[b]]);
  return pairs.slice(0, MOST_PAIRS);
}

/** The pairs of kink entries that share a kink (their slopes do not add), each judged against its own slopes. */
export function tiedPairs(
  objective: Objective,
  params: readonly CheckedParameter[],
  table: EntryTable,
  s: MeasureSettings,
): TiedPair[] {
  const epsilon = machineEpsilon(s.dtype);
  const maxAbs = Math.max(...params.map((p) => p.values.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));
  const entry = (i: number): [number, number] => [table.param[i], table.flat[i]];
  // An entry's own slopes at each step a pair asks them at (the pair's sum is compared at that step).
  const single = new Map<string, readonly [number, number]>();
  const alone = (i: number, h: number) => {
    const key = `${i} ${h}`;
    return single.get(key) ?? single.set(key, slopes(objective, params, [entry(i)], h)).get(key);
  };
  const found: TiedPair[] = [];
  for (const [i, j] of candidatePairs(table)) {
    const h = Math.min(table.step[i], table.step[j]);
    const [forward, backward] = slopes(objective, params, [entry(i), entry(j)], h);
    const [fi, bi] = alone(i, h) ?? [NaN, NaN];
    const [fj, bj] = alone(j, h) ?? [NaN, NaN];
    const size = Math.max(Math.abs(forward), Math.abs(backward), Math.abs(fi) + Math.abs(fj));
    // Extrapolating from h/2 magnifies rounding about 3× (measure.ts kinkRange); three pairs of slopes are compared.
    const roundoff = 3 * roundoffOf(forwardDifference, epsilon, s.lossMagnitude, 0, maxAbs, h / 2, size);
    const additive = Math.abs(forward - fi - fj) <= 12 * roundoff && Math.abs(backward - bi - bj) <= 12 * roundoff;
    if (additive || ![forward, backward, fi, fj, bi, bj].every(Number.isFinite)) continue;
    const analytic = table.analytic[i] + table.analytic[j];
    const [low, high] = [Math.min(forward, backward), Math.max(forward, backward)];
    const allowed = 4 * roundoff + 32 * epsilon * (Math.abs(analytic) + Math.max(Math.abs(low), Math.abs(high)));
    found.push({
      rows: [i, j],
      analytic,
      low,
      high,
      allowed,
      pass: analytic >= low - allowed && analytic <= high + allowed,
    });
  }
  return found;
}
