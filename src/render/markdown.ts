import { type Entry, entryLabel } from '../pipeline/entry.js';
import { failsWithinRoundoff } from '../pipeline/judge.js';
import { describeCheck, describeLoss, summaryLines } from './describe.js';
import { brief, toDigits } from './format.js';
import type { Report } from './report.js';
import { shownEntries } from './table.js';

/** A GitHub-flavoured markdown report, for pull requests and job summaries. */
export function renderMarkdown(report: Report, all = false, digits?: number): string {
  const { rows: shown, note } = shownEntries(report, all);
  const { verdict, details, recheck } = summaryLines(report);
  const bold = (line: string) => line.split('\n').map((l, k) => (k === 0 ? `**${l}**` : `- ${l}`));
  return [
    describeCheck(report),
    '',
    describeLoss(report),
    '',
    ...entryTable(shown, digits),
    '',
    ...(note ? [`_${note}_`, ''] : []),
    ...bold(verdict),
    '',
    ...details.map((d) => (d.startsWith('  ') ? `  ${d.trim()}` : `- ${d.replace(/^\* /, '\\* ')}`)),
    ...(recheck ? ['', recheck.head, '', ...entryTable(recheck.entries, digits), '', ...bold(recheck.verdict)] : []),
    '',
  ].join('\n');
}

/** A label as markdown text: a module's parameter may be named anything, and | would split the cell. */
const escaped = (text: string) => text.replace(/[\\|*_`<]/g, (c) => `\\${c}`);

/** The entries as a GitHub table. */
function entryTable(entries: readonly Entry[], digits: number | undefined): string[] {
  const mark = (e: Entry) =>
    e.status === 'kink' || e.status === 'nonfinite'
      ? e.status
      : e.pass
        ? 'pass'
        : failsWithinRoundoff(e)
          ? '**FAIL**\\*'
          : '**FAIL**';
  const bounds = entries.some((e) => e.bound !== undefined);
  return [
    `| entry | analytic | numeric | difference | rel error | roundoff |${bounds ? ' bound |' : ''} pass |`,
    `|:--|--:|--:|--:|--:|--:|${bounds ? '--:|' : ''}:--|`,
    ...entries.map(
      (e) =>
        `| ${escaped(entryLabel(e))} | ${toDigits(e.analytic, digits)} | ${toDigits(e.numeric, digits)} | ` +
        `${toDigits(e.difference, digits)} | ${brief(e.relError)} | ${brief(e.roundoff)} ` +
        `|${bounds ? ` ${brief(e.bound ?? NaN)} |` : ''} ${mark(e)} |`,
    ),
  ];
}
