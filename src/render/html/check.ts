import { tableOf } from '../../checks/report.js';
import type { Tolerance } from '../../pipeline/compare.js';
import type { Entry } from '../../pipeline/entry.js';
import { entryLabel } from '../../pipeline/entry.js';
import { type EntryTable, worstEntries } from '../../pipeline/table.js';
import { describeCheck, describeLoss, summaryLines } from '../describe.js';
import { brief, entries as entriesText, plural } from '../format.js';
import { isFunctionReport, type Report } from '../report.js';
import { CLASS_KEY, cellsOf, heatMapSvg, layoutOf, MAX_CELLS, type MapLayout, MIN_SHARE } from './heatmap.js';
import { escaped, numberText, proseHtml, tableHtml } from './markup.js';
import { scatterPlot } from './plot.js';

/** Failing entries the page lists, worst first; the maps show every one. */
export const FAILING_ROWS = 100;
/** Points of the analytic-against-numeric scatter: every failing entry first, then others spread evenly. */
const SCATTER_POINTS = 2000;

/** Each parameter's shape: the model's from its config, a function's from its values, else from the indices seen. */
function shapeOf(report: Report, table: EntryTable, name: string, rows: readonly number[]): number[] | undefined {
  if (name === 'direction') return [];
  if (!isFunctionReport(report)) {
    const { n, d, C, hidden } = report.config;
    const k = hidden ?? 0;
    return { W: [d, C], X: [n, d], W1: [d, k], W2: [k, C] }[name];
  }
  const value = report.inputs?.parameters?.[name];
  const shape: number[] = [];
  for (let v: unknown = value; Array.isArray(v); v = v[0]) shape.push(v.length);
  const regular = rows.every((i) => {
    const index = table.index(i);
    return index.length === shape.length && index.every((x, axis) => x < shape[axis]);
  });
  return value !== undefined && regular ? shape : undefined;
}

/** The flat position of row i in `shape` (row-major), from the table's own when it has one. */
function flatter(table: EntryTable, shape: readonly number[] | undefined, rows: readonly number[]) {
  if (!shape) {
    const order = new Map(rows.map((i, k) => [i, k]));
    return (i: number) => order.get(i) ?? 0;
  }
  if (!table.listed && table.params[table.param[rows[0]]]?.shape) return (i: number) => table.flat[i];
  return (i: number) => table.index(i).reduce((flat, x, axis) => flat * shape[axis] + x, 0);
}

interface ParameterView {
  name: string;
  shape: number[] | undefined;
  rows: number[];
  layout: MapLayout;
  svg: string;
  cells: number;
  outlined: number;
}

function parameterViews(report: Report, table: EntryTable, tol: Tolerance): ParameterView[] {
  const rowsOf = table.params.map((_, q) => table.rows((i) => table.param[i] === q));
  return table.params.map((p, q) => {
    const rows = rowsOf[q];
    const shape = rows.length ? shapeOf(report, table, p.name, rows) : [];
    const size = (shape ?? [rows.length]).reduce((a, b) => a * b, 1);
    const share = Math.max(MIN_SHARE, Math.floor((MAX_CELLS * rows.length) / Math.max(1, table.length)));
    const layout = layoutOf(shape ?? [rows.length], Math.min(size, share));
    const cells = cellsOf(table, rows, layout, flatter(table, shape, rows), tol);
    const svg = heatMapSvg(table, cells, layout, p.name, tol);
    return {
      name: p.name,
      shape,
      rows,
      layout,
      svg,
      cells: cells.length,
      outlined: cells.filter((c) => c.fails).length,
    };
  });
}

/** Per parameter: its counts, its worst entry, and its verdict when the check gave one a parameter. */
function parametersTable(report: Report, table: EntryTable, views: readonly ParameterView[], tol: Tolerance) {
  const given = new Map((report.summary.parameters ?? []).map((p) => [p.name, p]));
  const rows = views.map(({ name, rows: r }) => {
    const count = (test: (i: number) => boolean) => r.filter(test).length;
    const worst = r.reduce((w, i) => (w < 0 || table.severity(i, tol) > table.severity(w, tol) ? i : w), -1);
    const verdict = given.get(name);
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
  const head = ['parameter', 'checked', 'pass', 'fail', 'at kinks', 'proved nothing', 'worst entry', '|a − n| / bound'];
  return tableHtml([...head, 'verdict'], rows, [false, true, true, true, true, true, false, true, false]);
}

/** Entries as a table with every digit: the failing ones of a check, or a recheck's. */
function entryRows(list: readonly Entry[], tol: Tolerance): string {
  const allowed = (e: Entry) => e.bound ?? tol.atol + tol.rtol * Math.abs(e.numeric);
  const rows = list.map((e) => [
    escaped(entryLabel(e)),
    numberText(e.analytic),
    numberText(e.numeric),
    numberText(e.difference),
    numberText(allowed(e)),
    brief(e.absError / allowed(e)),
    e.status === 'fail' ? '<b>FAIL</b>' : e.status,
  ]);
  const head = ['entry', 'analytic', 'numeric', 'difference', 'bound', '|a − n| / bound', 'status'];
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

/** Analytic against numeric: a right gradient on y = x; the diagnosis' own line (−x, factor·x) where it has one. */
function diagnosisFigure(report: Report, table: EntryTable): string {
  const failing = table.rows((i) => table.status(i) === 'fail').slice(0, SCATTER_POINTS / 2);
  const stride = Math.max(1, Math.ceil(table.length / (SCATTER_POINTS - failing.length)));
  const picked = new Set([...failing, ...table.rows((i) => i % stride === 0)]);
  const point = (i: number) => ({
    x: table.numeric[i],
    y: table.analytic[i],
    fails: table.status(i) === 'fail',
    title: `${table.label(i)}: analytic ${numberText(table.analytic[i])}, numeric ${numberText(table.numeric[i])}`,
  });
  const d = report.summary.diagnosis;
  const lines = [{ slope: 1, label: 'analytic = numeric: a right gradient' }];
  if (d?.code === 'sign') lines.push({ slope: -1, label: 'analytic = −numeric: the sign is wrong' });
  if (d?.code === 'scale' && d.factor !== undefined)
    lines.push({ slope: d.factor, label: `analytic = ${brief(d.factor)} × numeric` });
  const plots = [
    scatterPlot([...picked].map(point), { xLabel: 'numeric', yLabel: 'analytic', lines }),
    d?.code === 'transpose' ? transposedFigure(table) : '',
  ];
  const caption =
    `Each checked entry (${picked.size < table.length ? `${picked.size} of ${table.length}` : 'all'}) ` +
    'at (numeric, analytic); failing ones in orange. A right gradient lies on the dashed diagonal.' +
    (d ? ` Diagnosis: ${d.code}${d.message ? ` — ${d.message}` : ''}` : '');
  const figure = `<figure>${plots.join('')}<figcaption>${escaped(caption)}</figcaption></figure>`;
  return `<section><h2>Analytic against numeric</h2>${figure}</section>`;
}

/** For a transposed gradient: each entry's analytic value against the numeric value of its transposed entry. */
function transposedFigure(table: EntryTable): string {
  const at = new Map<string, number>();
  for (let i = 0; i < table.length; i++) at.set(`${table.paramName(i)}[${[...table.index(i)].reverse().join(',')}]`, i);
  const points = table.rows().flatMap((i) => {
    const j = at.get(table.label(i));
    if (j === undefined || table.index(i).length !== 2) return [];
    return [{ x: table.numeric[j], y: table.analytic[i], fails: table.status(i) === 'fail', title: table.label(i) }];
  });
  if (points.length === 0) return '';
  return scatterPlot(points.slice(0, SCATTER_POINTS), {
    xLabel: 'numeric of the transposed entry',
    yLabel: 'analytic',
    lines: [{ slope: 1, label: 'analytic[i,j] = numeric[j,i]: the gradient is transposed' }],
  });
}

/** A check's report as sections of the page: verdict and why, parameters, maps, diagnosis, failing entries. */
export function checkSections(report: Report, heading?: string): string {
  const table = tableOf(report);
  const tol: Tolerance = report.config;
  const { verdict, details, recheck } = summaryLines(report);
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
    `<section><h2>Parameters</h2><div class="scroll">${parametersTable(report, table, views, tol)}</div></section>`,
    `<section><h2>Heat maps</h2>${CLASS_KEY}${maps.join('')}</section>`,
    table.length > 0 ? diagnosisFigure(report, table) : '',
    failingSection(table, tol),
  ].join('\n');
}

function mapCaption(v: ParameterView): string {
  const { slices, rows, cols, tile } = v.layout;
  const shape =
    v.name === 'direction'
      ? 'the random direction (fast mode), one number'
      : !v.shape
        ? `no regular shape: its entries in order, ${cols} a row`
        : v.shape.length === 0
          ? 'a scalar'
          : v.shape.length === 1
            ? `a vector of ${v.shape[0]}${rows > 1 ? `, ${cols} a row` : ''}`
            : `${v.shape.join(' × ')}${slices > 1 ? `: ${slices} slices of ${rows} × ${cols}` : ''}`;
  const tiles = tile > 1 ? `, in tiles of ${tile} × ${tile} entries, each drawn as its worst` : '';
  const cells = plural(v.cells, 'cell', 'cells');
  return `${shape}${tiles}: ${cells}, ${v.outlined} outlined (failing); ${entriesText(v.rows.length)} checked.`;
}
