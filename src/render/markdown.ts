import { entryLabel, failsWithinRoundoff } from '../check/entries.js';
import type { Report } from '../checks/report.js';
import { describeCheck, describeLoss, summaryLines } from './describe.js';
import { brief, shortest } from './format.js';
import { shownEntries } from './table.js';

/** A GitHub-flavoured markdown report, for pull requests and job summaries. */
export function renderMarkdown(report: Report, all = false): string {
  const { rows: shown, note } = shownEntries(report, all);
  const rows = shown.map(
    (e) =>
      `| ${entryLabel(e)} | ${shortest(e.analytic)} | ${shortest(e.numeric)} | ${shortest(e.difference)} | ${brief(e.relError)} | ${brief(e.roundoff)} ` +
      `| ${e.status === 'kink' ? 'kink' : e.pass ? 'pass' : failsWithinRoundoff(e) ? '**FAIL**\\*' : '**FAIL**'} |`,
  );
  const { verdict, details } = summaryLines(report);
  return [
    describeCheck(report),
    '',
    describeLoss(report),
    '',
    '| entry | analytic | numeric | difference | rel error | roundoff | pass |',
    '|:--|--:|--:|--:|--:|--:|:--|',
    ...rows,
    '',
    ...(note ? [`_${note}_`, ''] : []),
    `**${verdict}**`,
    '',
    ...details.map((d) => (d.startsWith('  ') ? `  ${d.trim()}` : `- ${d.replace(/^\* /, '\\* ')}`)),
    '',
  ].join('\n');
}
