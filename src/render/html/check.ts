import { tableOf } from '../../checks/report.js';
import type { Tolerance } from '../../pipeline/compare.js';
import type { Diagnosis } from '../../pipeline/diagnose.js';
import type { Entry } from '../../pipeline/entry.js';
import { entryLabel } from '../../pipeline/entry.js';
import { allowedDifference, failsWithinRoundoff } from '../../pipeline/judge.js';
import { type EntryTable, worstEntries } from '../../pipeline/table.js';
import { describeCheck, describeLoss, summaryLines } from '../describe.js';
import { brief, shortest } from '../format.js';
import type { Report } from '../report.js';
import { classKey } from './heatmap.js';
import { mapCaption, type ParameterView, parameterViews } from './maps.js';
import { allowedWord, escaped, proseHtml, tableHtml } from './markup.js';
import { scatterPlot } from './plot.js';

/** Failing entries the page lists, worst first; the maps show every one. */
export const FAILING_ROWS = 100;
/** Points of the analytic-against-numeric scatter: every failing entry first, then others spread evenly. */
const SCATTER_POINTS = 2000;

/** Per parameter: its counts, its worst entry, and its verdict when the check gave one a parameter. */
function parametersTable(report: Report, table: EntryTable, views: readonly ParameterView[], tol: Tolerance) {
  const given = new Map((report.summary.parameters ?? []).map((p) => [p.name, p]));
  const rows = views.map(({ name, rows: r, worst }) => {
    const count = (test: (i: number) => boolean) => r.filter(test).length;
    // One parameter's verdict is the check's.
    const verdict = given.get(name) ?? (views.length === 1 ? report.summary : undefined);
    return [
      escaped(name),
      String(r.length),
      String(count((i) => table.pass(i))),
      String(count((i) => table.status(i) === 'fail')),
      String(count((i) => table.range(i) !== undefined)),
      String(count((i) => !table.informative(i))),
      worst < 0 ? '' : escaped(table.label(worst)),
      worst < 0 ? '' : brief(table.severity(worst, tol)),
      escaped(verdict ? `${verdict.verdict}${verdict.diagnosis ? ` — ${verdict.diagnosis.code}` : ''}` : ''),
    ];
  });
  const over = allowedWord(tol);
  const head = [
    'parameter',
    'checked',
    'pass',
    'fail',
    'at kinks',
    'proved nothing',
    'worst entry',
    `|a − n| / ${over}`,
  ];
  return tableHtml([...head, 'verdict'], rows, [false, true, true, true, true, true, false, true, false]);
}

/** Entries as a table with every digit: the failing ones of a check, or a recheck's. */
function entryRows(list: readonly Entry[], tol: Tolerance): string {
  const allowed = (e: Entry) => allowedDifference(e.bound, tol, e.numeric);
  const rows = list.map((e) => [
    escaped(entryLabel(e)),
    shortest(e.analytic),
    shortest(e.numeric),
    shortest(e.difference),
    shortest(allowed(e)),
    brief(e.absError / allowed(e)),
    e.status === 'fail' ? `<b>FAIL${failsWithinRoundoff(e) ? '*' : ''}</b>` : e.status,
  ]);
  const over = allowedWord(tol);
  const head = ['entry', 'analytic', 'numeric', 'difference', over, `|a − n| / ${over}`, 'status'];
  return `<div class="scroll">${tableHtml(head, rows, [false, true, true, true, true, true, false])}</div>`;
}

/** The failing entries, worst first, at most FAILING_ROWS (one pass: a failing entry ranks above every other). */
function failingSection(table: EntryTable, tol: Tolerance): string {
  let failing = 0;
  for (let i = 0; i < table.length; i++) if (table.status(i) === 'fail') failing++;
  if (failing === 0) return '';
  const worst = worstEntries(table, tol, FAILING_ROWS).filter((e) => e.status === 'fail');
  const more = failing > FAILING_ROWS ? ` (the ${FAILING_ROWS} worst of ${failing})` : '';
  return `<section><h2>Failing entries${more}</h2>${entryRows(worst, tol)}</section>`;
}

/** The lines a scatter of analytic against numeric draws: y = x, and a diagnosis' own (−x, factor·x). */
function diagnosisLines(d: Diagnosis | null | undefined) {
  const lines = [{ slope: 1, label: 'analytic = numeric: a right gradient' }];
  if (d?.code === 'sign') lines.push({ slope: -1, label: 'analytic = −numeric: the sign is wrong' });
  if (d?.code === 'scale' && d.factor !== undefined)
    lines.push({ slope: d.factor, label: `analytic = ${brief(d.factor)} × numeric` });
  return lines;
}

/**
 * Analytic against numeric, a plot a parameter (each at its own scale): a right gradient on y = x, a diagnosed one on
 * its line; every failing entry first, then others spread evenly, SCATTER_POINTS in all.
 */
function diagnosisFigure(report: Report, table: EntryTable): string {
  const d = report.summary.diagnosis;
  const byName = new Map((report.summary.parameters ?? []).map((p) => [p.name, p.diagnosis]));
  const groups = table.params.map((_, q) => table.rows((i) => table.param[i] === q)).filter((g) => g.length > 0);
  const budget = Math.max(200, Math.floor(SCATTER_POINTS / groups.length));
  let shown = 0;
  const plots = groups.map((rows) => {
    const failing = rows.filter((i) => table.status(i) === 'fail').slice(0, budget / 2);
    const stride = Math.max(1, Math.ceil(rows.length / (budget - failing.length)));
    const picked = new Set([...failing, ...rows.filter((_, k) => k % stride === 0)]);
    shown += picked.size;
    const points = [...picked].map((i) => ({
      x: table.numeric[i],
      y: table.analytic[i],
      fails: table.status(i) === 'fail',
      title: `${table.label(i)}: analytic ${shortest(table.analytic[i])}, numeric ${shortest(table.numeric[i])}`,
    }));
    const name = table.paramName(rows[0]);
    const plot = scatterPlot(points, {
      xLabel: 'numeric',
      yLabel: 'analytic',
      lines: diagnosisLines(byName.get(name) ?? d),
    });
    return groups.length > 1 ? `<h3>${escaped(name)}</h3>${plot}` : plot;
  });
  if (d?.code === 'transpose' || [...byName.values()].some((p) => p?.code === 'transpose'))
    plots.push(transposedFigure(table, d?.transposed));
  const caption =
    `Each checked entry (${shown < table.length ? `${shown} of ${table.length}` : 'all'}) ` +
    'at (numeric, analytic); failing ones in orange. A right gradient lies on the dashed diagonal.' +
    (d ? ` Diagnosis: ${d.code}${d.message ? ` — ${d.message}` : ''}` : '');
  const figure = `<figure>${plots.join('')}<figcaption>${escaped(caption)}</figcaption></figure>`;
  return `<section><h2>Analytic against numeric</h2>${figure}</section>`;
}

/**
 * For a transposed gradient or Jacobian: each entry's analytic value against the numeric value of its partner: W[j,i]
 * for W[i,j]; for a vjp reading its cotangent transposed, ∂output[j,i]/∂x[p] for ∂output[i,j]/∂x[p]; for a transposed
 * Jacobian (jvp), ∂output[p]/∂x[o] for ∂output[o]/∂x[p].
 */
function transposedFigure(table: EntryTable, transposed: 'cotangent' | 'jacobian' | undefined): string {
  const name = (e: Pick<Entry, 'param' | 'index' | 'output'>) => `${e.param}|${e.output ?? ''}|${e.index}`;
  const partner = (e: Entry) => {
    const reversed = (x: readonly number[]) => [...x].reverse();
    if (transposed === 'cotangent' && e.output) return name({ ...e, output: reversed(e.output) });
    if (transposed === 'jacobian' && e.output) return name({ ...e, output: e.index, index: e.output });
    return e.output || e.index.length !== 2 ? undefined : name({ ...e, index: reversed(e.index) });
  };
  const entries = table.entries();
  const at = new Map(entries.map((e, i) => [name(e), i]));
  const points = entries.flatMap((e, i) => {
    const key = partner(e);
    const j = key === undefined ? undefined : at.get(key);
    if (j === undefined) return [];
    return [{ x: table.numeric[j], y: table.analytic[i], fails: table.status(i) === 'fail', title: table.label(i) }];
  });
  if (points.length === 0) return '';
  const plot = scatterPlot(points.slice(0, SCATTER_POINTS), {
    xLabel: 'numeric of the transposed entry',
    yLabel: 'analytic',
    lines: [{ slope: 1, label: 'analytic = numeric of the transposed entry: the transpose explains it' }],
  });
  return `<h3>against the transposed entries: on the diagonal, the transpose is the whole error</h3>${plot}`;
}

/** A check's report as sections of the page: verdict and why, parameters, maps, diagnosis, failing entries. */
export function checkSections(report: Report, heading?: string, withKey = true): string {
  const table = tableOf(report);
  const tol: Tolerance = report.config;
  // On the page the entries (maps, tables) come after the words.
  const { verdict, details, recheck } = summaryLines(report, 'below');
  const decided = report.summary.verdict;
  const views = parameterViews(report, table, tol);
  const maps = views.map(
    (v) => `<figure><h3>${escaped(v.name)}</h3>${v.svg}<figcaption>${escaped(mapCaption(v))}</figcaption></figure>`,
  );
  return [
    heading ? `<h2 class="rule-head">${escaped(heading)}</h2>` : '',
    `<section class="verdict ${decided}"><h2>${escaped((recheck?.verdict ?? verdict).split('\n')[0])}</h2>`,
    `<pre>${escaped(describeCheck(report))}\n${escaped(describeLoss(report))}</pre>`,
    recheck ? `<p>${escaped(verdict)}</p>` : '',
    proseHtml(details),
    recheck
      ? `<p>${escaped(recheck.head)}</p>${entryRows(recheck.entries, tol)}<p><b>${escaped(recheck.verdict)}</b></p>`
      : '',
    '</section>',
    recheck
      ? `<p class="note">Below: the ${report.config.dtype} check as it was found. Its failing entries (outlined) ` +
        `were checked again in float64 (the table above), which decides: ${decided.toUpperCase()}.</p>`
      : '',
    `<section><h2>Parameters</h2><div class="scroll">${parametersTable(report, table, views, tol)}</div></section>`,
    `<section><h2>Heat maps</h2>${withKey ? classKey(tol) : ''}${maps.join('')}</section>`,
    table.length > 0 ? diagnosisFigure(report, table) : '',
    failingSection(table, tol),
  ].join('\n');
}
