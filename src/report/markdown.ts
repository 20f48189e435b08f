import { entryLabel } from '../check/report.js';
import type { CheckReport } from '../run.js';
import { describeCheck, describeLoss, summaryLines } from './describe.js';
import { brief, exact } from './format.js';

/** A GitHub-flavoured markdown report, for pull requests and job summaries. */
export function renderMarkdown(report: CheckReport): string {
  const rows = report.entries.map((e) =>
    `| ${entryLabel(e)} | ${exact(e.analytic)} | ${exact(e.numeric)} | ${exact(e.difference)} | ${brief(e.relError)} | ${e.pass ? 'pass' : '**FAIL**'} |`);
  const { verdict, details } = summaryLines(report);
  return [
    describeCheck(report),
    '',
    describeLoss(report),
    '',
    '| entry | analytic | numeric | difference | rel error | pass |',
    '|:--|--:|--:|--:|--:|:--|',
    ...rows,
    '',
    `**${verdict}**`,
    '',
    ...details.map((d) => `- ${d}`),
    '',
  ].join('\n');
}
