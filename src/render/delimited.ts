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

/** Every entry with every column, numbers in their shortest form. */
export function csvChunks(report: Report, header: boolean, withRule = false): Generator<string> {
  const head = `${withRule ? 'rule,' : ''}entry,analytic,numeric,difference,absError,relError,step,roundoff,pass,status,bound`;
  const rule = withRule ? `${csvField(ruleOf(report))},` : '';
  return lines(report.entries, header ? head : undefined, (e) => {
    const difference = shortest(e.difference);
    // |d| is d's shortest form without its sign: one number formatted instead of two (10⁶ lines).
    const absError = e.absError === Math.abs(e.difference) ? difference.replace(/^-/, '') : shortest(e.absError);
    // The bound is empty under the allclose rule, which has no per-entry bound.
    const bound = e.bound === undefined ? '' : shortest(e.bound);
    return `${rule}${csvField(entryLabel(e))},${shortest(e.analytic)},${shortest(e.numeric)},${difference},${absError},${shortest(e.relError)},${shortest(e.step)},${shortest(e.roundoff)},${e.pass},${e.status},${bound}`;
  });
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
