import type { ChalkInstance } from 'chalk';
import { type Entry, entryLabel } from '../check/report.js';
import type { CheckReport } from '../run.js';
import { describeCheck, describeLoss, failsWithinRoundoff, summaryLines } from './describe.js';
import { brief, exact } from './format.js';
import { grid } from './grid.js';

function statusMark(e: Entry, color: ChalkInstance): string {
  if (e.status === 'kink') return color.yellow('~ kink');
  if (e.pass) return color.green('✓ pass');
  return color.red(failsWithinRoundoff(e) ? '✗ FAIL*' : '✗ FAIL');
}

/** The terminal report: what was checked, one row per entry, the summary. */
export function renderTable(report: CheckReport, color: ChalkInstance): string {
  const table = grid(
    ['entry', 'analytic', 'numeric', 'difference', 'rel error', 'roundoff', 'pass'],
    ['left', 'right', 'right', 'right', 'right', 'right', 'left'],
    color,
  );
  for (const e of report.entries) {
    table.push([
      entryLabel(e), exact(e.analytic), exact(e.numeric), exact(e.difference), brief(e.relError), brief(e.roundoff),
      statusMark(e, color),
    ]);
  }
  const { verdict, details } = summaryLines(report);
  return [
    describeCheck(report),
    describeLoss(report),
    table.toString(),
    report.summary.pass ? color.green.bold(verdict) : color.red.bold(verdict),
    ...details,
    '',
  ].join('\n');
}
