import type { Inconclusive } from '../pipeline/decide.js';
import type { Diagnosis } from '../pipeline/diagnose.js';
import type { Remedy } from '../pipeline/remedies.js';
import { entries, plural } from './format.js';
import type { Report } from './report.js';

/** The options a remedy may name. */
export type OptionName = 'dtype' | 'numeric' | 'eps' | 'scheme' | 'atol' | 'fast' | 'init' | 'seed' | 'tolerance';

/** How a caller names an option: CLI `--scheme five-point`, library `scheme: 'five-point'`; no values: it alone. */
export interface Vocabulary {
  option(name: OptionName, ...values: string[]): string;
}

const SIMPLE_FACTORS = [2, 0.5, 4, 0.25, 3, 1 / 3, 1.5, 2 / 3];
const FRACTIONS = new Map([
  [0.5, '½'],
  [0.25, '¼'],
  [1 / 3, '⅓'],
  [2 / 3, '⅔'],
]);

/** A factor as people write it: ½ and 2 rather than 0.5000000001. */
function describeFactor(k: number): string {
  const simple = SIMPLE_FACTORS.find((f) => Math.abs(k - f) <= 1e-3 * f);
  if (simple === undefined) return k.toPrecision(4);
  return FRACTIONS.get(simple) ?? String(simple);
}

/** A diagnosis's subject: the model (hints name l = ½Σ(Y−T)²), or a user's function, where such hints mislead. */
export interface Subject {
  model: boolean;
  rule: string;
}

const MODEL_SUBJECT: Subject = { model: true, rule: 'gradient' };

function scaleHint(f: string, subject: Subject): string {
  if (!subject.model)
    return (
      ` A constant factor on one side only: a ½, a mean, or a scale the function applies ` +
      `that the ${subject.rule} does not (or the other way round)?`
    );
  if (f === '2') return ' A missing ½ in l = ½Σ(Y−T)² (or its derivative taken as 2(Y−T))?';
  if (f === '½') return " An extra ½: the loss's ½ applied twice, or a mean taken over 2 terms?";
  return ' A constant factor on one side only, such as a mean over n·C in the loss but not in the gradient?';
}

/** One remedy as a phrase in the caller's words. */
function phrase(r: Remedy, words: Vocabulary): string {
  const step = (near: number) => near.toExponential(0);
  switch (r.kind) {
    case 'dtype':
      return words.option('dtype', r.dtype);
    case 'local-probes':
      return `${words.option('numeric', 'local')} (it never forms the whole loss)`;
    case 'auto-step':
      return `${words.option('eps', 'auto')} (a step near ${step(r.near)})`;
    case 'smaller-step':
      return `a smaller step (${words.option('eps', 'auto')} picks about ${step(r.near)})`;
    case 'higher-order-scheme':
      return `a higher-order scheme (${words.option('scheme', ...r.schemes)})`;
    case 'complex-step':
      return `${words.option('scheme', 'complex-step')} (it subtracts nothing)`;
    case 'larger-atol':
      return `${words.option('tolerance', 'allclose')} with a larger ${words.option('atol')}`;
    case 'scale-inputs':
      return 'scale the inputs down';
    case 'check-loss':
      return 'check the loss for a division by 0 or a log of 0';
    case 'per-entry':
      return `run without ${words.option('fast')} to see which entries are wrong`;
    case 'chain-rule':
      return `check the chain rule term by term${r.derivative ? ', e.g. a missing σ′(Z) factor' : ''}`;
    case 'init-scaled':
      return `${words.option('init', 'scaled')} (signed inputs, z of variance about 1)`;
    case 'other-seed':
      return `another ${words.option('seed')}`;
    case 'other-point':
      return (
        `another point: another ${words.option('seed')} where the parameters are drawn from it, or other ` +
        'parameters away from a stationary point'
      );
    case 'smaller-atol':
      return `a smaller ${words.option('atol')}`;
    case 'nonzero-inputs':
      return 'inputs that are not all 0';
    case 'away-from-kinks':
      return 'parameters away from the kinks';
    case 'both-signs':
      return 'inputs for which z takes both signs';
  }
}

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const phrases = (remedies: readonly Remedy[], words: Vocabulary, joiner: string) =>
  remedies.map((r) => phrase(r, words)).join(joiner);

/** What the numeric side showed: NaN (a NaN loss, or ∞ − ∞) or ±∞ (an infinite or overflowing loss). */
function nonFiniteSeen(d: Diagnosis): string {
  const nan = d.nan ?? 0;
  const nanCause = 'NaN: a loss value next to the entry was NaN (or two infinite ones were subtracted)';
  const infCause = 'infinite: a loss value next to the entry was infinite or overflowed';
  if (nan === d.nonFinite) return nanCause;
  if (nan === 0) return infCause;
  return `NaN (${nan}) or infinite (${(d.nonFinite ?? 0) - nan}): a loss value next to the entry was NaN or infinite`;
}

/** What the diagnosis found, before what to do about it. */
function finding(d: Diagnosis, subject: Subject): string {
  const directional = d.directional === true;
  const what = `the ${subject.rule}`;
  switch (d.code) {
    case 'nonfinite':
      return d.side === 'analytic'
        ? `${d.nonFinite} of ${plural(d.total ?? 0, 'analytic value', 'analytic values')} ` +
            `${d.nonFinite === 1 ? 'is' : 'are'} NaN or infinite where the numeric ones are finite: ` +
            `the gradient is wrong.`
        : `${d.nonFinite} of ${entries(d.total ?? 0)} ${d.nonFinite === 1 ? 'has' : 'have'} ` +
            `a numeric value that is ${nonFiniteSeen(d)}, so nothing can be concluded about the gradient.`;
    case 'sign':
      if (directional) return `⟨g, u⟩ ≈ −(directional difference): ${what} has the wrong sign.`;
      return subject.model
        ? 'analytic ≈ −numeric: the gradient has the wrong sign ' +
            '(T − Y where Y − T belongs, or a gradient step taken as ascent).'
        : `analytic ≈ −numeric: ${what} has the wrong sign.`;
    case 'scale': {
      const f = describeFactor(d.factor ?? NaN);
      return directional
        ? `⟨g, u⟩ ≈ ${f} × the directional difference.${scaleHint(f, subject)}`
        : `analytic ≈ ${f} × numeric everywhere.${scaleHint(f, subject)}`;
    }
    case 'transpose':
      if (d.transposed === 'cotangent')
        return (
          'analytic ∂output[i,j] ≈ numeric ∂output[j,i]: ' +
          'the vjp reads its cotangent transposed (c[j][i] for c[i][j]).'
        );
      if (d.transposed === 'jacobian')
        return subject.rule === 'vjp'
          ? 'analytic J[i][j] ≈ numeric J[j][i]: the vjp multiplies by the Jacobian itself (J·c for Jᵀ·c).'
          : 'analytic J[i][j] ≈ numeric J[j][i]: the jvp multiplies by the transposed Jacobian (Jᵀ·t for J·t).';
      return (
        'analytic[i,j] ≈ numeric[j,i]: ' +
        'the gradient is transposed (X·δᵀ for Xᵀ·δ, or the product in the wrong order).'
      );
    case 'ignores-argument':
      return d.argument === 'cotangent'
        ? 'the vjp returns the same values whatever the cotangent: ' +
            'it ignores its cotangent (or uses ones in its place).'
        : `the ${d.argument === 'v' ? 'hvp' : 'jvp'} returns the same values ` +
            `whatever the ${d.argument === 'v' ? 'vector v' : 'tangent'}: it ignores it.`;
    case 'roundoff':
      return directional
        ? 'the directional difference is within its roundoff: precision, not a bug.'
        : 'every failing difference is within the roundoff of its numeric value: precision, not a bug.';
    case 'truncation': {
      if (d.triedAtAutoStep !== undefined) {
        const tried =
          d.triedAtAutoStep === 1 ? 'the worst failing entry' : `the ${d.triedAtAutoStep} worst failing entries`;
        const found =
          (d.passedAtAutoStep ?? 0) >= 0.9 * d.triedAtAutoStep
            ? `${d.passedAtAutoStep} of ${tried} pass`
            : `${tried} come ${(d.shrink ?? NaN).toPrecision(2)}× closer`;
        return `at the automatic step ${found}: the step is too large, not the gradient wrong.`;
      }
      const shrink = (d.shrink ?? NaN).toPrecision(2);
      return directional
        ? `the difference shrinks ${shrink}× when the step halves: truncation, not a wrong gradient.`
        : `the differences shrink ${shrink}× when the step halves ` +
            `(${2 ** (d.order ?? NaN)}× is truncation of an order-${d.order} scheme): ` +
            `the step is too large, not the gradient wrong.`;
    }
    case 'saturation':
      return (
        'failures only where σ′(z) < 1e-6 and both values are below the noise floor: ' +
        'the activation is saturated, and a right gradient cannot be told from a wrong one there.'
      );
    case 'mismatch':
      return directional
        ? '⟨g, u⟩ disagrees with the directional difference: the gradient is wrong along a random direction.'
        : 'no pattern (not a sign, a constant factor, a transpose, roundoff or truncation): ' +
            'the analytic gradient is wrong.';
  }
}

/** What to do, as one sentence in the caller's words. */
function advice(d: Diagnosis, words: Vocabulary): string {
  if (d.remedies.length === 0) return '';
  switch (d.code) {
    case 'roundoff':
      return ` For a conclusive check use ${phrases(d.remedies, words, ', or ')}.`;
    case 'truncation':
      return ` Use ${phrases(d.remedies, words, ' or ')}.`;
    default:
      return ` ${capitalized(phrases(d.remedies, words, ', or '))}.`;
  }
}

/** The diagnosis in a sentence or two: what was found, and what to do, named in the caller's words. */
export function explainDiagnosis(d: Diagnosis, words: Vocabulary, subject: Subject = MODEL_SUBJECT): string {
  const where = d.only === undefined ? '' : `in ${d.only} alone (the other parameters pass): `;
  return where + finding(d, subject) + advice(d, words);
}

/** Why a check proved nothing, in a sentence. */
function inconclusiveFinding(i: Inconclusive): string {
  switch (i.reason) {
    case 'saturated':
      return (
        'the activation is saturated (σ′(z) < 1e-6 on every row the entries move): ' +
        'the gradient is about 0 there, right or wrong.'
      );
    case 'zero-inputs':
      return (
        'the entries move nothing (their rows of X, or columns of W, are all 0): ' +
        'both sides are exactly 0, right or wrong.'
      );
    case 'kinks':
      return (
        'the entries sit at kinks, where the range of subgradients the one-sided differences allow ' +
        'holds a wrong value as well as a right one.'
      );
    case 'linear-activation':
      return (
        'the activation is linear wherever the entries move (σ′ = 1: relu sees no z < 0): ' +
        'a gradient without σ′ would pass as well.'
      );
    case 'noise-floor':
      return (
        'every value is below the noise floor (the tolerance plus roundoff): ' +
        'a wrong gradient of that size would pass as well (at a stationary point every gradient is about 0).'
      );
    case 'roundoff':
      return (
        'every failing difference is within the roundoff of its numeric value: ' +
        'the arithmetic cannot tell a right gradient from a wrong one.'
      );
    case 'truncation':
      return "the step is too large: the failures, or the bounds, are the step's truncation error, not the gradient's.";
    case 'nonfinite':
      return 'the numeric side is NaN or infinite: nothing can be concluded about the gradient.';
  }
}

/** Why a check proved nothing, and what makes it conclusive, in the caller's words. */
export function explainInconclusive(i: Inconclusive, words: Vocabulary): string {
  const remedies = i.remedies.length > 0 ? ` To make it conclusive use ${phrases(i.remedies, words, ', or ')}.` : '';
  const where = i.only === undefined ? '' : `${i.only} proved nothing (the other parameters pass): `;
  return where + inconclusiveFinding(i) + remedies;
}

/** A summary with its diagnosis and its reason for proving nothing put in the caller's words. */
function explainSummary<S extends Report['summary']>(s: S, words: Vocabulary, subject: Subject): S {
  const d = s.diagnosis;
  const i = s.inconclusive;
  return {
    ...s,
    ...(d ? { diagnosis: { ...d, message: explainDiagnosis(d, words, subject) } } : {}),
    ...(i ? { inconclusive: { ...i, message: explainInconclusive(i, words) } } : {}),
    ...(s.parameters
      ? {
          parameters: s.parameters.map((p) => ({
            ...p,
            diagnosis: p.diagnosis && { ...p.diagnosis, message: explainDiagnosis(p.diagnosis, words, subject) },
          })),
        }
      : {}),
  };
}

/** The report with its diagnosis (and its recheck's) put in the caller's words (`message`). */
export function explainReport<R extends Report>(report: R, words: Vocabulary): R {
  const c = report.config;
  const subject: Subject =
    c.model === 'module' ? { model: false, rule: 'rule' in c ? c.rule : 'gradient' } : MODEL_SUBJECT;
  const summary = explainSummary(report.summary, words, subject);
  if ('recheck' in summary && summary.recheck) {
    const recheck = explainSummary(summary.recheck.summary, words, subject);
    return withSummary(report, { ...summary, recheck: { ...summary.recheck, summary: recheck } });
  }
  return withSummary(report, summary);
}

/** The report with another summary: a copy that leaves a field made when read (a model report's inputs) unmade. */
function withSummary<R extends Report>(report: R, summary: R['summary']): R {
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(report)) as R;
  copy.summary = summary;
  return copy;
}

/** The diagnosis as JSON reports write it (schemaVersion 1): code, factor for scale, message. */
export function diagnosisRecord(d: Diagnosis): { code: string; factor?: number; message: string } {
  return { code: d.code, ...(d.factor === undefined ? {} : { factor: d.factor }), message: d.message ?? '' };
}
