import { compare, severity, type Tolerance } from './compare.js';

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
  /** Estimated arithmetic error of the numeric value (numeric/roundoff.ts). */
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

/**
 * The analytic and numeric gradient of one named parameter at the checked entries:
 * `indices` are their flat row-major positions (all of them when absent), and every
 * array below is aligned with them.
 */
export interface ParameterGradients {
  name: string;
  shape: readonly number[];
  indices?: ArrayLike<number>;
  /** The index an entry is reported under, from its flat position; row-major in `shape` when absent. */
  indexOf?: (flat: number) => number[];
  analytic: ArrayLike<number>;
  numeric: ArrayLike<number>;
  steps: ArrayLike<number>;
  roundoff: ArrayLike<number>;
  /** Entries whose step crosses a kink of the activation. */
  kink?: ArrayLike<boolean>;
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

/** max that lets NaN through, so a NaN error is never hidden behind a finite one. */
function maxOf(a: number, b: number): number {
  return Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b);
}

export function compareAll(params: readonly ParameterGradients[], tol: Tolerance): { entries: Entry[]; summary: Summary } {
  const entries: Entry[] = [];
  let passed = 0;
  let nonFinite = 0;
  let withinRoundoff = 0;
  let kinks = 0;
  let maxAbsError = 0;
  let maxRelError = 0;
  let worst: Entry | undefined;
  let worstSeverity = -1;
  for (const p of params) {
    for (let k = 0; k < p.analytic.length; k++) {
      const analytic = p.analytic[k];
      const numeric = p.numeric[k];
      const c = compare(analytic, numeric, tol);
      const kink = p.kink?.[k] === true;
      const entry: Entry = {
        param: p.name, index: (p.indexOf ?? ((f: number) => unravel(f, p.shape)))(p.indices ? p.indices[k] : k), analytic, numeric,
        difference: c.difference, absError: c.absError, relError: c.relError, step: p.steps[k],
        roundoff: p.roundoff[k], pass: c.pass || kink, status: kink ? 'kink' : c.pass ? 'pass' : 'fail',
      };
      entries.push(entry);
      if (entry.pass) passed++;
      else if (c.absError <= entry.roundoff) withinRoundoff++;
      if (kink) kinks++;
      if (!Number.isFinite(analytic) || !Number.isFinite(numeric)) nonFinite++;
      if (!kink) {
        // A difference across a kink is not a derivative: it says nothing of the error.
        maxAbsError = maxOf(maxAbsError, c.absError);
        maxRelError = maxOf(maxRelError, c.relError);
      }
      const s = kink ? 0 : severity(c);
      if (s > worstSeverity) {
        worstSeverity = s;
        worst = entry;
      }
    }
  }
  const checked = entries.length;
  const summary: Summary = {
    checked, passed, failed: checked - passed, nonFinite, withinRoundoff, kinks, pass: passed === checked && checked > 0,
    maxAbsError, maxRelError,
    worst: { param: worst?.param ?? '', index: worst?.index ?? [] },
  };
  return { entries, summary };
}

/** `W[1,0]`: how tables and messages name an entry (a direction has no index). */
export function entryLabel(e: { param: string; index: readonly number[] }): string {
  return e.index.length === 0 ? e.param : `${e.param}[${e.index.join(',')}]`;
}

/** The `count` entries furthest outside their tolerance, worst first (ties in row-major order). */
export function worstEntries(entries: readonly Entry[], tol: Tolerance, count: number): Entry[] {
  const ranked = entries.map((e, k) => ({ e, k, s: e.status === 'kink' ? -1 : severity(compare(e.analytic, e.numeric, tol)) }));
  ranked.sort((a, b) => b.s - a.s || a.k - b.k);
  return ranked.slice(0, count).map(({ e }) => e);
}
