import { compare, errors, type Tolerance } from './compare.js';
import type { EntryTable } from './table.js';

/** One entry's numeric side, before it is compared: what the per-entry loop measures. */
export interface Measurement {
  param: string;
  index: number[];
  analytic: number;
  numeric: number;
  step: number;
  /** Estimated arithmetic error of the numeric value (numeric/roundoff.ts). */
  roundoff: number;
  /**
   * The step crossed a point where the function has no derivative: the lowest and the
   * highest value a subgradient may take there, from one-sided differences.
   */
  subgradients?: readonly [number, number];
  /** The gradient with the activation's σ′ dropped, when there is an activation: one more wrong gradient to tell apart. */
  withoutDerivative?: number;
  /** Under the estimate rule: how far analytic and numeric may differ for this entry (measure.ts says how it is made). */
  bound?: number;
}

/** One checked entry of a parameter, as the JSON report writes it. */
export interface Entry {
  param: string;
  index: number[];
  analytic: number;
  numeric: number;
  difference: number;
  absError: number;
  relError: number;
  step: number;
  roundoff: number;
  pass: boolean;
  /** "kink": at a point with no derivative, the analytic value lies between the one-sided differences (a subgradient). */
  status: EntryStatus;
  /** A wrong gradient of the usual kinds (sign, factor 2 or ½) would fail this entry, or it failed beyond roundoff. */
  informative: boolean;
  /** Under the estimate rule: the entry's own bound on |analytic − numeric|. */
  bound?: number;
  /**
   * At a kink: the range of the derivative's possible values there, measured by one-sided
   * differences; `numeric` is the point of it nearest the analytic value.
   */
  low?: number;
  high?: number;
  /**
   * An entry of a Jacobian (a module's vjp, jvp or hvp): the output entry it is the
   * derivative of, ∂output[output]/∂param[index]; for hvp, the gradient's entry
   * ∂²l/∂outputParam[output]∂param[index].
   */
  output?: number[];
  outputParam?: string;
  /** A large Jacobian seen through random cotangents: ∂⟨c_cotangent, output⟩/∂param[index] (numbered from 1; an hvp's output is the gradient). */
  cotangent?: number;
}

export type EntryStatus = 'pass' | 'fail' | 'kink';

export interface Summary {
  checked: number;
  passed: number;
  failed: number;
  /** Entries that could tell a right gradient from a wrong one (Entry.informative). */
  informative: number;
  /** Entries where the analytic or the numeric value is NaN or ±∞. */
  nonFinite: number;
  /** Failing entries whose |analytic − numeric| is within the numeric value's roundoff. */
  withinRoundoff: number;
  /** Entries whose step crossed a kink (relu at 0), judged against both one-sided differences. */
  kinks: number;
  maxAbsError: number;
  maxRelError: number;
  /** The entry furthest outside its tolerance (absError / allowed), first on ties. */
  worst: Pick<Entry, 'param' | 'index' | 'output' | 'outputParam' | 'cotangent'>;
}

/** Items grouped by a key, in first-seen order (each appended: linear in the items, as a million entries need). */
export function groupedBy<T, V = T>(
  items: Iterable<T>,
  key: (item: T) => string,
  value: (item: T) => V = (item) => item as unknown as V,
): Map<string, V[]> {
  const by = new Map<string, V[]>();
  for (const item of items) {
    const group = by.get(key(item));
    if (group) group.push(value(item));
    else by.set(key(item), [value(item)]);
  }
  return by;
}

/** Row-major flat position → multi-index for a shape. */
export function unravel(k: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    index[axis] = k % shape[axis];
    k = Math.floor(k / shape[axis]);
  }
  return index;
}

/** The value in [lo, hi] nearest to x (NaN stays NaN). */
export function nearest(x: number, [a, b]: readonly [number, number]): number {
  return Math.min(Math.max(x, Math.min(a, b)), Math.max(a, b));
}

/** How far analytic and numeric may differ for a value of this size: the entry's own bound, or allclose's atol + rtol·size. */
export function allowedDifference(bound: number | undefined, tol: Tolerance, size: number): number {
  return bound ?? tol.atol + tol.rtol * Math.abs(size);
}

/**
 * Whether a wrong gradient of the usual kinds would fail an entry whose true derivative
 * lies in [lo, hi] (lo = hi away from kinks): −g, 2g and g/2 must all land outside it
 * by more than the tolerance and the roundoff. With s = the smaller and S = the larger
 * magnitude (same sign), g/2 is the closest miss: s − S/2 must clear that margin. So
 * must the gradient without σ′, when the function has an activation (relu that sees no
 * z < 0 is linear there, and a missing σ′ changes nothing).
 */
function canTell([lo, hi]: readonly [number, number], m: Measurement, tol: Tolerance): boolean {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || Math.sign(lo) !== Math.sign(hi) || lo === 0) return false;
  const small = Math.min(Math.abs(lo), Math.abs(hi));
  const large = Math.max(Math.abs(lo), Math.abs(hi));
  const margin = allowedDifference(m.bound, tol, large) + m.roundoff;
  if (!(small - large / 2 > margin)) return false;
  const w = m.withoutDerivative;
  return w === undefined || w < Math.min(lo, hi) - margin || w > Math.max(lo, hi) + margin;
}

/**
 * A failing entry that proves the gradient wrong: the difference is beyond its roundoff,
 * and the two values are not both below the noise floor (atol + roundoff), where a
 * saturated or vanishing gradient leaves nothing to compare. NaN never clears anything.
 */
export function isClearFailure(e: Pick<Entry, 'analytic' | 'numeric' | 'absError' | 'roundoff' | 'bound'>, tol: Tolerance): boolean {
  const floor = (e.bound ?? tol.atol) + e.roundoff;
  return e.absError > e.roundoff && Math.max(Math.abs(e.analytic), Math.abs(e.numeric)) > floor;
}

/** What judging decides of a measured entry: the value it is compared with, and the outcome. */
export interface Judgement {
  numeric: number;
  pass: boolean;
  status: EntryStatus;
  informative: boolean;
}

/**
 * A measurement compared under the tolerance rule. At a kink the analytic value passes
 * when it lies between the one-sided differences, up to tolerance: it is compared with
 * the nearer of them (itself, when it lies between). entryOf makes the report's entry of it.
 */
export function judgement(m: Measurement, tol: Tolerance): Judgement {
  const numeric = m.subgradients ? nearest(m.analytic, m.subgradients) : m.numeric;
  const c = compare(m.analytic, numeric, tol, m.bound);
  const failsClearly =
    !c.pass && isClearFailure({ analytic: m.analytic, numeric, absError: c.absError, roundoff: m.roundoff, bound: m.bound }, tol);
  const status: EntryStatus = !c.pass ? 'fail' : m.subgradients ? 'kink' : 'pass';
  const informative = failsClearly || canTell(m.subgradients ?? [m.numeric, m.numeric], m, tol);
  return { numeric, pass: c.pass, status, informative };
}

/** The entry a judged measurement reports, its fields in the report's order. */
export function entryOf(m: Measurement, j: Judgement): Entry {
  const { param, index, analytic, step, roundoff } = m;
  const { numeric, pass, status, informative } = j;
  const { difference, absError, relError } = errors(analytic, numeric);
  // Whole literals, not fields added later (each would move the entry's fields out of the object): a million entries share one shape.
  if (!m.subgradients) {
    return m.bound === undefined
      ? { param, index, analytic, numeric, difference, absError, relError, step, roundoff, pass, status, informative }
      : { param, index, analytic, numeric, difference, absError, relError, step, roundoff, pass, status, informative, bound: m.bound };
  }
  // At a kink the range comes first, then the bound (the order of the report's fields).
  const entry: Entry = { param, index, analytic, numeric, difference, absError, relError, step, roundoff, pass, status, informative };
  entry.low = m.subgradients[0];
  entry.high = m.subgradients[1];
  if (m.bound !== undefined) entry.bound = m.bound;
  return entry;
}

/** A failing entry whose difference is no larger than its numeric value's arithmetic error. */
export function failsWithinRoundoff(e: Pick<Entry, 'pass' | 'absError' | 'roundoff'>): boolean {
  return !e.pass && e.absError <= e.roundoff;
}

/** max that lets NaN through, so a NaN error is never hidden behind a finite one. */
function maxOf(a: number, b: number): number {
  return Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b);
}

/** The counts and maxima of a table of judged entries, in one pass over its columns. */
export function summarize(table: EntryTable, tol: Tolerance): Summary {
  let maxAbsError = 0;
  let maxRelError = 0;
  let worst = -1;
  let worstRank = -Infinity;
  let passed = 0;
  let informative = 0;
  let nonFinite = 0;
  let withinRoundoff = 0;
  for (let i = 0; i < table.length; i++) {
    const { absError, relError } = table.errors(i);
    maxAbsError = maxOf(maxAbsError, absError);
    maxRelError = maxOf(maxRelError, relError);
    const r = table.severity(i, tol);
    if (r > worstRank) {
      worstRank = r;
      worst = i;
    }
    if (table.pass(i)) passed++;
    if (table.failsWithinRoundoff(i)) withinRoundoff++;
    if (table.informative(i)) informative++;
    if (!Number.isFinite(table.analytic[i]) || !Number.isFinite(table.numeric[i])) nonFinite++;
  }
  const w = worst < 0 ? undefined : table.entry(worst);
  return {
    checked: table.length,
    passed,
    failed: table.length - passed,
    informative,
    nonFinite,
    withinRoundoff,
    kinks: table.kinks,
    maxAbsError,
    maxRelError,
    worst: {
      param: w?.param ?? '',
      index: w?.index ?? [],
      ...(w?.output ? { output: w.output } : {}),
      ...(w?.outputParam !== undefined ? { outputParam: w.outputParam } : {}),
      ...(w?.cotangent !== undefined ? { cotangent: w.cotangent } : {}),
    },
  };
}

/** `W[1,0]`: how tables and messages name an entry (a direction has no index). */
const at = (name: string, index: readonly number[]) => (index.length === 0 ? name : `${name}[${index.join(',')}]`);

/** W[0,2]; of a Jacobian ∂output[3,1]/∂W[0,2] or ∂⟨c1, output⟩/∂W[0,2]; of a Hessian ∂²l/∂b[1]∂W[0,2]. */
export function entryLabel(e: Pick<Entry, 'param' | 'index' | 'output' | 'outputParam' | 'cotangent'>): string {
  const wrt = at(e.param, e.index);
  if (e.cotangent !== undefined) return `∂⟨c${e.cotangent}, output⟩/∂${wrt}`;
  if (e.output === undefined) return wrt;
  if (e.outputParam !== undefined) return `∂²l/∂${at(e.outputParam, e.output)}∂${wrt}`;
  return `∂${at('output', e.output)}/∂${wrt}`;
}

/** The `count` entries furthest outside their tolerance, worst first (ties in row order): one pass, no sort of every row. */
export function worstEntries(table: EntryTable, tol: Tolerance, count: number): Entry[] {
  const top: { i: number; s: number }[] = [];
  for (let i = 0; i < table.length && count > 0; i++) {
    const s = table.severity(i, tol);
    if (top.length === count && !(s > top[count - 1].s)) continue;
    let at = top.length;
    while (at > 0 && s > top[at - 1].s) at--;
    top.splice(at, 0, { i, s });
    if (top.length > count) top.pop();
  }
  return top.map(({ i }) => table.entry(i));
}
