import type { FunctionReport } from '../checks/function.js';
import type { ModelSummary } from '../checks/model/options.js';
import { reportHead, tableOf } from '../checks/report.js';
import type { Verdict } from '../pipeline/decide.js';
import type { CheckSummary } from '../pipeline/summary.js';
import { diagnosisRecord } from './diagnosis.js';
import { toJson } from './layout.js';
import { blocksHere, type LineBlocks } from './lines.js';
import type { Report } from './report.js';

export { toJson };

export function renderJson(report: Report): string {
  return [...jsonChunks(report)].join('');
}

/** toJson(reportRecord(report)) in pieces, entries in blocks of lines: a large report is never one giant string. */
export function* jsonChunks<T = string>(
  report: Report,
  blocks: LineBlocks<T | string> = blocksHere,
): Generator<T | string> {
  const table = tableOf(report);
  const shell = toJson(recordWith(report, []));
  if (table.length === 0) {
    yield shell;
    return;
  }
  const marker = '"entries": []';
  const at = shell.indexOf(marker);
  yield `${shell.slice(0, at)}"entries": [\n`;
  yield* blocks(table, { format: 'json', prefix: '' });
  yield `  ]${shell.slice(at + marker.length)}`;
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

/** A summary as JSON reports write it: diagnosis and inconclusive with messages, a recheck with its entries. */
function summaryRecord(s: CheckSummary | ModelSummary) {
  const record = {
    ...s,
    inconclusive: s.inconclusive && {
      reason: s.inconclusive.reason,
      message: s.inconclusive.message ?? '',
      ...(s.inconclusive.only === undefined ? {} : { only: s.inconclusive.only }),
    },
    diagnosis: s.diagnosis && diagnosisRecord(s.diagnosis),
    ...(s.parameters
      ? { parameters: s.parameters.map((p) => ({ ...p, diagnosis: p.diagnosis && diagnosisRecord(p.diagnosis) })) }
      : {}),
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

/** A module's rules as one streamed document (schema/checks.schema.json): the verdict over all, then each report. */
export function* checksJsonChunks(
  reports: readonly FunctionReport[],
  verdict: Verdict,
  module: string,
): Generator<string> {
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
