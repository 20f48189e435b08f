import type { Progress } from '../numeric/gradient.js';
import { measureAndJudge } from '../pipeline/check.js';
import type { Entry } from '../pipeline/entry.js';
import { joinedRetake, type Retake } from '../pipeline/escalate.js';
import type { CheckedParameter } from '../pipeline/parameter.js';
import { type CheckSettings, summarized } from '../pipeline/summary.js';
import { EntryTable } from '../pipeline/table.js';
import type { RandomStream } from '../problem/random.js';
import { stratifiedSample } from '../problem/sample.js';
import { jacobianPatterns } from './jacobian-patterns.js';
import { type FlatParameter, type Parameters, setLeaf } from './parameters.js';

/** Above this many entries a Jacobian is checked through random cotangents, not entry by entry. */
export const FULL_JACOBIAN_LIMIT = 100_000;
/** How many random cotangents check a Jacobian too large to check entry by entry. */
export const RANDOM_COTANGENTS = 4;

/** A flattened function of many outputs and one rule for its derivative: vjp (Jacobian rows) or jvp, hvp (columns). */
export interface Linearized {
  rule: 'vjp' | 'jvp' | 'hvp';
  flat: readonly FlatParameter[];
  /** The parameters the output is evaluated at, set leaf by leaf while probing. */
  live: Parameters;
  /** Each output entry's index (for hvp, into its parameter `outputParams[i]`). */
  outputIndex: readonly number[][];
  outputParams?: readonly string[];
  /** The output at the live parameters, flat. */
  outputAt(): Float64Array;
  /** vjp: the gradient of ⟨c, output⟩, one array per parameter. */
  pullback?(c: Float64Array): Float64Array[];
  /** jvp: J·t, flat, for t one array per parameter. */
  pushforward?(t: readonly Float64Array[]): Float64Array;
}

/** One scalar function the Jacobian is checked through: an output entry (a basis cotangent), or ⟨c, output⟩. */
interface Row {
  basis?: number;
  weights?: Float64Array;
  tags: Pick<Entry, 'output' | 'outputParam' | 'cotangent'>;
  /** The entries checked, by parameter name: all when absent. */
  only?: Map<string, Uint32Array>;
}

const project = (row: Row, v: Float64Array) => {
  if (row.basis !== undefined) return v[row.basis];
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (row.weights?.[i] ?? 0) * v[i];
  return s;
};

/** Every output entry when the Jacobian is small, else random cotangents; a sample picks (row, entry) pairs. */
function rowsOf(lin: Linearized, s: CheckSettings, stream: RandomStream): Row[] {
  const m = lin.outputIndex.length;
  const P = lin.flat.reduce((n, p) => n + p.values.length, 0);
  const tags = (i: number) => ({
    output: lin.outputIndex[i],
    ...(lin.outputParams ? { outputParam: lin.outputParams[i] } : {}),
  });
  const rows: Row[] =
    m * P <= FULL_JACOBIAN_LIMIT
      ? Array.from({ length: m }, (_, i) => ({ basis: i, tags: tags(i) }))
      : Array.from({ length: RANDOM_COTANGENTS }, (_, r) => ({
          weights: Float64Array.from({ length: m }, () => 2 * stream.uniform() - 1),
          tags: { cotangent: r + 1 },
        }));
  if (s.sample === null) return rows;
  // A sample of (row, entry) pairs, spread over the rows × entries grid; rows with none are dropped.
  const picked = stratifiedSample(rows.length * P, Math.min(s.sample, rows.length * P), stream);
  const starts = lin.flat.map((_, q) => lin.flat.slice(0, q).reduce((n, p) => n + p.values.length, 0));
  const chosen = rows.map(() => lin.flat.map(() => [] as number[]));
  for (const x of picked) {
    const r = Math.floor(x / P);
    const j = x % P;
    let q = 0;
    while (q + 1 < starts.length && starts[q + 1] <= j) q++;
    chosen[r][q].push(j - starts[q]);
  }
  return rows.flatMap((row, r) =>
    chosen[r].some((ks) => ks.length > 0)
      ? [{ ...row, only: new Map(lin.flat.map((p, q) => [p.name, Uint32Array.from(chosen[r][q])])) }]
      : [],
  );
}

/** The analytic side of every row: one vjp a row, or one jvp a needed entry projected on every row. */
function analyticRows(lin: Linearized, rows: readonly Row[]): Float64Array[][] {
  const m = lin.outputIndex.length;
  if (lin.pullback) {
    return rows.map((row) => {
      const c = row.weights ?? new Float64Array(m);
      if (row.basis !== undefined) c[row.basis] = 1;
      return lin.pullback?.(c) ?? [];
    });
  }
  const A = rows.map(() => lin.flat.map((p) => new Float64Array(p.values.length)));
  const t = lin.flat.map((p) => new Float64Array(p.values.length));
  lin.flat.forEach((p, q) => {
    for (let k = 0; k < p.values.length; k++) {
      const needed = rows.filter((row) => !row.only || row.only.get(p.name)?.includes(k));
      if (needed.length === 0) continue;
      t[q][k] = 1;
      const column = lin.pushforward?.(t) ?? new Float64Array(m);
      t[q][k] = 0;
      rows.forEach((row, r) => {
        A[r][q][k] = project(row, column);
      });
    }
  });
  return A;
}

/** The output moved along one entry, projected on every row and remembered: one output call serves every row. */
function sharedProbes(lin: Linearized, rows: readonly Row[]) {
  const cache = new Map<string, Float64Array>();
  const along = (q: number, k: number, a: number) => {
    const key = `${q} ${k} ${a}`;
    let hit = cache.get(key);
    if (!hit) {
      const p = lin.flat[q];
      setLeaf(lin.live, p.name, p.paths[k], p.values[k] + a);
      const out = lin.outputAt();
      setLeaf(lin.live, p.name, p.paths[k], p.values[k]);
      hit = Float64Array.from(rows, (row) => project(row, out));
      cache.set(key, hit);
    }
    return hit;
  };
  return (r: number, q: number) => ({
    difference: (k: number, a: number, b: number) => along(q, k, a)[r] - along(q, k, b)[r],
    imaginary(): number {
      throw new Error("a user's function cannot be evaluated in complex arithmetic");
    },
  });
}

/**
 * Each row of a Jacobian checked as the gradient of one scalar function (an output entry, or ⟨c, output⟩), with one
 * summary over all and the Jacobian's own patterns (a dropped cotangent, a transposed one) in its diagnosis.
 */
export function checkLinearized(lin: Linearized, s: CheckSettings, stream: RandomStream, onProgress?: Progress) {
  const rows = rowsOf(lin, s, stream);
  const analytic = analyticRows(lin, rows);
  const probe = sharedProbes(lin, rows);
  const out0 = lin.outputAt();
  const paramsOf = (r: number): CheckedParameter[] =>
    lin.flat.map((p, q) => ({
      name: p.name,
      values: p.values,
      shape: p.shape,
      analytic: analytic[r][q],
      probe: probe(r, q),
      indexOf: (k) => p.paths[k],
      known: { kinksUnknown: true },
    }));
  const total = rows.reduce(
    (n, row) => n + lin.flat.reduce((t, p) => t + (row.only?.get(p.name)?.length ?? p.values.length), 0),
    0,
  );
  let done = 0;
  const entries: Entry[] = [];
  const retakes: { retake: Retake; length: number }[] = [];
  rows.forEach((row, r) => {
    const size = row.weights
      ? row.weights.reduce((t, c, i) => t + Math.abs(c * out0[i]), 0)
      : Math.abs(out0[row.basis ?? 0]);
    const terms = row.weights ? row.weights.length : 1;
    const rowSettings = { ...s, loss: size, lossTerms: terms, only: row.only };
    const judged = measureAndJudge(
      { loss: () => NaN },
      paramsOf(r),
      rowSettings,
      stream,
      onProgress && ((e) => onProgress(done + e, total)),
    );
    done += judged.table.length;
    for (const e of judged.table.entries()) entries.push({ ...e, ...row.tags });
    retakes.push({ retake: judged.retake, length: judged.table.length });
  });
  const table = EntryTable.of(entries);
  const summary = summarized({ table, retake: joinedRetake(retakes) }, paramsOf(0), {
    ...s,
    patterns: jacobianPatterns(lin),
  });
  return { table, summary };
}
