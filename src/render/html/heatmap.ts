import type { Tolerance } from '../../pipeline/compare.js';
import { allowedDifference } from '../../pipeline/judge.js';
import type { EntryTable } from '../../pipeline/table.js';
import { brief, shortest } from '../format.js';
import { allowedWord, escaped } from './markup.js';

/**
 * A parameter drawn in its own shape: a matrix as a matrix, a vector as a strip (wrapped every STRIP entries),
 * higher ranks as slices of their last two axes side by side. Above MAX_CELLS positions, square tiles of b×b entries
 * are drawn instead, each as its worst entry. A cell is coloured by |analytic − numeric| / bound on a log scale.
 */

/** Most cells a page's maps draw, shared by the parameters as their entries are: 10⁵ entries make under 2 MiB. */
export const MAX_CELLS = 4096;
/** Fewest cells a parameter's share may be: a small bias beside a large matrix is still drawn entry by entry. */
export const MIN_SHARE = 256;
/** A vector longer than this wraps into rows of it. */
const STRIP = 128;
/** More slices than this and a tensor is drawn as one matrix of its rows (its last axis across). */
const MAX_SLICES = 64;
/** Upper edges of the colour classes of |a − n| / bound: four that pass, four that fail. */
export const CLASS_EDGES = [1e-3, 1e-2, 1e-1, 1, 10, 100, 1e3, Infinity];

/**
 * Where a parameter's entries sit: slices of rows × cols, tiles of `tile` × `tile` entries; or, for a vector (a
 * matrix with a dimension of 1 too), a strip of cells of `run` consecutive entries each, wrapped every STRIP cells.
 */
export interface MapLayout {
  slices: number;
  rows: number;
  cols: number;
  /** Slices side by side before the next row of slices. */
  across: number;
  tile: number;
  /** A strip's entries a cell (0: not a strip). */
  run: number;
}

export function layoutOf(shape: readonly number[], cap = MAX_CELLS): MapLayout {
  const size = shape.reduce((a, b) => a * b, 1);
  // Dimensions of 1 change no flat position: a 600 × 1 matrix is drawn as the vector it is.
  const dims = shape.filter((n) => n !== 1);
  if (dims.length <= 1) {
    const run = Math.max(1, Math.ceil(size / cap));
    const cells = Math.ceil(size / run);
    const cols = Math.max(1, Math.min(cells, STRIP));
    return { slices: 1, rows: Math.max(1, Math.ceil(cells / cols)), cols, across: 1, tile: 1, run };
  }
  let [rows, cols] = dims.slice(-2);
  let slices = size / (rows * cols);
  if (slices > MAX_SLICES) [slices, rows] = [1, slices * rows];
  let tile = 1;
  const cells = (b: number) => slices * Math.ceil(rows / b) * Math.ceil(cols / b);
  while (cells(tile) > cap) tile++;
  return { slices, rows, cols, across: Math.ceil(Math.sqrt(slices)), tile, run: 0 };
}

/** A drawn cell: the tile at (x, y) of the picture and the worst of the checked entries it holds (a table row). */
export interface Cell {
  x: number;
  y: number;
  /** The tile's first entry: its slice, row and column; a strip's, its flat position (row and col 0). */
  slice: number;
  row: number;
  col: number;
  first: number;
  worst: number;
  severity: number;
  checked: number;
  fails: boolean;
  kink: boolean;
  idle: boolean;
}

/** Where flat position `flat` is drawn: its cell's key, its (x, y), and the cell's first entry. */
function placeOf(layout: MapLayout, flat: number) {
  const { rows: r, cols: c, tile, across, run } = layout;
  if (run > 0) {
    const at = Math.floor(flat / run);
    return { key: at, x: at % c, y: Math.floor(at / c), slice: 0, row: 0, col: 0, first: at * run };
  }
  const [tr, tc] = [Math.ceil(r / tile), Math.ceil(c / tile)];
  const slice = Math.floor(flat / (r * c));
  const [row, col] = [Math.floor((flat % (r * c)) / c), flat % c];
  const [ty, tx] = [Math.floor(row / tile), Math.floor(col / tile)];
  const [sy, sx] = [Math.floor(slice / across), slice % across];
  const [first, top, left] = [slice * r * c + (row - (row % tile)) * c + col - (col % tile), ty * tile, tx * tile];
  return {
    key: (slice * tr + ty) * tc + tx,
    x: sx * (tc + 1) + tx,
    y: sy * (tr + 1) + ty,
    slice,
    row: top,
    col: left,
    first,
  };
}

/** The rows of one parameter as cells of its layout, in drawing order; `flatOf` gives a row's flat position. */
export function cellsOf(
  table: EntryTable,
  rows: readonly number[],
  layout: MapLayout,
  flatOf: (i: number) => number,
  tol: Tolerance,
): Cell[] {
  const cells = new Map<number, Cell>();
  for (const i of rows) {
    const { key, ...place } = placeOf(layout, flatOf(i));
    const severity = table.severity(i, tol);
    let cell = cells.get(key);
    if (!cell) {
      cell = { ...place, worst: i, severity, checked: 0, fails: false, kink: false, idle: false };
      cells.set(key, cell);
    } else if (severity > cell.severity) [cell.worst, cell.severity] = [i, severity];
    cell.checked++;
    cell.fails ||= table.status(i) === 'fail';
    cell.kink ||= table.range(i) !== undefined;
    cell.idle ||= !table.informative(i);
  }
  return [...cells.values()];
}

/** A cell's colour class: c0 … c7 by its worst entry's severity (log scale, 1 = the bound); nan where a value is NaN. */
export function classOf(table: EntryTable, cell: Cell): string {
  const i = cell.worst;
  if (!Number.isFinite(table.analytic[i]) || !Number.isFinite(table.numeric[i]) || cell.severity < 0) return 'nan';
  return `c${CLASS_EDGES.findIndex((edge) => cell.severity <= edge)}`;
}

/** A cell's hover text: its entry (or tile), analytic, numeric, difference and bound, every digit. */
function titleOf(table: EntryTable, cell: Cell, layout: MapLayout, name: string, tol: Tolerance): string {
  const i = cell.worst;
  const bound = table.bound(i);
  const allowed = allowedDifference(bound, tol, table.numeric[i]);
  const over = bound === undefined ? 'allowed' : 'bound';
  const status = table.status(i);
  const word = status === 'fail' ? 'FAIL' : status === 'nonfinite' ? 'NaN or ±∞ differences' : status;
  const range = table.range(i);
  const lines = [
    `${table.label(i)}: ${word}${table.informative(i) ? '' : ', proved nothing'}`,
    `analytic ${shortest(table.analytic[i])}`,
    `numeric ${shortest(table.numeric[i])}${range ? ` (subgradients ${brief(range[0])} … ${brief(range[1])})` : ''}`,
    `difference ${shortest(table.analytic[i] - table.numeric[i])}`,
    `${over} ${shortest(allowed)}`,
    `|difference| / ${over} ${brief(cell.severity)}`,
  ];
  if (layout.run > 1)
    lines.unshift(
      `${name} entries ${cell.first}…${cell.first + layout.run - 1} in order: ` + `${cell.checked} checked, the worst:`,
    );
  if (layout.tile > 1) {
    const end = (start: number, count: number) => Math.min(start + layout.tile, count) - 1;
    const at = layout.slices > 1 ? `slice ${cell.slice}, ` : '';
    lines.unshift(
      `${name} ${at}rows ${cell.row}…${end(cell.row, layout.rows)}, cols ${cell.col}…${end(cell.col, layout.cols)}: ` +
        `${cell.checked} checked, the worst:`,
    );
  }
  return escaped(lines.join('\n'));
}

/** The size a cell is drawn: the map within about 720 × 600 px, no cell under 3 px or over 36. */
function cellPixels(width: number, height: number): number {
  return Math.max(3, Math.min(36, Math.floor(Math.min(720 / width, 600 / height))));
}

/**
 * One parameter's map as SVG: a rect a cell (class: colour, and `fail` for an outline), a hover title each; kinks
 * crossed by a diagonal, entries that proved nothing marked with a dot, both as one path each.
 */
export function heatMapSvg(
  table: EntryTable,
  cells: readonly Cell[],
  layout: MapLayout,
  name: string,
  tol: Tolerance,
): string {
  const [tr, tc] = [Math.ceil(layout.rows / layout.tile), Math.ceil(layout.cols / layout.tile)];
  const down = Math.ceil(layout.slices / layout.across);
  const width = Math.max(1, layout.across * (tc + 1) - 1);
  const height = Math.max(1, down * (tr + 1) - 1);
  const px = cellPixels(width, height);
  const rects = cells.map(
    (cell) =>
      `<rect x="${cell.x}" y="${cell.y}" width="1" height="1" class="cell ${classOf(table, cell)}` +
      `${cell.fails ? ' fail' : ''}"><title>${titleOf(table, cell, layout, name, tol)}</title></rect>`,
  );
  const kinks = cells.filter((cell) => cell.kink).map((cell) => `M${cell.x} ${cell.y}l1 1`);
  const idle = cells.filter((cell) => cell.idle).map((cell) => `M${cell.x + 0.5} ${cell.y + 0.5}h.001`);
  const frames = Array.from({ length: layout.slices }, (_, s) => {
    const [sy, sx] = [Math.floor(s / layout.across), s % layout.across];
    return `M${sx * (tc + 1)} ${sy * (tr + 1)}h${tc}v${tr}h${-tc}z`;
  });
  return (
    `<svg class="map${px < 6 ? ' tiny' : px < 12 ? ' small' : ''}" viewBox="0 0 ${width} ${height}" ` +
    `width="${width * px}" height="${height * px}" ` +
    `data-param="${escaped(name)}" data-tile="${layout.tile}" data-cells="${cells.length}" ` +
    `role="img" aria-label="${escaped(`heat map of ${name}`)}">` +
    `<path class="frame" d="${frames.join('')}"/>${rects.join('')}` +
    marks('kink-mark', kinks) +
    marks('idle-mark', idle) +
    '</svg>'
  );
}

/** Marks drawn twice, dark under light, so that they show on every colour of the scale. */
const marks = (kind: string, d: readonly string[]) =>
  d.length ? `<path class="${kind} halo" d="${d.join('')}"/><path class="${kind}" d="${d.join('')}"/>` : '';

const KEY_LABELS = ['≤ 10⁻³', '≤ 10⁻²', '≤ 10⁻¹', '≤ 1', '≤ 10', '≤ 10²', '≤ 10³', '> 10³'];

/** A key's sample of a mark: a small map of one cell. */
const sample = (cls: string, mark = '') =>
  `<svg class="map sample" viewBox="0 0 1 1" width="18" height="18"><rect width="1" height="1" class="cell ${cls}"/>` +
  `${mark}</svg>`;

/** The maps' legend: the colour classes and their ranges of |a − n| over what is allowed, and what each mark means. */
export function classKey(tol: Tolerance): string {
  const over = allowedWord(tol) === 'allowed' ? 'allowed (atol + rtol·|numeric|)' : 'its bound';
  const items = [
    ...KEY_LABELS.map((label, k) => [`<span class="swatch c${k}${k === 4 ? ' edge' : ''}"></span>`, label]),
    [sample('c5 fail'), 'fails (outlined)'],
    [sample('c1', marks('kink-mark', ['M0 0l1 1'])), 'at a kink'],
    [sample('c1', marks('idle-mark', ['M.5 .5h.001'])), 'proved nothing'],
    [sample('nan'), 'a value NaN or ±∞'],
    [sample('frame'), 'not checked'],
  ];
  return (
    `<div class="key" role="list" aria-label="colour key">${items
      .map(
        ([swatch, label]) => `<span role="listitem" class="item">${swatch}<span class="label">${label}</span></span>`,
      )
      .join('')}</div>` +
    `<p class="key-text muted">Colour: |analytic − numeric| over ${over}, log scale: at most 1 passes. A tile ` +
    'stands for its worst entry, and is outlined when it holds a failing one. Hover a cell for its numbers.</p>'
  );
}
