import { escaped } from './markup.js';

/**
 * Plots as SVG: log-log (sweep: error against step; taylor: residual against h) and a linear scatter (analytic
 * against numeric). Series differ in colour (Okabe–Ito, safe for colour-blind eyes), dash and marker, so that
 * greyscale and print tell them apart; every number is in a table beside the plot too.
 */

export interface Point {
  x: number;
  y: number;
  /** Drawn hollow: a point left out of a fit. */
  hollow?: boolean;
  title?: string;
}
export interface Series {
  label: string;
  points: readonly Point[];
}
/**
 * A straight line on the plot's axes: through `at` with slope `slope` (log-log: a power law), over [x0, x1]; dashed
 * or dotted (what it stands for: the caption says), in the colour of series `series` when it belongs to one.
 */
export interface Guide {
  label: string;
  at: readonly [number, number];
  slope: number;
  x0: number;
  x1: number;
  style: 'dashed' | 'dotted';
  series?: number;
}
/** A vertical line at x (a chosen step) or a horizontal one at y (a floor), in its series' colour when it has one. */
export interface Rule {
  label: string;
  x?: number;
  y?: number;
  series?: number;
}

const [W, H] = [640, 360];
const PAD = { left: 64, right: 40, top: 12, bottom: 44 };
const DASHES = ['', '6 3', '2 3', '8 3 2 3', '1 2', '10 4'];
const MARKERS = ['circle', 'square', 'triangle', 'diamond', 'circle', 'square'];

function marker(kind: string, x: number, y: number, hollow: boolean, k: number, title?: string): string {
  const tip = title ? `<title>${escaped(title)}</title>` : '';
  const cls = `class="s${k % 6}${hollow ? ' hollow' : ''}"`;
  const at = (v: number) => v.toFixed(1);
  if (kind === 'square') return `<rect ${cls} x="${at(x - 3)}" y="${at(y - 3)}" width="6" height="6">${tip}</rect>`;
  if (kind === 'triangle') return `<path ${cls} d="M${at(x)} ${at(y - 4)}l4 7h-8z">${tip}</path>`;
  if (kind === 'diamond') return `<path ${cls} d="M${at(x)} ${at(y - 4)}l4 4l-4 4l-4-4z">${tip}</path>`;
  return `<circle ${cls} cx="${at(x)}" cy="${at(y)}" r="3.2">${tip}</circle>`;
}

/** A log-log plot; values ≤ 0 sit on the floor of the y axis. */
export function logLogPlot(
  series: readonly Series[],
  o: {
    xLabel: string;
    yLabel: string;
    guides?: readonly Guide[];
    rules?: readonly Rule[];
    /** Where a value ≤ 0 is drawn: the floor of the y axis. */
    floor?: number;
  },
): string {
  const all = series.flatMap((s) => s.points);
  const xs = all.map((p) => Math.log10(p.x)).filter(Number.isFinite);
  const positive = all.map((p) => p.y).filter((y) => y > 0 && Number.isFinite(y));
  // Values ≤ 0 sit on the floor; horizontal rules (a roundoff floor) are within the range too.
  const lows = all.some((p) => !(p.y > 0)) ? [o.floor ?? (positive.length ? Math.min(...positive) : 1e-16)] : [];
  const levels = (o.rules ?? []).flatMap((r) => (r.y !== undefined && r.y > 0 ? [r.y] : []));
  const ys = [...positive, ...lows, ...levels].map(Math.log10);
  const [x0, x1] = [Math.floor(Math.min(...xs)), Math.ceil(Math.max(...xs))];
  const [y0, y1] = [Math.floor(Math.min(...ys)), Math.max(Math.floor(Math.min(...ys)) + 1, Math.ceil(Math.max(...ys)))];
  // 6 px inside the area, so that a marker at an end of the range is drawn whole.
  const px = (lx: number) => PAD.left + 6 + ((lx - x0) / Math.max(1, x1 - x0)) * (W - PAD.left - PAD.right - 12);
  const py = (ly: number) => H - PAD.bottom - 6 - ((ly - y0) / Math.max(1, y1 - y0)) * (H - PAD.top - PAD.bottom - 12);
  const toY = (y: number) => py(y > 0 && Number.isFinite(y) ? Math.max(y0, Math.log10(y)) : y0);
  const axes = axesSvg([x0, x1], [y0, y1], px, py, o.xLabel, o.yLabel, (d) => `1e${d}`);
  const guides = (o.guides ?? []).map((g) => {
    const [gx, gy] = [Math.log10(g.at[0]), Math.log10(g.at[1])];
    const end = (x: number) => [px(Math.log10(x)), py(gy + g.slope * (Math.log10(x) - gx))];
    const [[ax, ay], [bx, by]] = [end(g.x0), end(g.x1)];
    const cls = `guide ${g.style}${g.series === undefined ? '' : ` s${g.series % 6}`}`;
    return (
      `<line class="${cls}" x1="${ax.toFixed(1)}" y1="${ay.toFixed(1)}" x2="${bx.toFixed(1)}" ` +
      `y2="${by.toFixed(1)}"><title>${escaped(g.label)}</title></line>`
    );
  });
  const rules = (o.rules ?? []).map((r) =>
    r.x !== undefined
      ? `<line class="rule${r.series === undefined ? '' : ` s${r.series % 6}`}" x1="${px(Math.log10(r.x)).toFixed(1)}" ` +
        `x2="${px(Math.log10(r.x)).toFixed(1)}" y1="${PAD.top}" ` +
        `y2="${H - PAD.bottom}"><title>${escaped(r.label)}</title></line>`
      : `<line class="rule" y1="${toY(r.y ?? 0)}" y2="${toY(r.y ?? 0)}" x1="${PAD.left}" x2="${W - PAD.right}">` +
        `<title>${escaped(r.label)}</title></line>`,
  );
  const lines = series.map((s, k) => {
    const at = s.points.map((p) => [px(Math.log10(p.x)), toY(p.y)]);
    const d = at.map(([x, y], j) => `${j ? 'L' : 'M'}${x.toFixed(1)} ${y.toFixed(1)}`).join('');
    const dash = DASHES[k % DASHES.length] ? ` stroke-dasharray="${DASHES[k % DASHES.length]}"` : '';
    const marks = s.points.map((p, j) => marker(MARKERS[k % 6], at[j][0], at[j][1], !!p.hollow, k, p.title));
    return `<path class="line s${k % 6}" d="${d}"${dash}/>${marks.join('')}`;
  });
  return svgFrame(axes + clipped([...guides, ...rules, ...lines].join('')), o.yLabel);
}

/** Drawn inside the plot area only: a nested svg clips what a guide or a line runs past (no ids to clash). */
function clipped(body: string): string {
  const [w, h] = [W - PAD.left - PAD.right, H - PAD.top - PAD.bottom];
  const box = `x="${PAD.left}" y="${PAD.top}" width="${w}" height="${h}"`;
  return `<svg ${box} viewBox="${PAD.left} ${PAD.top} ${w} ${h}">${body}</svg>`;
}

/** The series' key: a sample of each one's line and marker, and its label. */
export function seriesKey(labels: readonly string[]): string {
  const items = labels.map((label, k) => {
    const dash = DASHES[k % DASHES.length] ? ` stroke-dasharray="${DASHES[k % DASHES.length]}"` : '';
    const sample =
      `<svg class="plot sample" viewBox="0 0 44 12" width="44" height="12">` +
      `<path class="line s${k % 6}" d="M2 6H42"${dash}/>${marker(MARKERS[k % 6], 22, 6, false, k)}</svg>`;
    return `<span class="item">${sample} ${escaped(label)}</span>`;
  });
  return `<div class="key series">${items.join('')}</div>`;
}

/** A scatter of y against x on linear axes symmetric about 0, with lines y = slope·x through the origin. */
export function scatterPlot(
  points: readonly (Point & { fails?: boolean })[],
  o: { xLabel: string; yLabel: string; lines: readonly { slope: number; label: string }[] },
): string {
  const finite = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const reach = Math.max(1e-300, ...finite.flatMap((p) => [Math.abs(p.x), Math.abs(p.y)])) * 1.05;
  const px = (x: number) => PAD.left + ((x + reach) / (2 * reach)) * (W - PAD.left - PAD.right);
  const py = (y: number) => H - PAD.bottom - ((y + reach) / (2 * reach)) * (H - PAD.top - PAD.bottom);
  const axes = axesSvg([-reach, reach], [-reach, reach], px, py, o.xLabel, o.yLabel, tickText, 4);
  const lines = o.lines.map((l, k) => {
    const r = Math.abs(l.slope) > 1 ? reach / Math.abs(l.slope) : reach;
    return (
      `<line class="guide ${k === 0 ? 'dashed' : 'dotted'}" x1="${px(-r).toFixed(1)}" y1="${py(-r * l.slope).toFixed(1)}" ` +
      `x2="${px(r).toFixed(1)}" y2="${py(r * l.slope).toFixed(1)}"><title>${escaped(l.label)}</title></line>`
    );
  });
  const marks = finite.map(
    (p) =>
      `<circle class="${p.fails ? 'dot fail' : 'dot'}" cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="2.6">` +
      `${p.title ? `<title>${escaped(p.title)}</title>` : ''}</circle>`,
  );
  return svgFrame(axes + clipped([...lines, ...marks].join('')), o.yLabel);
}

function svgFrame(body: string, label: string): string {
  const size = `viewBox="0 0 ${W} ${H}" width="${W}" height="${H}"`;
  return `<svg class="plot" ${size} role="img" aria-label="${escaped(label)}">${body}</svg>`;
}

/** Axes with ticks: log plots at whole decades (`ticks` undefined), linear ones at `ticks` + 1 even steps. */
function axesSvg(
  [x0, x1]: readonly [number, number],
  [y0, y1]: readonly [number, number],
  px: (x: number) => number,
  py: (y: number) => number,
  xLabel: string,
  yLabel: string,
  text: (v: number) => string,
  ticks?: number,
): string {
  const steps = (a: number, b: number) =>
    ticks === undefined
      ? Array.from({ length: b - a + 1 }, (_, k) => a + k).filter((_, k, all) => all.length <= 12 || k % 2 === 0)
      : Array.from({ length: ticks + 1 }, (_, k) => a + ((b - a) * k) / ticks);
  const parts = [
    `<rect class="area" x="${PAD.left}" y="${PAD.top}" width="${W - PAD.left - PAD.right}" ` +
      `height="${H - PAD.top - PAD.bottom}"/>`,
  ];
  for (const x of steps(x0, x1))
    parts.push(
      `<line class="tick" x1="${px(x).toFixed(1)}" x2="${px(x).toFixed(1)}" y1="${PAD.top}" y2="${H - PAD.bottom}"/>`,
      `<text x="${px(x).toFixed(1)}" y="${H - PAD.bottom + 16}" text-anchor="middle">${text(x)}</text>`,
    );
  for (const y of steps(y0, y1))
    parts.push(
      `<line class="tick" y1="${py(y).toFixed(1)}" y2="${py(y).toFixed(1)}" x1="${PAD.left}" x2="${W - PAD.right}"/>`,
      `<text x="${PAD.left - 6}" y="${(py(y) + 4).toFixed(1)}" text-anchor="end">${text(y)}</text>`,
    );
  parts.push(
    `<text class="label" x="${(PAD.left + W - PAD.right) / 2}" y="${H - 6}" text-anchor="middle">` +
      `${escaped(xLabel)}</text>`,
    `<text class="label" transform="translate(14 ${(PAD.top + H - PAD.bottom) / 2}) rotate(-90)" ` +
      `text-anchor="middle">${escaped(yLabel)}</text>`,
  );
  return parts.join('');
}

/** A linear axis' tick: three digits, plainly where they read plainly (16.0, −0.125), else 1.6e+5. */
function tickText(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e4 ? String(Number(v.toPrecision(3))) : v.toExponential(1);
}
