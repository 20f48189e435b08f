import type { ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import { entryLabel } from '../check/report.js';
import type { CheckReport } from '../run.js';
import { describeCheck, describeLoss, failsWithinRoundoff, summaryLines } from './describe.js';
import { brief, exact } from './format.js';

/** The terminal report: what was checked, one row per entry, the summary. */
export function renderTable(report: CheckReport, color: ChalkInstance): string {
  const table = new Table({
    head: ['entry', 'analytic', 'numeric', 'difference', 'rel error', 'roundoff', 'pass'].map((h) => color.bold(h)),
    colAligns: ['left', 'right', 'right', 'right', 'right', 'right', 'left'],
    // cli-table3 colors head and borders by itself, even into a pipe: we color, or nobody does.
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const e of report.entries) {
    table.push([
      entryLabel(e), exact(e.analytic), exact(e.numeric), exact(e.difference), brief(e.relError), brief(e.roundoff),
      e.pass ? color.green('✓ pass') : color.red(failsWithinRoundoff(e) ? '✗ FAIL*' : '✗ FAIL'),
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
