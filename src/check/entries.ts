import { compare, severity, type Tolerance } from './compare.js';

/** One entry's numeric side, before it is compared: what the per-entry loop measures. */
export interface Measurement {
  param: string;
  index: number[];
  analytic: number;
  numeric: number;
  step: number;
  /** Estimated arithmetic error of the numeric value (numeric/roundoff.ts). */
  roundoff: number;
  /** The step crossed a point where the function has no derivative. */
  kink: boolean;
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
  /** "kink": the step crossed a point where the activation has no derivative; it passes. */
  status: EntryStatus;
}

export type EntryStatus = 'pass' | 'fail' | 'kink';

export interface Summary {
  checked: number;
  passed: number;
  failed: number;
  /** Entries where the analytic or the numeric value is NaN or ±∞. */
  nonFinite: number;
  /** Failing entries whose |analytic − numeric| is within the numeric value's roundoff. */
  withinRoundoff: number;
  /** Entries whose step crossed a kink (relu at 0): reported, not failed. */
  kinks: number;
  pass: boolean;
  maxAbsError: number;
  maxRelError: number;
  /** The entry furthest outside its tolerance (absError / allowed), first on ties; kinks rank last. */
  worst: { param: string; index: number[] };
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

/** A measurement compared under the tolerance rule; an entry at a kink passes. */
export function judge(m: Measurement, tol: Tolerance): Entry {
  const c = compare(m.analytic, m.numeric, tol);
  return {
    param: m.param,
    index: m.index,
    analytic: m.analytic,
    numeric: m.numeric,
    difference: c.difference,
    absError: c.absError,
    relError: c.relError,
    step: m.step,
    roundoff: m.roundoff,
    pass: c.pass || m.kink,
    status: m.kink ? 'kink' : c.pass ? 'pass' : 'fail',
  };
}

/** A failing entry whose difference is no larger than its numeric value's arithmetic error. */
export function failsWithinRoundoff(e: Entry): boolean {
  return !e.pass && e.absError <= e.roundoff;
}

const isFinitePair = (e: Entry) => Number.isFinite(e.analytic) && Number.isFinite(e.numeric);

/** How far outside its tolerance an entry is; kinks rank below every compared entry. */
function rank(e: Entry, tol: Tolerance): number {
  return e.status === 'kink' ? -1 : severity(compare(e.analytic, e.numeric, tol));
}

/** max that lets NaN through, so a NaN error is never hidden behind a finite one. */
function maxOf(a: number, b: number): number {
  return Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b);
}

export function summarize(entries: readonly Entry[], tol: Tolerance): Summary {
  let maxAbsError = 0;
  let maxRelError = 0;
  let worst: Entry | undefined;
  let worstRank = -Infinity;
  for (const e of entries) {
    // A difference across a kink is not a derivative: it says nothing of the error.
    if (e.status !== 'kink') {
      maxAbsError = maxOf(maxAbsError, e.absError);
      maxRelError = maxOf(maxRelError, e.relError);
    }
    const r = Math.max(0, rank(e, tol));
    if (r > worstRank) {
      worstRank = r;
      worst = e;
    }
  }
  const checked = entries.length;
  const passed = entries.filter((e) => e.pass).length;
  return {
    checked,
    passed,
    failed: checked - passed,
    nonFinite: entries.filter((e) => !isFinitePair(e)).length,
    withinRoundoff: entries.filter(failsWithinRoundoff).length,
    kinks: entries.filter((e) => e.status === 'kink').length,
    pass: passed === checked && checked > 0,
    maxAbsError,
    maxRelError,
    worst: { param: worst?.param ?? '', index: worst?.index ?? [] },
  };
}

/** `W[1,0]`: how tables and messages name an entry (a direction has no index). */
export function entryLabel(e: { param: string; index: readonly number[] }): string {
  return e.index.length === 0 ? e.param : `${e.param}[${e.index.join(',')}]`;
}

/** The `count` entries furthest outside their tolerance, worst first (ties in row-major order). */
export function worstEntries(entries: readonly Entry[], tol: Tolerance, count: number): Entry[] {
  const ranked = entries.map((e, k) => ({ e, k, s: rank(e, tol) }));
  ranked.sort((a, b) => b.s - a.s || a.k - b.k);
  return ranked.slice(0, count).map(({ e }) => e);
}
