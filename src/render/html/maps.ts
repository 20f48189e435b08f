import type { Tolerance } from '../../pipeline/compare.js';
import type { Entry } from '../../pipeline/entry.js';
import type { EntryTable } from '../../pipeline/table.js';
import { entries as entriesText, plural } from '../format.js';
import { isFunctionReport, type Report } from '../report.js';
import { type Cell, cellsOf, heatMapSvg, layoutOf, MAX_CELLS, type MapLayout, MIN_SHARE } from './heatmap.js';

/** Each parameter of a check as a heat map in its own shape (heatmap.ts draws it), with what the page says of it. */

/**
 * Parameter q's shape: the table's own when it has one, else (a report read back) the model's from its config, a
 * function's from its values; undefined when its indices follow no regular shape.
 */
function shapeOf(report: Report, table: EntryTable, q: number, rows: readonly number[]): number[] | undefined {
  const { name, shape: own } = table.params[q];
  if (own && !table.listed) return [...own];
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

/** A parameter as the page draws it: its map, its cells' counts and its worst entry (a table row, −1 for none). */
export interface ParameterView {
  name: string;
  shape: number[] | undefined;
  /** A Jacobian's rows, when the map is the Jacobian. */
  jacobian?: { count: number; what: string };
  rows: number[];
  layout: MapLayout;
  svg: string;
  cells: number;
  outlined: number;
  worst: number;
}

export function parameterViews(report: Report, table: EntryTable, tol: Tolerance): ParameterView[] {
  const rowsOf = table.params.map((_, q) => table.rows((i) => table.param[i] === q));
  return table.params.map((p, q) => {
    const rows = rowsOf[q];
    const shape = rows.length ? shapeOf(report, table, q, rows) : [];
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
      worst: worstOf(cells),
    };
  });
}

/** The row of the largest severity, the first of equals (a cell's worst is the first of its own equals). */
function worstOf(cells: readonly Cell[]): number {
  let worst: Cell | undefined;
  for (const c of cells)
    if (!worst || c.severity > worst.severity || (c.severity === worst.severity && c.worst < worst.worst)) worst = c;
  return worst?.worst ?? -1;
}

/** What a map shows, in words: its shape, how entries make cells, and how many cells and outlines. */
export function mapCaption(v: ParameterView): string {
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
