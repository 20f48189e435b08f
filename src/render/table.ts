import type { ChalkInstance } from 'chalk';
import { tableOf } from '../checks/report.js';
import type { Verdict } from '../pipeline/decide.js';
import { type Entry, entryLabel } from '../pipeline/entry.js';
import { failsWithinRoundoff } from '../pipeline/judge.js';
import { worstEntries } from '../pipeline/table.js';
import { describeCheck, describeLoss, summaryLines } from './describe.js';
import { brief, toDigits, visibleLength, wrap } from './format.js';
import { grid } from './grid.js';
import type { Report } from './report.js';

function statusMark(e: Entry, color: ChalkInstance): string {
  if (e.status === 'kink') return color.yellow('~ kink');
  if (e.status === 'nonfinite') return color.yellow('? NaN');
  if (e.pass) return color.green('✓ pass');
  return color.red(failsWithinRoundoff(e) ? '✗ FAIL*' : '✗ FAIL');
}

/** Rows a table shows unless --all. */
export const TABLE_ROWS = 20;

/** The entries a human report lists: all when few or asked, else the worst TABLE_ROWS first, with a note saying so. */
export function shownEntries(report: Report, all: boolean): { rows: Entry[]; note: string | undefined } {
  const table = tableOf(report);
  if (all || table.length <= TABLE_ROWS) return { rows: table.entries(), note: undefined };
  return {
    rows: worstEntries(table, report.config, TABLE_ROWS),
    note: `showing the ${TABLE_ROWS} worst of ${table.length} entries, worst first (--all shows every entry)`,
  };
}

/** A human report's layout: terminal width (none: as wide as it takes) and significant digits of values. */
export interface Layout {
  width?: number;
  digits?: number;
}

/** Columns that may be left out of a table too wide for the terminal, in the order they go. */
type Optional = 'roundoff' | 'difference' | 'rel error';

/** The entries as table rows, with each entry's bound under the estimate rule. */
function entryTable(
  entries: readonly Entry[],
  color: ChalkInstance,
  digits: number | undefined,
  without: readonly Optional[] = [],
): string {
  const bounds = entries.some((e) => e.bound !== undefined);
  const roundoff = !without.includes('roundoff');
  const difference = !without.includes('difference');
  const relative = !without.includes('rel error');
  const table = grid(
    [
      'entry',
      'analytic',
      'numeric',
      ...(difference ? ['difference'] : []),
      ...(relative ? ['rel error'] : []),
      ...(roundoff ? ['roundoff'] : []),
      ...(bounds ? ['bound'] : []),
      'pass',
    ],
    [
      'left',
      'right',
      'right',
      ...(difference ? (['right'] as const) : []),
      ...(relative ? (['right'] as const) : []),
      ...(roundoff ? (['right'] as const) : []),
      ...(bounds ? (['right'] as const) : []),
      'left',
    ],
    color,
  );
  for (const e of entries) {
    table.push([
      entryLabel(e),
      toDigits(e.analytic, digits),
      toDigits(e.numeric, digits),
      ...(difference ? [toDigits(e.difference, digits)] : []),
      ...(relative ? [brief(e.relError)] : []),
      ...(roundoff ? [brief(e.roundoff)] : []),
      ...(bounds ? [brief(e.bound ?? NaN)] : []),
      statusMark(e, color),
    ]);
  }
  return table.toString();
}

/** Fewer digits, then fewer columns, until the table fits (one that cannot is drawn at its narrowest). */
const FITTING: readonly { digits: number | undefined; without: Optional[] }[] = [
  { digits: undefined, without: [] },
  ...[12, 9, 7, 5].map((digits) => ({ digits, without: [] })),
  { digits: 5, without: ['roundoff'] },
  { digits: 4, without: ['roundoff'] },
  // Narrower still: the difference (a − n, read off its two neighbours), then the relative error.
  { digits: 4, without: ['roundoff', 'difference'] },
  { digits: 4, without: ['roundoff', 'difference', 'rel error'] },
  { digits: 2, without: ['roundoff', 'difference', 'rel error'] },
];

function fittedTable(entries: readonly Entry[], color: ChalkInstance, layout: Layout): string {
  if (layout.digits !== undefined || layout.width === undefined) return entryTable(entries, color, layout.digits);
  let table = '';
  for (const { digits, without } of FITTING) {
    table = entryTable(entries, color, digits, without);
    if (visibleLength(table.split('\n')[0]) <= layout.width) break;
  }
  return table;
}

/** A verdict line in its color: green pass, red fail, yellow inconclusive. */
function paintVerdict(line: string, color: ChalkInstance): string {
  const [first, ...rest] = line.split('\n');
  const paint = first.startsWith('PASS')
    ? color.green.bold
    : first.startsWith('FAIL')
      ? color.red.bold
      : color.yellow.bold;
  return [paint(first), ...rest].join('\n');
}

/** The terminal report: what was checked, one row per entry (or the worst), the summary, a recheck's verdict last. */
export function renderTable(report: Report, color: ChalkInstance, all = false, layout: Layout = {}): string {
  const { rows, note } = shownEntries(report, all);
  const { verdict, details, recheck } = summaryLines(report);
  const prose = (text: string) => wrap(text, layout.width);
  return [
    prose(describeCheck(report)),
    prose(describeLoss(report)),
    fittedTable(rows, color, layout),
    ...(note ? [prose(note)] : []),
    paintVerdict(prose(verdict), color),
    ...details.map(prose),
    ...(recheck
      ? [prose(recheck.head), fittedTable(recheck.entries, color, layout), paintVerdict(prose(recheck.verdict), color)]
      : []),
    '',
  ].join('\n');
}

/** --quiet: the verdict's first line alone, for scripts that read the exit code and people who read one line. */
export function renderVerdict(report: Report, color: ChalkInstance, width?: number): string {
  // A float64 recheck decides: its verdict is the line (a recheck runs only on a float32 check found inconclusive).
  const { verdict, recheck } = summaryLines(report);
  const line = recheck ? `${recheck.verdict.split('\n')[0]} (float32 alone: inconclusive)` : verdict.split('\n')[0];
  return `${paintVerdict(wrap(line, width), color)}\n`;
}

/** The last line of a module's several checks: each rule's verdict, then the verdict over all of them. */
export function rulesVerdictLine(reports: readonly Report[], verdict: Verdict, source: string): string {
  const word = (v: Verdict) => (v === 'pass' ? 'pass' : v.toUpperCase());
  const each = reports
    .map((r) => `${'rule' in r.config ? r.config.rule : 'gradient'} ${word(r.summary.verdict)}`)
    .join(', ');
  return `${verdict.toUpperCase()}  ${reports.length} rules of ${source}: ${each}`;
}

export function renderRulesVerdict(
  reports: readonly Report[],
  verdict: Verdict,
  source: string,
  color: ChalkInstance,
): string {
  return `${paintVerdict(rulesVerdictLine(reports, verdict, source), color)}\n`;
}
