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

/** The entries as table rows, with the columns every entry table has, and each entry's bound under the estimate rule. */
function entryTable(entries: readonly Entry[], color: ChalkInstance): string {
  const bounds = entries.some((e) => e.bound !== undefined);
  const table = grid(
    ['entry', 'analytic', 'numeric', 'difference', 'rel error', 'roundoff', ...(bounds ? ['bound'] : []), 'pass'],
    ['left', 'right', 'right', 'right', 'right', 'right', ...(bounds ? (['right'] as const) : []), 'left'],
    color,
  );
  for (const e of entries) {
    table.push([
      entryLabel(e),
      shortest(e.analytic),
      shortest(e.numeric),
      shortest(e.difference),
      brief(e.relError),
      brief(e.roundoff),
      ...(bounds ? [brief(e.bound ?? NaN)] : []),
      statusMark(e, color),
    ]);
  }
  return table.toString();
}

/** A verdict line in its color: green pass, red fail, yellow inconclusive. */
function paintVerdict(line: string, color: ChalkInstance): string {
  const [first, ...rest] = line.split('\n');
  const paint = first.startsWith('PASS') ? color.green.bold : first.startsWith('FAIL') ? color.red.bold : color.yellow.bold;
  return [paint(first), ...rest].join('\n');
}

/** The terminal report: what was checked, one row per entry (or the worst), the summary, a recheck's verdict last. */
export function renderTable(report: Report, color: ChalkInstance, all = false): string {
  const { rows, note } = shownEntries(report, all);
  const { verdict, details, recheck } = summaryLines(report);
  return [
    describeCheck(report),
    describeLoss(report),
    entryTable(rows, color),
    ...(note ? [note] : []),
    paintVerdict(verdict, color),
    ...details,
    ...(recheck ? [recheck.head, entryTable(recheck.entries, color), paintVerdict(recheck.verdict, color)] : []),
    '',
  ].join('\n');
}
