import { type Entry, entryLabel } from '../check/entries.js';
import type { Report } from '../checks/report.js';
import { shortest } from './format.js';
import { CHUNK } from './json.js';

/** RFC 4180 quoting, needed for labels such as W[0,1]. */
function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A module's rule a report checks (a leading column when a module's several rules share one table). */
const ruleOf = (report: Report) => ('rule' in report.config ? report.config.rule : 'gradient');

/** A header line, then one line per entry, a thousand lines to a chunk. */
function* lines(entries: readonly Entry[], header: string | undefined, line: (e: Entry) => string): Generator<string> {
  if (header !== undefined) yield `${header}\n`;
  for (let start = 0; start < entries.length; start += CHUNK) {
    yield entries
      .slice(start, start + CHUNK)
      .map((e) => `${line(e)}\n`)
      .join('');
  }
}

/** Every entry with every column, numbers in their shortest shortest form. */
export function csvChunks(report: Report, header: boolean, withRule = false): Generator<string> {
  const head = `${withRule ? 'rule,' : ''}entry,analytic,numeric,difference,absError,relError,step,roundoff,pass,status,bound`;
  return lines(report.entries, header ? head : undefined, (e) =>
    [
      ...(withRule ? [ruleOf(report)] : []),
      csvField(entryLabel(e)),
      ...[e.analytic, e.numeric, e.difference, e.absError, e.relError, e.step, e.roundoff].map(shortest),
      String(e.pass),
      e.status,
      // Empty under the allclose rule, which has no per-entry bound.
      e.bound === undefined ? '' : shortest(e.bound),
    ].join(','),
  );
}

/** The notebook's three tab-separated columns: analytic, numeric, difference. */
export function tsvChunks(report: Report, header: boolean, withRule = false): Generator<string> {
  const rule = withRule ? `${ruleOf(report)}\t` : '';
  return lines(
    report.entries,
    header ? `${withRule ? 'rule\t' : ''}analytic\tnumeric\tdifference` : undefined,
    (e) => `${rule}${shortest(e.analytic)}\t${shortest(e.numeric)}\t${shortest(e.difference)}`,
  );
}
