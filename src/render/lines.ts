import type { EntryTable, SharedColumns } from '../pipeline/table.js';
import { absoluteText, ofFew, shortest } from './format.js';
import { type Json, layout, numberJson } from './layout.js';

/** Rows a block of written lines holds (one chunk of streamed output). */
export const CHUNK = 1000;

/** Blocks a lines worker may run ahead of the writer: the text waiting to be written stays bounded. */
export const AHEAD = 16;

/** What a lines worker is given: the table, the format, and which blocks are its own (first, first + threads, …). */
export interface LinesTask {
  table: SharedColumns;
  format: LineFormat;
  threads: number;
  first: number;
  /** [0]: the blocks the writer has taken so far. */
  written: Int32Array;
}

/** A line-a-row format, and what precedes each line (a module's rule, when its rules share one csv). */
export interface LineFormat {
  format: 'csv' | 'tsv' | 'json';
  prefix: string;
}

/** RFC 4180 quoting, needed for labels such as W[0,1]. */
export function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Row i's line, its newline included: what csv, tsv and the JSON report's entries array hold. */
export function lineMaker(t: EntryTable, { format, prefix }: LineFormat): (i: number) => string {
  if (format === 'tsv')
    return (i) =>
      `${prefix}${shortest(t.analytic[i])}\t${shortest(t.numeric[i])}\t${shortest(t.errors(i).difference)}\n`;
  // Steps are a few powers of two: each formatted once.
  const step = ofFew(format === 'csv' ? shortest : numberJson);
  if (format === 'csv') {
    const label = csvLabels(t);
    return (i) => `${prefix}${csvLine(t, i, step, label)}\n`;
  }
  const names = t.params.map(({ name }) => JSON.stringify(name));
  return (i) => `    ${entryJson(t, i, step, names)}${i < t.length - 1 ? ',' : ''}\n`;
}

/** csvField(t.label(i)), a matrix's quoted name made once (its labels hold a comma); others quoted as they come. */
function csvLabels(t: EntryTable): (i: number) => string {
  if (t.listed) return (i) => csvField(t.label(i));
  const opening = t.params.map(({ name, shape }) =>
    shape?.length === 2 ? `"${name.replaceAll('"', '""')}[` : undefined,
  );
  return (i) => {
    const open = opening[t.param[i]];
    return open === undefined ? csvField(t.label(i)) : `${open}${t.indexText(i, ',')}]"`;
  };
}

/** Every column of row i, numbers in their shortest form; the bound is empty under the allclose rule. */
function csvLine(t: EntryTable, i: number, step: (x: number) => string, label: (i: number) => string): string {
  const { difference, absError, relError } = t.errors(i);
  const d = shortest(difference);
  const b = t.bound(i);
  return (
    `${label(i)},${shortest(t.analytic[i])},${shortest(t.numeric[i])},` +
    `${d},${absoluteText(d, difference, absError, shortest)},` +
    `${shortest(relError)},${step(t.step[i])},${shortest(t.roundoff[i])},` +
    `${t.pass(i)},${t.status(i)},${b === undefined ? '' : shortest(b)}`
  );
}

/** Row i as layout.ts writes an entry, from the columns with no object made; a listed entry (a Jacobian's) as is. */
function entryJson(t: EntryTable, i: number, step: (x: number) => string, names: readonly string[]): string {
  if (t.listed) return layout(t.listed[i] as unknown as Json, '    ', true);
  const { difference, absError, relError } = t.errors(i);
  const range = t.range(i);
  const bound = t.bound(i);
  const d = numberJson(difference);
  const kink = range ? `, "low": ${numberJson(range[0])}, "high": ${numberJson(range[1])}` : '';
  return (
    `{ "param": ${names[t.param[i]]}, "index": [${t.indexText(i, ', ')}], ` +
    `"analytic": ${numberJson(t.analytic[i])}, "numeric": ${numberJson(t.numeric[i])}, "difference": ${d}, ` +
    `"absError": ${absoluteText(d, difference, absError, numberJson)}, ` +
    `"relError": ${numberJson(relError)}, "step": ${step(t.step[i])}, ` +
    `"roundoff": ${numberJson(t.roundoff[i])}, "pass": ${t.pass(i)}, "status": "${t.status(i)}", ` +
    `"informative": ${t.informative(i)}${kink}${bound === undefined ? '' : `, "bound": ${numberJson(bound)}`} }`
  );
}

/** The lines of block b (rows b·CHUNK up to the next block) as one string. */
export function blockText(t: EntryTable, line: (i: number) => string, b: number): string {
  let text = '';
  for (let i = b * CHUNK; i < Math.min(t.length, (b + 1) * CHUNK); i++) text += line(i);
  return text;
}

export const blockCount = (t: EntryTable) => Math.ceil(t.length / CHUNK);

/** Makes a table's lines block by block: here when asked, or also in workers (parallel-lines.ts), as promises. */
export type LineBlocks<T> = (t: EntryTable, format: LineFormat) => Iterable<T>;

/** Each block made in this thread when it is asked for. */
export function* blocksHere(t: EntryTable, format: LineFormat): Generator<string> {
  const line = lineMaker(t, format);
  for (let b = 0; b < blockCount(t); b++) yield blockText(t, line, b);
}
