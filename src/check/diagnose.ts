import { compare, type Tolerance } from './compare.js';
import type { Entry } from './entries.js';
import type { Remedy } from './remedies.js';

export const DIAGNOSIS_CODES = ['nonfinite', 'sign', 'scale', 'transpose', 'roundoff', 'truncation', 'saturation', 'mismatch'] as const;
export type DiagnosisCode = (typeof DIAGNOSIS_CODES)[number];

/**
 * Why entries failed: a code, the numbers that support it, and what to change. The core
 * leaves `message` out; the CLI and the library each write it (render/diagnosis.ts).
 */
export interface Diagnosis {
  code: DiagnosisCode;
  /** scale: analytic ≈ factor × numeric. */
  factor?: number;
  /** truncation: how many times smaller the difference got when the step halved; 2^order is truncation's. */
  shrink?: number;
  order?: number;
  /** nonfinite: how many entries are NaN or ±∞, of how many. */
  nonFinite?: number;
  total?: number;
  /** The one parameter that holds every failure, when the others pass. */
  only?: string;
  /** Found along one random direction (fast mode), not entry by entry. */
  directional?: boolean;
  remedies: Remedy[];
  message?: string;
}

/** A judged entry with the further evidence the diagnosis may ask for, computed only when asked. */
export interface Evidence {
  entry: Entry;
  /** The numeric value again at half the step (absent for complex-step). */
  numericAtHalfStep?(): number;
  /** Whether every row the entry moves has σ′ < 1e-6. */
  saturated?(): boolean;
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
  /** One directional derivative (fast mode): a single number has no scale or transpose pattern. */
  directional?: boolean;
}

function allPass(pairs: [number, number][], tol: Tolerance): boolean {
  return pairs.length > 0 && pairs.every(([a, n]) => compare(a, n, tol).pass);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * The first pattern that explains every failure: a bug with a shape (sign, scale,
 * transpose), then arithmetic (roundoff, truncation), then saturation; else mismatch.
 * Undefined when nothing failed.
 */
export function diagnose(all: readonly Evidence[], ctx: DiagnosisContext): Diagnosis | undefined {
  const nonFinite = all.filter(({ entry: e }) => !Number.isFinite(e.analytic) || !Number.isFinite(e.numeric)).length;
  if (nonFinite > 0)
    return { code: 'nonfinite', nonFinite, total: all.length, remedies: [{ kind: 'scale-inputs' }, { kind: 'check-loss' }] };
  const failingParams = new Set(all.filter(({ entry }) => entry.status === 'fail').map(({ entry }) => entry.param));
  if (failingParams.size === 0) return undefined;
  // When one parameter holds every failure, its pattern is sought in it alone.
  const [only] = failingParams;
  const alone = failingParams.size === 1 && new Set(all.map(({ entry }) => entry.param)).size > 1;
  const found = ctx.directional
    ? directionalPattern(all[0], ctx)
    : entryPattern(alone ? all.filter(({ entry }) => entry.param === only) : all, ctx);
  return alone ? { ...found, only } : found;
}

/** The pattern of the failures among entries of one parameter, or of several. */
function entryPattern(evidence: readonly Evidence[], ctx: DiagnosisContext): Diagnosis {
  const { tol } = ctx;
  const checked = evidence.filter(({ entry }) => entry.status !== 'kink');
  const failing = checked.filter(({ entry }) => entry.status === 'fail');
  const entries = checked.map(({ entry }) => entry);

  if (
    allPass(
      failing.map(({ entry: e }) => [-e.analytic, e.numeric]),
      tol,
    )
  )
    return { code: 'sign', remedies: [] };

  const nn = entries.reduce((s, e) => s + e.numeric * e.numeric, 0);
  const factor = nn > 0 ? entries.reduce((s, e) => s + e.analytic * e.numeric, 0) / nn : NaN;
  if (
    Number.isFinite(factor) &&
    Math.abs(factor - 1) > 0.01 &&
    factor !== 0 &&
    allPass(
      entries.map((e) => [e.analytic, factor * e.numeric]),
      tol,
    )
  ) {
    return { code: 'scale', factor, remedies: [] };
  }

  if (
    isTransposed(
      evidence.map(({ entry }) => entry),
      ctx,
    )
  )
    return { code: 'transpose', remedies: [] };

  if (failing.every(({ entry: e }) => e.absError <= e.roundoff)) return { code: 'roundoff', remedies: ctx.remedies.roundoff };

  const shrinks = failing
    .flatMap(({ entry: e, numericAtHalfStep }) => (numericAtHalfStep ? [e.absError / Math.abs(e.analytic - numericAtHalfStep())] : []))
    .filter(Number.isFinite);
  const shrink = shrinks.length > 0 ? median(shrinks) : NaN;
  if (isTruncation(shrink, ctx.order)) return { code: 'truncation', shrink, order: ctx.order, remedies: ctx.remedies.truncation };

  if (failing.every(({ saturated }) => saturated?.() === true)) {
    return { code: 'saturation', remedies: [{ kind: 'larger-atol' }, { kind: 'scale-inputs' }] };
  }
  return { code: 'mismatch', remedies: [{ kind: 'chain-rule', derivative: ctx.derivative }] };
}

/** analytic[i,j] ≈ numeric[j,i] over every entry of one square parameter (a sample has no partner for most). */
function isTransposed(entries: readonly Entry[], ctx: DiagnosisContext): boolean {
  const names = new Set(entries.map((e) => e.param));
  if (names.size !== 1) return false;
  const [rows, cols] = ctx.shapes[entries[0].param] ?? [];
  if (ctx.shapes[entries[0].param]?.length !== 2 || rows !== cols || rows < 2 || entries.length !== rows * cols) return false;
  const at = (i: number, j: number) => entries[i * cols + j];
  return allPass(
    entries.map((e) => [e.analytic, at(e.index[1], e.index[0]).numeric]),
    ctx.tol,
  );
}

/** Halving the step shrank the difference by about 2ᵖ, as truncation of an order-p scheme does. */
function isTruncation(shrink: number, order: number): boolean {
  const expected = 2 ** order;
  return shrink >= 0.6 * expected && shrink <= 1.6 * expected;
}

/** Fast mode: arithmetic, or a wrong gradient somewhere along the direction. */
function directionalPattern({ entry: e, numericAtHalfStep }: Evidence, ctx: DiagnosisContext): Diagnosis {
  const perEntry: Remedy[] = [{ kind: 'per-entry' }];
  if (compare(-e.analytic, e.numeric, ctx.tol).pass) return { code: 'sign', directional: true, remedies: perEntry };
  if (e.absError <= e.roundoff) return { code: 'roundoff', directional: true, remedies: ctx.remedies.roundoff };
  if (numericAtHalfStep) {
    const shrink = e.absError / Math.abs(e.analytic - numericAtHalfStep());
    if (isTruncation(shrink, ctx.order))
      return { code: 'truncation', directional: true, shrink, order: ctx.order, remedies: ctx.remedies.truncation };
  }
  return { code: 'mismatch', directional: true, remedies: perEntry };
}
