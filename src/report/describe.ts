import { type Entry, entryLabel } from '../check/report.js';
import { machineEpsilon, ulp } from '../model/dtype.js';
import type { CheckReport } from '../run.js';
import { brief, exact } from './format.js';

/** One line saying what was checked and how: the head of every human-readable report. */
export function describeCheck(report: CheckReport): string {
  const c = report.config;
  const model = c.model === 'linear' ? 'Y = XW' : `Y = ${c.model}(XW)`;
  return `∂l/∂W for ${model}, l = ½Σ(Y−T)²; n=${c.n} d=${c.d} C=${c.C}, seed ${String(c.seed)} (${c.rng})\n`
    + `${c.dtype}, ${c.scheme} differences (${c.numeric}), eps = ${exact(c.eps)}`;
}

export function describeLoss(report: CheckReport): string {
  return `loss ½Σ(Y−T)² = ${exact(report.loss.sumHalf)}   mean (Y−T)² = ${exact(report.loss.mean)}`;
}

/** The summary under a table, as plain lines (the caller colors them). */
export function summaryLines(report: CheckReport): { verdict: string; details: string[] } {
  const s = report.summary;
  const { atol, rtol } = report.config;
  const verdict = s.pass
    ? `PASS  ${s.passed}/${s.checked} entries within tolerance`
    : `FAIL  ${s.failed} of ${s.checked} entries outside tolerance (${s.passed}/${s.checked} pass)`;
  const details = [
    `max abs error ${brief(s.maxAbsError)}   max rel error ${brief(s.maxRelError)}   worst entry ${entryLabel(s.worst)}`,
    `rule: |analytic − numeric| ≤ atol + rtol·|numeric|, atol = ${exact(atol)}, rtol = ${exact(rtol)}`,
  ];
  if (s.nonFinite > 0) details.push(`${s.nonFinite} entries have a NaN or infinite value: they never pass`);
  if (s.withinRoundoff > 0) details.push(...roundoffNote(report));
  return { verdict, details };
}

/** A failing entry whose difference is no larger than its numeric value's arithmetic error. */
export function failsWithinRoundoff(e: Entry): boolean {
  return !e.pass && e.absError <= e.roundoff;
}

/** One significant digit, for suggested values: 0.004921 → 5e-3. */
function oneDigit(x: number): string {
  const [mantissa, exponent] = x.toExponential(0).split('e');
  return `${mantissa}e${exponent.replace('+', '')}`;
}

/**
 * Why failing entries within roundoff are arithmetic and what to do instead: the
 * loss's resolution in the dtype, the step of the numeric column it causes, and the
 * step (ε^(1/3) for central differences) or dtype that makes the check conclusive.
 */
function roundoffNote(report: CheckReport): string[] {
  const { dtype, eps, numeric } = report.config;
  const s = report.summary;
  const maxRoundoff = Math.max(...report.entries.filter(failsWithinRoundoff).map((e) => e.roundoff));
  const l = report.loss.sumHalf;
  const stepOfColumn = ulp(l, dtype) / (2 * eps);
  const lines = [`* ${s.withinRoundoff} of ${s.failed} failing entries differ by no more than the roundoff of their numeric value `
    + `(up to ${brief(maxRoundoff)}): ${dtype} arithmetic, not a wrong gradient.`];
  lines.push(numeric === 'full'
    ? `  In ${dtype} the loss l = ${exact(l)} is held to ulp(l) = ${brief(ulp(l, dtype))}, so the numeric column moves in steps of ulp(l)/2ε = ${brief(stepOfColumn)}.`
    : `  The numeric values rest on per-row losses rounded to ${dtype} (whole passes would move in steps of ulp(l)/2ε = ${brief(stepOfColumn)}).`);
  const remedies: string[] = [];
  if (dtype !== 'float64') remedies.push('--dtype float64');
  if (numeric === 'full') remedies.push('--numeric local (it never forms the whole loss)');
  const best = Math.cbrt(machineEpsilon(dtype));
  if (eps < best / 3 || eps > best * 3) remedies.push(`a step near ε_${dtype}^(1/3) ≈ ${oneDigit(best)} (--eps ${oneDigit(best)})`);
  if (remedies.length === 0) remedies.push(`a tolerance above the roundoff (--atol ${oneDigit(maxRoundoff * 2)})`);
  lines.push(`  For a conclusive check use ${remedies.join(', or ')}.`);
  return lines;
}
