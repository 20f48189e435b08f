import { tableOf } from '../checks/report.js';
import { blocksHere, csvField, type LineBlocks } from './lines.js';
import type { Report } from './report.js';

/** A module's rule a report checks (a leading column when a module's several rules share one table). */
const ruleOf = (report: Report) => ('rule' in report.config ? report.config.rule : 'gradient');

/** Every entry with every column, numbers in their shortest form: the header line, then blocks of lines (lines.ts). */
export function* csvChunks<T = string>(
  report: Report,
  header: boolean,
  withRule = false,
  blocks: LineBlocks<T | string> = blocksHere,
) {
  if (header)
    yield `${withRule ? 'rule,' : ''}entry,analytic,numeric,difference,` +
      `absError,relError,step,roundoff,pass,status,bound\n`;
  yield* blocks(tableOf(report), { format: 'csv', prefix: withRule ? `${csvField(ruleOf(report))},` : '' });
}

/** The notebook's three tab-separated columns: analytic, numeric, difference. */
export function* tsvChunks<T = string>(
  report: Report,
  header: boolean,
  withRule = false,
  blocks: LineBlocks<T | string> = blocksHere,
) {
  if (header) yield `${withRule ? 'rule\t' : ''}analytic\tnumeric\tdifference\n`;
  yield* blocks(tableOf(report), { format: 'tsv', prefix: withRule ? `${ruleOf(report)}\t` : '' });
}
