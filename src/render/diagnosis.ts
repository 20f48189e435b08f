import type { Diagnosis } from '../check/diagnose.js';
import type { Remedy } from '../check/remedies.js';
import type { Report } from '../checks/report.js';

/** The options a remedy may name. */
export type OptionName = 'dtype' | 'numeric' | 'eps' | 'scheme' | 'atol' | 'fast';

/**
 * How a caller names its options: the CLI says `--scheme five-point or complex-step`,
 * the library `scheme: 'five-point' or 'complex-step'`. With no values, the option alone
 * (a switch such as fast: as it is turned on).
 */
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

function scaleHint(f: string): string {
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
      return `a larger ${words.option('atol')}`;
    case 'scale-inputs':
      return 'scale the inputs down';
    case 'check-loss':
      return 'check the loss for a division by 0 or a log of 0';
    case 'per-entry':
      return `run without ${words.option('fast')} to see which entries are wrong`;
    case 'chain-rule':
      return `check the chain rule term by term${r.derivative ? ', e.g. a missing σ′(Z) factor' : ''}`;
  }
}

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const phrases = (remedies: readonly Remedy[], words: Vocabulary, joiner: string) => remedies.map((r) => phrase(r, words)).join(joiner);

/** What the diagnosis found, before what to do about it. */
function finding(d: Diagnosis): string {
  const directional = d.directional === true;
  switch (d.code) {
    case 'nonfinite':
      return `${d.nonFinite} of ${d.total} entries are NaN or infinite: the arithmetic overflowed (or the loss is not finite), so nothing can be concluded about the gradient.`;
    case 'sign':
      return directional
        ? '⟨g, u⟩ ≈ −(directional difference): the gradient has the wrong sign.'
        : 'analytic ≈ −numeric: the gradient has the wrong sign (T − Y where Y − T belongs, or a gradient step taken as ascent).';
    case 'scale': {
      const f = describeFactor(d.factor ?? NaN);
      return `analytic ≈ ${f} × numeric everywhere.${scaleHint(f)}`;
    }
    case 'transpose':
      return 'analytic[i,j] ≈ numeric[j,i]: the gradient is transposed (X·δᵀ for Xᵀ·δ, or the product in the wrong order).';
    case 'roundoff':
      return directional
        ? 'the directional difference is within its roundoff: precision, not a bug.'
        : 'every failing difference is within the roundoff of its numeric value: precision, not a bug.';
    case 'truncation': {
      const shrink = (d.shrink ?? NaN).toPrecision(2);
      return directional
        ? `the difference shrinks ${shrink}× when the step halves: truncation, not a wrong gradient.`
        : `the differences shrink ${shrink}× when the step halves (${2 ** (d.order ?? NaN)}× is truncation of an order-${d.order} scheme): the step is too large, not the gradient wrong.`;
    }
    case 'saturation':
      return 'failures only where σ′(z) < 1e-6: the activation is saturated, the true gradient there is almost 0 and the comparison is noise.';
    case 'mismatch':
      return directional
        ? '⟨g, u⟩ disagrees with the directional difference: the gradient is wrong along a random direction.'
        : 'no pattern (not a sign, a constant factor, a transpose, roundoff or truncation): the analytic gradient is wrong.';
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
    case 'saturation':
      return ` Compare with ${words.option('atol')}, or scale the inputs down.`;
    default:
      return ` ${capitalized(phrases(d.remedies, words, ', or '))}.`;
  }
}

/** The diagnosis in a sentence or two: what was found, and what to do, named in the caller's words. */
export function explainDiagnosis(d: Diagnosis, words: Vocabulary): string {
  const where = d.only === undefined ? '' : `in ${d.only} alone (the other parameters pass): `;
  return where + finding(d) + advice(d, words);
}

/** The report with its diagnosis put in the caller's words (`message`). */
export function explainReport<R extends Report>(report: R, words: Vocabulary): R {
  const d = report.summary.diagnosis;
  if (!d) return report;
  return { ...report, summary: { ...report.summary, diagnosis: { ...d, message: explainDiagnosis(d, words) } } };
}

/** The diagnosis as JSON reports write it (schemaVersion 1): code, factor for scale, message. */
export function diagnosisRecord(d: Diagnosis): { code: string; factor?: number; message: string } {
  return { code: d.code, ...(d.factor === undefined ? {} : { factor: d.factor }), message: d.message ?? '' };
}
