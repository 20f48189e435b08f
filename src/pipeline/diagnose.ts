import { compare, type Tolerance } from './compare.js';
import { type Entry, nearest } from './entry.js';
import type { Retake } from './escalate.js';
import { isClearFailure } from './judge.js';
import { NONFINITE_REMEDIES, type Remedy } from './remedies.js';

export const DIAGNOSIS_CODES = [
  'nonfinite',
  'sign',
  'scale',
  'transpose',
  'ignores-argument',
  'roundoff',
  'truncation',
  'saturation',
  'mismatch',
] as const;
export type DiagnosisCode = (typeof DIAGNOSIS_CODES)[number];

/** Why entries failed: a code, its numbers, what to change; `message`: the CLI's or library's (render/diagnosis.ts). */
export interface Diagnosis {
  code: DiagnosisCode;
  /** scale: analytic ≈ factor × numeric. */
  factor?: number;
  /** truncation: how many times smaller the difference got when the step halved; 2^order is truncation's. */
  shrink?: number;
  order?: number;
  /** truncation at the automatic step: how many of the worst failures tried there pass (shrink: how much closer). */
  passedAtAutoStep?: number;
  triedAtAutoStep?: number;
  /** nonfinite: how many entries are NaN or ±∞, of how many, on which side (the numeric side proves nothing). */
  nonFinite?: number;
  total?: number;
  side?: 'analytic' | 'numeric';
  /** nonfinite on the numeric side: how many of those numeric values are NaN (the rest are ±∞). */
  nan?: number;
  /** The one parameter that holds every failure, when the others pass. */
  only?: string;
  /** transpose of a Jacobian: the cotangent read transposed (vjp), or the Jacobian (jvp); absent for a gradient. */
  transposed?: 'cotangent' | 'jacobian';
  /** ignores-argument: the rule's argument it does not use. */
  argument?: 'cotangent' | 'tangent' | 'v';
  /** Found along one random direction (fast mode), not entry by entry. */
  directional?: boolean;
  remedies: Remedy[];
  message?: string;
}

/** A judged entry, and its row of the table: more of it is measured when asked (DiagnosisContext.retake). */
export interface Evidence {
  entry: Entry;
  row: number;
}

export interface DiagnosisContext {
  tol: Tolerance;
  /** The shape of each parameter, by name: `transpose` looks for a square one. */
  shapes: Readonly<Record<string, readonly number[]>>;
  /** Truncation order p of the scheme: halving h divides its error by 2ᵖ. */
  order: number;
  remedies: { roundoff: Remedy[]; truncation: Remedy[] };
  /** Whether the function has an activation whose σ′ a wrong gradient may have dropped. */
  derivative: boolean;
  /** One directional derivative (fast mode): a single number has no transpose pattern. */
  directional?: boolean;
  /** Patterns of a check with more structure (a Jacobian's), tried after sign, scale and transpose. */
  patterns?(entries: readonly Entry[], tol: Tolerance): Diagnosis | undefined;
  /** The entries at other steps, and what the function knows of them, by row. */
  retake: Retake;
}

/** Entries a pattern may be read from: enough of them must agree before it is named. */
export const MIN_AGREEING = 3;
/** Failing entries recomputed at another step to test for truncation: the worst first, at most this many. */
const TRUNCATION_PROBES = 32;
/** Factors a directional check can name: the usual missing or extra ½. */
const DIRECTIONAL_FACTORS = [2, 0.5];

function allPass(pairs: [number, number][], tol: Tolerance): boolean {
  return pairs.length > 0 && pairs.every(([a, n]) => compare(a, n, tol).pass);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** The first pattern to explain every failure: sign, scale, transpose, roundoff, truncation, saturation, mismatch. */
export function diagnose(all: readonly Evidence[], ctx: DiagnosisContext): Diagnosis | undefined {
  // An analytic NaN or ±∞ beside finite differences fails, and says why before any pattern.
  const backward = all.filter(({ entry: e }) => e.status === 'fail' && !Number.isFinite(e.analytic)).length;
  if (backward > 0) return nonFiniteDiagnosis(all, backward, 'analytic');
  const failingParams = new Set(all.filter(({ entry }) => entry.status === 'fail').map(({ entry }) => entry.param));
  if (failingParams.size === 0) {
    // Nothing failed: entries whose differences were NaN or ±∞ at every step are what proved nothing.
    const undecided = all.filter(({ entry }) => entry.status === 'nonfinite').length;
    return undecided > 0 ? nonFiniteDiagnosis(all, undecided, 'numeric') : undefined;
  }
  // When one parameter holds every failure, its pattern is sought in it alone.
  const [only] = failingParams;
  const alone = failingParams.size === 1 && new Set(all.map(({ entry }) => entry.param)).size > 1;
  const found = ctx.directional
    ? directionalPattern(all[0], ctx, all.length > 1)
    : entryPattern(alone ? all.filter(({ entry }) => entry.param === only) : all, ctx);
  return alone ? { ...found, only } : found;
}

function nonFiniteDiagnosis(all: readonly Evidence[], count: number, side: 'analytic' | 'numeric'): Diagnosis {
  const nan = all.filter(({ entry: e }) => e.status === 'nonfinite' && Number.isNaN(e.numeric)).length;
  return {
    code: 'nonfinite',
    nonFinite: count,
    total: all.length,
    side,
    ...(side === 'numeric' ? { nan } : {}),
    remedies: [...NONFINITE_REMEDIES],
  };
}

/** What x is compared with at entry e: its numeric value, or at a kink the subgradient nearest x. */
const againstRange = (x: number, e: Entry) =>
  e.low !== undefined && e.high !== undefined ? nearest(x, [e.low, e.high]) : e.numeric;

/** The pattern of the failures among entries of one parameter, or of several. */
function entryPattern(evidence: readonly Evidence[], ctx: DiagnosisContext): Diagnosis {
  const { tol } = ctx;
  const failing = evidence.filter(({ entry }) => entry.status === 'fail');
  // Patterns are read only from entries that can show one: informative, and away from kinks.
  const telling = evidence.map(({ entry }) => entry).filter((e) => e.informative && e.low === undefined);
  const failsClearly = failing.some(({ entry }) => isClearFailure(entry, tol));

  if (
    failsClearly &&
    allPass(
      failing.map(({ entry: e }) => [-e.analytic, againstRange(-e.analytic, e)]),
      tol,
    )
  )
    return { code: 'sign', remedies: [] };

  const factor = scaleFactor(telling, tol);
  if (failsClearly && factor !== undefined) return { code: 'scale', factor, remedies: [] };

  if (
    failsClearly &&
    isTransposed(
      evidence.map(({ entry }) => entry),
      ctx,
    )
  )
    return { code: 'transpose', remedies: [] };

  const structured = failsClearly
    ? ctx.patterns?.(
        evidence.map(({ entry }) => entry),
        tol,
      )
    : undefined;
  if (structured) return structured;

  if (failing.every(({ entry: e }) => e.absError <= e.roundoff))
    return { code: 'roundoff', remedies: ctx.remedies.roundoff };

  const truncation = truncationPattern(failing, ctx);
  if (truncation) return truncation;

  if (!failsClearly && failing.every((f) => ctx.retake.saturated(f.row) === true)) {
    return { code: 'saturation', remedies: [{ kind: 'scale-inputs' }] };
  }
  return { code: 'mismatch', remedies: [{ kind: 'chain-rule', derivative: ctx.derivative }] };
}

/** analytic ≈ k·numeric on every telling entry, k ≠ 1, read from at least MIN_AGREEING of them. */
function scaleFactor(telling: readonly Entry[], tol: Tolerance): number | undefined {
  if (telling.length < MIN_AGREEING) return undefined;
  const nn = telling.reduce((s, e) => s + e.numeric * e.numeric, 0);
  const factor = telling.reduce((s, e) => s + e.analytic * e.numeric, 0) / nn;
  const fits = Number.isFinite(factor) && Math.abs(factor - 1) > 0.01 && factor !== 0;
  return fits &&
    allPass(
      telling.map((e) => [e.analytic, factor * e.numeric]),
      tol,
    )
    ? factor
    : undefined;
}

/** analytic[i,j] ≈ numeric[j,i] over a whole square parameter (a sample lacks partners), on MIN_AGREEING pairs. */
function isTransposed(entries: readonly Entry[], ctx: DiagnosisContext): boolean {
  const names = new Set(entries.map((e) => e.param));
  if (names.size !== 1) return false;
  const shape = ctx.shapes[entries[0].param] ?? [];
  const [rows, cols] = shape;
  if (shape.length !== 2 || rows !== cols || rows < 2 || entries.length !== rows * cols) return false;
  const partner = (e: Entry) => entries[e.index[1] * cols + e.index[0]];
  const tells = (e: Entry) => e.informative && e.low === undefined;
  const pairs = entries.filter((e) => e.index[0] !== e.index[1] && tells(e) && tells(partner(e)));
  // A 2×2 has one pair (two entries): enough when both tell, and the diagonal, which a transpose leaves, passes.
  const whole =
    pairs.length === rows * cols - rows && entries.every((e) => e.index[0] !== e.index[1] || e.status === 'pass');
  return (
    (pairs.length >= MIN_AGREEING || whole) &&
    allPass(
      pairs.map((e) => [e.analytic, partner(e).numeric]),
      ctx.tol,
    )
  );
}

/** Halving the step shrank the difference by about 2ᵖ, as truncation of an order-p scheme does. */
function isTruncation(shrink: number, order: number): boolean {
  const expected = 2 ** order;
  return shrink >= 0.6 * expected && shrink <= 1.6 * expected;
}

/** The step, not the gradient: the worst failures pass at the automatic step, or shrink 2ᵖ× when the step halves. */
function truncationPattern(failing: readonly Evidence[], ctx: DiagnosisContext): Diagnosis | undefined {
  const worst = [...failing].sort((a, b) => b.entry.absError - a.entry.absError).slice(0, TRUNCATION_PROBES);
  const { autoStep, halfStep } = ctx.retake;
  const retried = autoStep ? worst : [];
  if (retried.length > 0) {
    const atAuto = retried.map((f) => ({ e: f.entry, n: autoStep?.(f.row) ?? NaN }));
    const passed = atAuto.filter(({ e, n }) => compare(e.analytic, n, ctx.tol).pass).length;
    // Most of the difference was the step's when it is 10× smaller at the automatic step.
    const remaining = median(atAuto.map(({ e, n }) => Math.abs(e.analytic - n) / e.absError));
    if (passed >= 0.9 * retried.length || remaining <= 0.1) {
      return {
        code: 'truncation',
        passedAtAutoStep: passed,
        triedAtAutoStep: retried.length,
        // Nothing left at all is shrinking by at least 1/ε (and stays a number in JSON).
        shrink: 1 / Math.max(remaining, Number.EPSILON),
        remedies: ctx.remedies.truncation,
      };
    }
  }
  const shrinks = worst
    .flatMap((f) => (halfStep ? [f.entry.absError / Math.abs(f.entry.analytic - halfStep(f.row))] : []))
    .filter(Number.isFinite);
  const shrink = shrinks.length > 0 ? median(shrinks) : NaN;
  return isTruncation(shrink, ctx.order)
    ? { code: 'truncation', shrink, order: ctx.order, remedies: ctx.remedies.truncation }
    : undefined;
}

/** Fast mode: arithmetic, or a wrong gradient somewhere along the direction. */
function directionalPattern(evidence: Evidence, ctx: DiagnosisContext, bisected: boolean): Diagnosis {
  const { entry: e } = evidence;
  // Bisected, the entries it comes from are named already.
  const perEntry: Remedy[] = bisected ? [] : [{ kind: 'per-entry' }];
  const clear = isClearFailure(e, ctx.tol);
  if (clear && compare(-e.analytic, e.numeric, ctx.tol).pass)
    return { code: 'sign', directional: true, remedies: perEntry };
  const factor = DIRECTIONAL_FACTORS.find((f) => compare(e.analytic, f * e.numeric, ctx.tol).pass);
  if (clear && factor !== undefined)
    return { code: 'scale', factor: e.analytic / e.numeric, directional: true, remedies: perEntry };
  if (e.absError <= e.roundoff) return { code: 'roundoff', directional: true, remedies: ctx.remedies.roundoff };
  const truncation = truncationPattern([evidence], ctx);
  if (truncation) return { ...truncation, directional: true };
  return { code: 'mismatch', directional: true, remedies: perEntry };
}
