import { compare, type Tolerance } from './compare.js';
import type { Entry } from './report.js';

export const DIAGNOSIS_CODES = ['nonfinite', 'sign', 'scale', 'transpose', 'roundoff', 'truncation', 'saturation', 'mismatch'] as const;
export type DiagnosisCode = (typeof DIAGNOSIS_CODES)[number];

/** Why entries failed, in a word (code) and a sentence that says what to do. */
export interface Diagnosis {
  code: DiagnosisCode;
  message: string;
  /** For `scale`: analytic ≈ factor × numeric. */
  factor?: number;
}

export interface DiagnosisContext {
  tol: Tolerance;
  /** Shape of the checked parameter (rows, cols), for `transpose`, when there is one. */
  shape: readonly number[];
  /** The shape of each parameter, by name, when there are several. */
  shapes?: Readonly<Record<string, readonly number[]>>;
  /** The numeric value of each entry again at half its step, for `truncation` (absent for complex-step). */
  halfStep?: ArrayLike<number>;
  /** Truncation order p of the scheme: halving h divides its error by 2ᵖ. */
  order: number;
  /** Entries whose moved rows all have σ′ < 1e-6. */
  saturated?: readonly boolean[];
  /** What to suggest against roundoff and truncation. */
  remedies: { roundoff: string; truncation: string };
  /** One directional derivative (--fast): a single number has no scale or transpose pattern. */
  directional?: boolean;
}

const SIMPLE_FACTORS = [2, 0.5, 4, 0.25, 3, 1 / 3, 1.5, 2 / 3];

/** A factor as people write it: ½ and 2 rather than 0.5000000001. */
function describeFactor(k: number): string {
  const simple = SIMPLE_FACTORS.find((f) => Math.abs(k - f) <= 1e-3 * f);
  if (simple === 0.5) return '½';
  if (simple === 0.25) return '¼';
  if (simple === 1 / 3) return '⅓';
  if (simple === 2 / 3) return '⅔';
  return simple !== undefined ? String(simple) : k.toPrecision(4);
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
export function diagnose(all: readonly Entry[], ctx: DiagnosisContext): Diagnosis | undefined {
  const nonFinite = all.filter((e) => !Number.isFinite(e.analytic) || !Number.isFinite(e.numeric));
  if (nonFinite.length > 0) {
    return {
      code: 'nonfinite',
      message: `${nonFinite.length} of ${all.length} entries are NaN or infinite: the arithmetic overflowed (or the loss is not finite), `
        + 'so nothing can be concluded about the gradient. Scale the inputs down, or check the loss for a division by 0 or a log of 0.',
    };
  }
  const failingParams = new Set(all.filter((e) => e.status === 'fail').map((e) => e.param));
  if (failingParams.size === 0) return undefined;
  // When one parameter holds every failure, its pattern is sought in it alone.
  const [only] = failingParams;
  const entries = failingParams.size === 1 && new Set(all.map((e) => e.param)).size > 1 ? all.filter((e) => e.param === only) : all;
  const offset = all.indexOf(entries[0]);
  const where = entries.length < all.length ? `in ${only} alone (the other parameters pass): ` : '';
  const diagnosis = diagnoseEntries(entries, {
    ...ctx,
    shape: entries.length < all.length ? ctx.shapes?.[only] ?? [] : ctx.shape,
    halfStep: ctx.halfStep && Array.from(entries, (_, k) => ctx.halfStep![offset + k]),
    saturated: ctx.saturated && entries.map((_, k) => ctx.saturated![offset + k]),
  });
  return diagnosis && { ...diagnosis, message: where + diagnosis.message };
}

function diagnoseEntries(entries: readonly Entry[], ctx: DiagnosisContext): Diagnosis | undefined {
  const checked = entries.map((e, k) => ({ e, k })).filter(({ e }) => e.status !== 'kink');
  const failing = checked.filter(({ e }) => e.status === 'fail');
  if (failing.length === 0) return undefined;
  const { tol } = ctx;

  if (ctx.directional) return directionalVerdict(failing[0].e, ctx);

  if (allPass(failing.map(({ e }) => [-e.analytic, e.numeric]), tol)) {
    return { code: 'sign', message: 'analytic ≈ −numeric: the gradient has the wrong sign (T − Y where Y − T belongs, or a gradient step taken as ascent).' };
  }

  const nn = checked.reduce((s, { e }) => s + e.numeric * e.numeric, 0);
  const factor = nn > 0 ? checked.reduce((s, { e }) => s + e.analytic * e.numeric, 0) / nn : NaN;
  if (Number.isFinite(factor) && Math.abs(factor - 1) > 0.01 && factor !== 0 && allPass(checked.map(({ e }) => [e.analytic, factor * e.numeric]), tol)) {
    const f = describeFactor(factor);
    const hint = f === '2' ? ' A missing ½ in l = ½Σ(Y−T)² (or its derivative taken as 2(Y−T))?'
      : f === '½' ? ' An extra ½: the loss\'s ½ applied twice, or a mean taken over 2 terms?'
        : ' A constant factor on one side only, such as a mean over n·C in the loss but not in the gradient?';
    return { code: 'scale', factor, message: `analytic ≈ ${f} × numeric everywhere.${hint}` };
  }

  const [rows, cols] = ctx.shape;
  // Needs every entry: a sampled check has no partner for most of them.
  if (ctx.shape.length === 2 && rows === cols && rows > 1 && entries.length === rows * cols) {
    const at = (i: number, j: number) => entries[i * cols + j];
    const pairs: [number, number][] = entries.map((e) => [e.analytic, at(e.index[1], e.index[0]).numeric]);
    if (allPass(pairs, tol)) {
      return { code: 'transpose', message: 'analytic[i,j] ≈ numeric[j,i]: the gradient is transposed (X·δᵀ for Xᵀ·δ, or the product in the wrong order).' };
    }
  }

  if (failing.every(({ e }) => e.absError <= e.roundoff)) {
    return { code: 'roundoff', message: `every failing difference is within the roundoff of its numeric value: precision, not a bug. ${ctx.remedies.roundoff}` };
  }

  if (ctx.halfStep) {
    const half = ctx.halfStep;
    const ratios = failing.map(({ e, k }) => e.absError / Math.abs(e.analytic - half[k])).filter(Number.isFinite);
    const expected = 2 ** ctx.order;
    const m = ratios.length > 0 ? median(ratios) : NaN;
    if (m >= 0.6 * expected && m <= 1.6 * expected) {
      return {
        code: 'truncation',
        message: `the differences shrink ${m.toPrecision(2)}× when the step halves (${expected}× is truncation of an order-${ctx.order} scheme): the step is too large, not the gradient wrong. ${ctx.remedies.truncation}`,
      };
    }
  }

  if (ctx.saturated && failing.every(({ k }) => ctx.saturated![k])) {
    return { code: 'saturation', message: 'failures only where σ′(z) < 1e-6: the activation is saturated, the true gradient there is almost 0 and the comparison is noise. Compare with --atol, or scale the inputs down.' };
  }

  return { code: 'mismatch', message: 'no pattern (not a sign, a constant factor, a transpose, roundoff or truncation): the analytic gradient is wrong. Check the chain rule term by term, e.g. a missing σ′(Z) factor.' };
}

/** --fast: arithmetic, or a wrong gradient somewhere along the direction. */
function directionalVerdict(e: Entry, ctx: DiagnosisContext): Diagnosis {
  const perEntry = 'Run without --fast to see which entries are wrong.';
  if (compare(-e.analytic, e.numeric, ctx.tol).pass) {
    return { code: 'sign', message: `⟨g, u⟩ ≈ −(directional difference): the gradient has the wrong sign. ${perEntry}` };
  }
  if (e.absError <= e.roundoff) {
    return { code: 'roundoff', message: `the directional difference is within its roundoff: precision, not a bug. ${ctx.remedies.roundoff}` };
  }
  if (ctx.halfStep) {
    const ratio = e.absError / Math.abs(e.analytic - ctx.halfStep[0]);
    const expected = 2 ** ctx.order;
    if (ratio >= 0.6 * expected && ratio <= 1.6 * expected) {
      return { code: 'truncation', message: `the difference shrinks ${ratio.toPrecision(2)}× when the step halves: truncation, not a wrong gradient. ${ctx.remedies.truncation}` };
    }
  }
  return { code: 'mismatch', message: `⟨g, u⟩ disagrees with the directional difference: the gradient is wrong along a random direction. ${perEntry}` };
}
