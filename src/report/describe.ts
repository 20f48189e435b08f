import type { CheckReport } from '../run.js';
import { entryLabel } from '../check/report.js';
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
  return { verdict, details };
}
