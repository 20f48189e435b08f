import type { ChalkInstance } from 'chalk';
import { type Entry, entryLabel, failsWithinRoundoff, worstEntries } from '../check/entries.js';
import type { Report } from '../checks/report.js';
import { describeCheck, describeLoss, summaryLines } from './describe.js';
import { brief, shortest } from './format.js';
import { grid } from './grid.js';

function statusMark(e: Entry, color: ChalkInstance): string {
  if (e.status === 'kink') return color.yellow('~ kink');
  if (e.pass) return color.green('✓ pass');
  return color.red(failsWithinRoundoff(e) ? '✗ FAIL*' : '✗ FAIL');
}

/** Rows a table shows unless --all. */
export const TABLE_ROWS = 20;

/**
 * The entries a human report lists: all of them when few or when asked, otherwise the
 * worst TABLE_ROWS, worst first, with a line that says so.
 */
export function shownEntries(report: Report, all: boolean): { rows: Entry[]; note: string | undefined } {
  const { entries } = report;
  if (all || entries.length <= TABLE_ROWS) return { rows: entries, note: undefined };
  return {
    rows: worstEntries(entries, report.config, TABLE_ROWS),
    note: `showing the ${TABLE_ROWS} worst of ${entries.length} entries, worst first (--all shows every entry)`,
  };
}

/** The terminal report: what was checked, one row per entry (or the worst), the summary. */
export function renderTable(report: Report, color: ChalkInstance, all = false): string {
  const table = grid(
    ['entry', 'analytic', 'numeric', 'difference', 'rel error', 'roundoff', 'pass'],
    ['left', 'right', 'right', 'right', 'right', 'right', 'left'],
    color,
  );
  const { rows, note } = shownEntries(report, all);
  for (const e of rows) {
    table.push([
      entryLabel(e),
      shortest(e.analytic),
      shortest(e.numeric),
      shortest(e.difference),
      brief(e.relError),
      brief(e.roundoff),
      statusMark(e, color),
    ]);
  }
  const { verdict, details } = summaryLines(report);
  return [
    describeCheck(report),
    describeLoss(report),
    table.toString(),
    ...(note ? [note] : []),
    report.summary.pass ? color.green.bold(verdict) : color.red.bold(verdict),
    ...details,
    '',
  ].join('\n');
}
