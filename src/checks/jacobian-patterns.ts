import { compare, type Tolerance } from '../pipeline/compare.js';
import { type Diagnosis, MIN_AGREEING } from '../pipeline/diagnose.js';
import { type Entry, groupedBy } from '../pipeline/entry.js';

/** What the patterns read of a Jacobian's check (jacobian.ts Linearized): its rule, columns and rows. */
interface Linearized {
  rule: 'vjp' | 'jvp' | 'hvp';
  flat: readonly { name: string; paths: readonly (readonly number[])[] }[];
  outputIndex: readonly (readonly number[])[];
  outputParams?: readonly string[];
}

const rowKey = (e: Entry) =>
  e.cotangent !== undefined ? `c${e.cotangent}` : `${e.outputParam ?? ''}[${e.output?.join(',')}]`;
const columnKey = (e: Entry) => `${e.param}[${e.index.join(',')}]`;
const telling = (e: Entry) => e.informative && e.low === undefined;
const same = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));

/** Entries grouped by one key, groups of two or more only. */
function groups(entries: readonly Entry[], key: (e: Entry) => string): Entry[][] {
  return [...groupedBy(entries, key).values()].filter((g) => g.length >= 2);
}

/** A rule that ignores its cotangent or tangent: analytic values the same across rows (vjp) or columns, numeric not. */
function ignoresArgument(lin: Linearized, entries: readonly Entry[], tol: Tolerance): Diagnosis | undefined {
  const across = lin.rule === 'vjp' ? groups(entries, columnKey) : groups(entries, rowKey);
  if (across.length === 0) return undefined;
  const constant = across.every((g) => g.every((e) => same(e.analytic, g[0].analytic)));
  const varies = across.some((g) => g.some((e) => !compare(e.numeric, g[0].numeric, tol).pass));
  if (!constant || !varies) return undefined;
  return {
    code: 'ignores-argument',
    argument: lin.rule === 'vjp' ? 'cotangent' : lin.rule === 'jvp' ? 'tangent' : 'v',
    remedies: [],
  };
}

/** analytic ≈ partner's numeric on at least MIN_AGREEING telling pairs, and on every one. */
function matchesPartners(entries: readonly Entry[], partner: (e: Entry) => Entry | undefined, tol: Tolerance): boolean {
  const pairs = entries.flatMap((e) => {
    const p = partner(e);
    return p && p !== e && telling(e) && telling(p) ? [[e, p] as const] : [];
  });
  return pairs.length >= MIN_AGREEING && pairs.every(([e, p]) => compare(e.analytic, p.numeric, tol).pass);
}

/** A vjp that reads its (square) cotangent transposed: analytic ∂output[i,j] ≈ numeric ∂output[j,i]. */
function transposedCotangent(lin: Linearized, entries: readonly Entry[], tol: Tolerance): Diagnosis | undefined {
  if (lin.rule !== 'vjp' || entries.some((e) => e.output?.length !== 2)) return undefined;
  const at = new Map(entries.map((e) => [`${rowKey(e)} ${columnKey(e)}`, e]));
  const partner = (e: Entry) => at.get(`[${e.output?.[1]},${e.output?.[0]}] ${columnKey(e)}`);
  return matchesPartners(entries, partner, tol)
    ? { code: 'transpose', transposed: 'cotangent', remedies: [] }
    : undefined;
}

/**
 * A jvp that returns Jᵀ·t, or a vjp that returns J·c for Jᵀ·c (output and parameters of one size): analytic
 * J[i][j] ≈ numeric J[j][i].
 */
function transposedJacobian(lin: Linearized, entries: readonly Entry[], tol: Tolerance): Diagnosis | undefined {
  const columns = lin.flat.flatMap((p) => p.paths.map((path) => `${p.name}[${path.join(',')}]`));
  if ((lin.rule !== 'jvp' && lin.rule !== 'vjp') || columns.length !== lin.outputIndex.length) return undefined;
  const rows = lin.outputIndex.map((index, i) => `${lin.outputParams?.[i] ?? ''}[${index.join(',')}]`);
  const rowAt = new Map(rows.map((k, i) => [k, i]));
  const columnAt = new Map(columns.map((k, j) => [k, j]));
  const at = new Map(entries.map((e) => [`${rowKey(e)} ${columnKey(e)}`, e]));
  const partner = (e: Entry) => {
    const i = rowAt.get(rowKey(e));
    const j = columnAt.get(columnKey(e));
    return i === undefined || j === undefined ? undefined : at.get(`${rows[j]} ${columns[i]}`);
  };
  return matchesPartners(entries, partner, tol)
    ? { code: 'transpose', transposed: 'jacobian', remedies: [] }
    : undefined;
}

/** The diagnosis's patterns for a Jacobian's failures: a dropped argument, then a transposed cotangent or Jacobian. */
export function jacobianPatterns(lin: Linearized) {
  return (entries: readonly Entry[], tol: Tolerance): Diagnosis | undefined => {
    return (
      ignoresArgument(lin, entries, tol) ??
      transposedCotangent(lin, entries, tol) ??
      transposedJacobian(lin, entries, tol)
    );
  };
}
