import { entryLabel } from '../check/report.js';
import type { CheckReport } from '../run.js';
import { exact } from './format.js';

/** RFC 4180 quoting, needed for labels such as W[0,1]. */
function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Every entry with every column, numbers in their shortest exact form. */
export function renderCsv(report: CheckReport, header: boolean): string {
  const lines = header ? ['entry,analytic,numeric,difference,absError,relError,step,roundoff,pass'] : [];
  for (const e of report.entries) {
    lines.push([csvField(entryLabel(e)), ...[e.analytic, e.numeric, e.difference, e.absError, e.relError, e.step, e.roundoff].map(exact), String(e.pass)].join(','));
  }
  return lines.join('\n') + '\n';
}

/** The notebook's three tab-separated columns: analytic, numeric, difference. */
export function renderTsv(report: CheckReport, header: boolean): string {
  const lines = header ? ['analytic\tnumeric\tdifference'] : [];
  for (const e of report.entries) lines.push(`${exact(e.analytic)}\t${exact(e.numeric)}\t${exact(e.difference)}`);
  return lines.join('\n') + '\n';
}
