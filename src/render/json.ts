import type { CheckSummary } from '../check/check-parameters.js';
import type { EntryTable } from '../check/table.js';
import type { Verdict } from '../check/verdict.js';
import type { FunctionReport } from '../checks/function.js';
import type { ModelSummary } from '../checks/model.js';
import { type Report, reportHead, tableOf } from '../checks/report.js';
import { diagnosisRecord } from './diagnosis.js';
import { absoluteText, jsonNumber, ofFew } from './format.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isPrimitive(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

/**
 * JSON laid out for people as well as parsers: objects open one key a line, except
 * inside arrays (each entry on one line, easy to grep and diff); arrays of plain
 * values stay on one line (each matrix row on one line).
 */
function layout(value: Json, indent: string, inline: boolean): string {
  if (isPrimitive(value)) return JSON.stringify(typeof value === 'number' ? jsonNumber(value) : value);
  if (Array.isArray(value)) {
    if (inline || value.every(isPrimitive)) return `[${value.map((v) => layout(v, indent, true)).join(', ')}]`;
    const inner = `${indent}  `;
    const objectItems = value.every((v) => !isPrimitive(v) && !Array.isArray(v));
    return `[\n${value.map((v) => inner + layout(v, inner, objectItems || v === null || Array.isArray(v))).join(',\n')}\n${indent}]`;
  }
  const object = value as { [key: string]: Json };
  const keys = Object.keys(object).filter((k) => object[k] !== undefined);
  if (keys.length === 0) return '{}';
  if (inline) return `{ ${keys.map((k) => `${JSON.stringify(k)}: ${layout(object[k], indent, true)}`).join(', ')} }`;
  const inner = `${indent}  `;
  return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${layout(object[k], inner, false)}`).join(',\n')}\n${indent}}`;
}

/** Any JSON-shaped value in the report layout; NaN and ±∞ become strings, as the schema says. */
export function toJson(value: unknown): string {
  return `${layout(value as Json, '', false)}\n`;
}

export function renderJson(report: Report): string {
  return [...jsonChunks(report)].join('');
}

/** How many entries go into one chunk of streamed output. */
export const CHUNK = 1000;

/**
 * The same text as toJson(report), in pieces: everything around the entries, then the
 * entries a thousand at a time, so that a large report is never one giant string.
 */
export function* jsonChunks(report: Report): Generator<string> {
  const table = tableOf(report);
  const shell = toJson(recordWith(report, []));
  if (table.length === 0) {
    yield shell;
    return;
  }
  const marker = '"entries": []';
  const at = shell.indexOf(marker);
  yield `${shell.slice(0, at)}"entries": [\n`;
  const step = ofFew(numberJson);
  for (let start = 0; start < table.length; start += CHUNK) {
    let text = '';
    const end = Math.min(table.length, start + CHUNK);
    for (let i = start; i < end; i++) text += `    ${entryJson(table, i, step)}${i < table.length - 1 ? ',' : ''}\n`;
    yield text;
  }
  yield `  ]${shell.slice(at + marker.length)}`;
}

/** A number as layout writes it: its shortest form, or NaN and ±∞ as strings. */
const numberJson = (x: number) => (Number.isFinite(x) ? String(x) : `"${x}"`);

/**
 * Row i as layout writes an entry inside the entries array, from the table's columns: no
 * object is made (10⁶ entries). An entry made already (a Jacobian's, with its output) is laid out as it is.
 */
function entryJson(table: EntryTable, i: number, step: (x: number) => string): string {
  if (table.listed) return layout(table.listed[i] as unknown as Json, '    ', true);
  const { difference, absError, relError } = table.errors(i);
  const range = table.range(i);
  const bound = table.bound(i);
  const d = numberJson(difference);
  const kink = range ? `, "low": ${numberJson(range[0])}, "high": ${numberJson(range[1])}` : '';
  return (
    `{ "param": ${JSON.stringify(table.paramName(i))}, "index": [${table.index(i).join(', ')}], ` +
    `"analytic": ${numberJson(table.analytic[i])}, "numeric": ${numberJson(table.numeric[i])}, "difference": ${d}, ` +
    `"absError": ${absoluteText(d, difference, absError, numberJson)}, "relError": ${numberJson(relError)}, "step": ${step(table.step[i])}, ` +
    `"roundoff": ${numberJson(table.roundoff[i])}, "pass": ${table.pass(i)}, "status": "${table.status(i)}", ` +
    `"informative": ${table.informative(i)}${kink}${bound === undefined ? '' : `, "bound": ${numberJson(bound)}`} }`
  );
}

/** The report as the JSON document holds it (schemaVersion 1): what jsonChunks writes, as one value. */
export function reportRecord(report: Report) {
  return recordWith(report, report.entries);
}

/** The report's record with the given entries in their place (jsonChunks: none, written from the table). */
function recordWith(report: Report, entries: readonly unknown[]) {
  const record: Record<string, unknown> = {};
  // Key by key, not a spread: a spread would read report.entries, making every entry an object.
  for (const key of Object.keys(report)) record[key] = key === 'entries' ? entries : report[key as keyof Report];
  record.summary = summaryRecord(report.summary);
  return record;
}

/** A summary as JSON reports write it: diagnosis and inconclusive as code or reason with a message, a recheck with its entries. */
function summaryRecord(s: CheckSummary | ModelSummary) {
  const record = {
    ...s,
    inconclusive: s.inconclusive && {
      reason: s.inconclusive.reason,
      message: s.inconclusive.message ?? '',
      ...(s.inconclusive.only === undefined ? {} : { only: s.inconclusive.only }),
    },
    diagnosis: s.diagnosis && diagnosisRecord(s.diagnosis),
    ...(s.parameters ? { parameters: s.parameters.map((p) => ({ ...p, diagnosis: p.diagnosis && diagnosisRecord(p.diagnosis) })) } : {}),
  };
  if (!('recheck' in s) || !s.recheck) return record;
  const { summary: r, entries, dtype } = s.recheck;
  return {
    ...record,
    recheck: {
      dtype,
      verdict: r.verdict,
      checked: r.checked,
      passed: r.passed,
      failed: r.failed,
      informative: r.informative,
      maxAbsError: r.maxAbsError,
      maxRelError: r.maxRelError,
      inconclusive: r.inconclusive && { reason: r.inconclusive.reason, message: r.inconclusive.message ?? '' },
      diagnosis: r.diagnosis && diagnosisRecord(r.diagnosis),
      entries,
    },
  };
}

/**
 * A module's several rules as one document (schema/checks.schema.json): the verdict over
 * all, then each rule's report as jsonChunks writes it, indented, streamed.
 */
export function* checksJsonChunks(reports: readonly FunctionReport[], verdict: Verdict, module: string): Generator<string> {
  const shell = toJson({ ...reportHead(), kind: 'checks', module, verdict, pass: verdict === 'pass', checks: [] });
  const marker = '"checks": []';
  const at = shell.indexOf(marker);
  yield `${shell.slice(0, at)}"checks": [\n`;
  for (const [i, report] of reports.entries()) {
    const chunks = [...jsonChunks(report)];
    const last = chunks.length - 1;
    for (const [k, chunk] of chunks.entries()) {
      const text = k === last ? `${chunk.trimEnd()}${i < reports.length - 1 ? ',' : ''}\n` : chunk;
      yield text.replace(/^(?=.)/gm, '    ');
    }
  }
  yield `  ]${shell.slice(at + marker.length)}`;
}
