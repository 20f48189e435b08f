import { type Report, tableOf } from '../checks/report.js';
import { absoluteText, ofFew, shortest } from './format.js';
import { CHUNK } from './json.js';

/** RFC 4180 quoting, needed for labels such as W[0,1]. */
function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A module's rule a report checks (a leading column when a module's several rules share one table). */
const ruleOf = (report: Report) => ('rule' in report.config ? report.config.rule : 'gradient');

/** A header line, then one line per row, a thousand lines to a chunk, each line made as it is written. */
function* lines(count: number, header: string | undefined, line: (i: number) => string): Generator<string> {
  if (header !== undefined) yield `${header}\n`;
  for (let start = 0; start < count; start += CHUNK) {
    let text = '';
    for (let i = start; i < Math.min(count, start + CHUNK); i++) text += `${line(i)}\n`;
    yield text;
  }
}

/** Every entry with every column, numbers in their shortest form. */
export function csvChunks(report: Report, header: boolean, withRule = false): Generator<string> {
  const head = `${withRule ? 'rule,' : ''}entry,analytic,numeric,difference,absError,relError,step,roundoff,pass,status,bound`;
  const rule = withRule ? `${csvField(ruleOf(report))},` : '';
  const t = tableOf(report);
  const step = ofFew(shortest);
  return lines(t.length, header ? head : undefined, (i) => {
    const { difference, absError, relError } = t.errors(i);
    const d = shortest(difference);
    const abs = absoluteText(d, difference, absError, shortest);
    // The bound is empty under the allclose rule, which has no per-entry bound.
    const b = t.bound(i);
    const bound = b === undefined ? '' : shortest(b);
    return `${rule}${csvField(t.label(i))},${shortest(t.analytic[i])},${shortest(t.numeric[i])},${d},${abs},${shortest(relError)},${step(t.step[i])},${shortest(t.roundoff[i])},${t.pass(i)},${t.status(i)},${bound}`;
  });
}

/** The notebook's three tab-separated columns: analytic, numeric, difference. */
export function tsvChunks(report: Report, header: boolean, withRule = false): Generator<string> {
  const rule = withRule ? `${ruleOf(report)}\t` : '';
  const t = tableOf(report);
  return lines(
    t.length,
    header ? `${withRule ? 'rule\t' : ''}analytic\tnumeric\tdifference` : undefined,
    (i) => `${rule}${shortest(t.analytic[i])}\t${shortest(t.numeric[i])}\t${shortest(t.errors(i).difference)}`,
  );
}
