import { tableOf } from '../../checks/report.js';
import type { Tolerance } from '../../pipeline/compare.js';
import type { Diagnosis } from '../../pipeline/diagnose.js';
import type { Entry } from '../../pipeline/entry.js';
import { entryLabel } from '../../pipeline/entry.js';
import { failsWithinRoundoff } from '../../pipeline/judge.js';
import { type EntryTable, worstEntries } from '../../pipeline/table.js';
import { describeCheck, describeLoss, summaryLines } from '../describe.js';
import { brief, entries as entriesText, plural } from '../format.js';
import { isFunctionReport, type Report } from '../report.js';
import { cellsOf, classKey, heatMapSvg, layoutOf, MAX_CELLS, type MapLayout, MIN_SHARE } from './heatmap.js';
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

/**
 * A Jacobian's rows (vjp, jvp: an output each, or a random cotangent; hvp: an entry of the other parameter) in the
 * order they first come: its map is then the Jacobian itself, a row an output, a column an entry of the parameter.
 */
function jacobianRows(table: EntryTable, rows: readonly number[]) {
  const listed = table.listed;
  if (!listed || !rows.some((i) => listed[i].output !== undefined || listed[i].cotangent !== undefined)) return;
  const key = (e: Entry) => (e.cotangent !== undefined ? `c${e.cotangent}` : `${e.outputParam ?? ''}[${e.output}]`);
  const order = new Map<string, number>();
  for (const i of rows) if (!order.has(key(listed[i]))) order.set(key(listed[i]), order.size);
  const first = listed[rows[0]];
  const what =
    first.cotangent !== undefined
      ? 'a random cotangent'
      : first.outputParam
        ? 'an entry of the other parameter'
        : 'an output';
  return { count: order.size, of: (i: number) => order.get(key(listed[i])) ?? 0, what };
}

interface ParameterView {
  name: string;
  shape: number[] | undefined;
  /** A Jacobian's rows, when the map is the Jacobian. */
  jacobian?: { count: number; what: string };
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
    const jacobian = jacobianRows(table, rows);
    const within = flatter(table, shape, rows);
    const entries = (shape ?? [rows.length]).reduce((a, b) => a * b, 1);
    const drawn = jacobian ? [jacobian.count, entries] : (shape ?? [rows.length]);
    const flatOf = jacobian ? (i: number) => jacobian.of(i) * entries + within(i) : within;
    const size = drawn.reduce((a, b) => a * b, 1);
    const share = Math.max(MIN_SHARE, Math.floor((MAX_CELLS * rows.length) / Math.max(1, table.length)));
    const layout = layoutOf(drawn, Math.min(size, share));
    const cells = cellsOf(table, rows, layout, flatOf, tol);
    const svg = heatMapSvg(table, cells, layout, p.name, tol);
    return {
      name: p.name,
      shape,
      jacobian,
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
  const over = tol.tolerance === 'allclose' ? 'allowed' : 'bound';
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
  const allowed = (e: Entry) => e.bound ?? tol.atol + tol.rtol * Math.abs(e.numeric);
  const rows = list.map((e) => [
    escaped(entryLabel(e)),
    numberText(e.analytic),
    numberText(e.numeric),
    numberText(e.difference),
    numberText(allowed(e)),
    brief(e.absError / allowed(e)),
    e.status === 'fail' ? `<b>FAIL${failsWithinRoundoff(e) ? '*' : ''}</b>` : e.status,
  ]);
  const over = tol.tolerance === 'allclose' ? 'allowed' : 'bound';
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
      title: `${table.label(i)}: analytic ${numberText(table.analytic[i])}, numeric ${numberText(table.numeric[i])}`,
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
  const at = new Map<string, number>();
  for (let i = 0; i < table.length; i++) at.set(name(table.entry(i)), i);
  const points = table.rows().flatMap((i) => {
    const key = partner(table.entry(i));
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

function mapCaption(v: ParameterView): string {
  const { slices, rows, cols, tile, run } = v.layout;
  const size = v.shape?.join(' × ');
  const shape =
    v.name === 'direction'
      ? 'the random direction (fast mode), one number'
      : v.jacobian
        ? `the Jacobian: a row ${v.jacobian.what} (${v.jacobian.count}), a column an entry of ${v.name}` +
          `${size ? ` (${size}, in order)` : ''}`
        : !v.shape
          ? 'no regular shape: its entries in order'
          : v.shape.length === 0
            ? 'a scalar'
            : run > 0
              ? `${size}, drawn as a strip in order`
              : `${size}${slices > 1 ? `: ${slices} slices of ${rows} × ${cols} (the last two axes), in order` : ''}`;
  const wrapped = run > 0 && rows > 1 ? `, ${cols} cells a row` : '';
  const grouped =
    run > 1
      ? `, ${run} consecutive entries a cell, each drawn as its worst`
      : tile > 1
        ? `, in tiles of ${tile} × ${tile} entries, each drawn as its worst`
        : '';
  const cells = plural(v.cells, 'cell', 'cells');
  return `${shape}${wrapped}${grouped}: ${cells}, ${v.outlined} outlined (failing); ${entriesText(v.rows.length)} checked.`;
}
