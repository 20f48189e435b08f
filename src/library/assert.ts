import { AssertionError } from 'node:assert';
import type { CheckGradientOptions, FunctionReport, GradientProblem } from '../checks/function.js';
import type { ParameterSet } from '../checks/parameters.js';
import { tableOf } from '../checks/report.js';
import { entryLabel } from '../pipeline/entry.js';
import { worstEntries } from '../pipeline/table.js';
import { parameterLine } from '../render/describe.js';
import { brief, shortest } from '../render/format.js';
import { checkGradient } from './checks.js';

/** How many of the worst entries an assertion message lists. */
const SHOWN = 5;

/** The worst entries as a small plain table, then the verdict and the diagnosis: a test failure's message. */
export function failureMessage(report: FunctionReport): string {
  const s = report.summary;
  const worst = worstEntries(tableOf(report), report.config, SHOWN).filter((e) => !e.pass);
  // The bound each entry was held to, as the command line's table shows it (under the estimate rule).
  const bounds = worst.some((e) => e.bound !== undefined);
  const rows = worst.map((e) => [
    entryLabel(e),
    shortest(e.analytic),
    shortest(e.numeric),
    brief(e.absError),
    ...(bounds ? [brief(e.bound ?? NaN)] : []),
  ]);
  const head = ['entry', 'analytic', 'numeric', '|a − n|', ...(bounds ? ['bound'] : [])];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  const rule =
    report.config.tolerance === 'estimate'
      ? 'their estimated bounds (|a − n| ≤ 4·(truncation + roundoff) + rounding)'
      : `|a − n| ≤ ${shortest(report.config.atol)} + ${shortest(report.config.rtol)}·|n|`;
  const head0 =
    s.verdict === 'inconclusive'
      ? `gradient check inconclusive: ` +
        `${s.inconclusive?.message ?? 'no entry could tell a right gradient from a wrong one.'}`
      : `gradient check failed: ${s.failed} of ${s.checked} entries outside ${rule}`;
  return [
    head0,
    ...(rows.length > 0 ? [line(head), ...rows.map(line)] : []),
    ...(s.failed > rows.length ? [`… and ${s.failed - rows.length} more`] : []),
    ...(s.parameters ? ['by parameter:', ...s.parameters.map(parameterLine)] : []),
    ...(s.diagnosis ? [`diagnosis: ${s.diagnosis.code} — ${s.diagnosis.message}`] : []),
  ].join('\n');
}

/**
 * checkGradient for test suites: the report on pass, else an AssertionError with the worst entries and diagnosis,
 * or the reason when inconclusive (a check that proved nothing is not a passing test).
 */
export function assertGradient<P extends ParameterSet<P>>(
  problem: GradientProblem<P>,
  options: CheckGradientOptions = {},
): FunctionReport {
  const report = checkGradient(problem, options);
  if (!report.summary.pass) {
    throw new AssertionError({
      message: failureMessage(report),
      actual: report.summary.failed,
      expected: 0,
      operator: 'assertGradient',
    });
  }
  return report;
}
