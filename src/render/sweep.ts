import * as asciichart from 'asciichart';
import type { ChalkInstance } from 'chalk';
import type { SweepReport, SweepSeries } from '../checks/sweep.js';
import { describeProblem } from './describe.js';
import { brief, shortest, wrap } from './format.js';
import { grid } from './grid.js';

const label = (s: SweepSeries) => `${s.scheme} ${s.dtype}`;
const SERIES_COLORS = [
  asciichart.blue,
  asciichart.red,
  asciichart.green,
  asciichart.magenta,
  asciichart.cyan,
  asciichart.yellow,
];
const CHALK_COLORS = ['blue', 'red', 'green', 'magenta', 'cyan', 'yellow'] as const;
/** Errors at or below this are drawn on the chart's floor: float64's best is about 1e-16. */
const FLOOR = -17;

/** Rows: steps, large to small; for each series its max abs and max rel error, the best marked. */
function sweepTable(report: SweepReport, color: ChalkInstance): string {
  const head = ['step', ...report.series.flatMap((s) => [`${label(s)}\nmax abs`, `\nmax rel`])];
  const table = grid(
    head,
    head.map((_, k) => (k === 0 ? 'left' : 'right')),
    color,
  );
  report.series[0].points.forEach((p, k) => {
    table.push([
      brief(p.step),
      ...report.series.flatMap((s) => {
        const q = s.points[k];
        const best = q.step === s.bestStep;
        const rel = brief(q.maxRelError) + (best ? ' ◀' : '  ');
        return [brief(q.maxAbsError), best ? color.bold(rel) : rel];
      }),
    ]);
  });
  return table.toString();
}

/**
 * log10(max rel error) by step, small on the left: roundoff (≈ ε/h) falls, truncation (≈ hᵖ) rises, the V's
 * bottom is the best step. Below: the decades, and per series ▲ its best step and △ theory's.
 */
function sweepChart(report: SweepReport, color: ChalkInstance): string {
  const ascending = report.series.map((s) => [...s.points].reverse());
  const values = ascending.map((pts) => pts.map((p) => Math.max(FLOOR, Math.log10(p.maxRelError))));
  const colored = color.level > 0;
  // One row per decade, from the smallest error (or the floor) to the largest.
  const bottom = Math.floor(Math.min(...values.flat()));
  const top = Math.max(bottom + 1, Math.ceil(Math.max(...values.flat())));
  const config = {
    height: top - bottom,
    format: (x: number) => `1e${Math.round(x)}`.padStart(6),
    min: bottom,
    max: top,
  };
  const chart = asciichart.plot(values, colored ? { ...config, colors: SERIES_COLORS } : config);
  // The plot area is the last `width` columns of every line (the left part is the labels).
  const plain = asciichart.plot(values, config).split('\n');
  const width = ascending[0].length;
  const margin = plain[0].length - width;
  const steps = ascending[0].map((p) => p.step);
  const axis = new Array<string>(width).fill('─');
  const ticks = new Array<string>(width).fill(' ');
  steps.forEach((h, i) => {
    const decade = Math.log10(h);
    if (Math.abs(decade - Math.round(decade)) < 1e-9 && Math.round(decade) % 3 === 0) {
      axis[i] = '┬';
      const text = `1e${Math.round(decade)}`;
      for (let c = 0; c < text.length && i + c < width; c++) ticks[i + c] = text[c];
    }
  });
  const nearest = (h: number) =>
    steps.reduce((best, s, i) => (Math.abs(Math.log10(s / h)) < Math.abs(Math.log10(steps[best] / h)) ? i : best), 0);
  const onChart = (h: number) => h >= steps[0] / 1.5 && h <= steps[width - 1] * 1.5;
  const markers = report.series.map((s, k) => {
    const line = new Array<string>(width).fill(' ');
    if (onChart(s.predictedStep)) line[nearest(s.predictedStep)] = '△';
    line[nearest(s.bestStep)] = '▲';
    const paint = colored ? color[CHALK_COLORS[k % CHALK_COLORS.length]] : (x: string) => x;
    const auto = `--eps auto △ ${brief(s.predictedStep)}${onChart(s.predictedStep) ? '' : ' (off the chart)'}`;
    // The markers under the chart, the legend on a line of its own (beside them it was 119 columns).
    return (
      `${' '.repeat(margin)}${line.join('').trimEnd()}\n` +
      `${' '.repeat(margin)}${paint(`── ${label(s)}`)}: best ▲ ${brief(s.bestStep)}, ${auto}`
    );
  });
  return [
    `max rel error against ${report.reference.scheme} in float64 (log scale), by step h:`,
    chart,
    ' '.repeat(margin) + axis.join(''),
    `${' '.repeat(margin) + ticks.join('')}  h`,
    ...markers,
  ].join('\n');
}

/** What a sweep measured, in one line. */
export function sweepHead(report: SweepReport): string {
  const c = report.config;
  return c.model === 'module'
    ? `error of the numeric gradient of ${c.module ?? 'the function'}, seed ${String(c.seed)} (${c.rng}), ` +
        `against richardson differences at their automatic steps ` +
        `(median h = ${brief(report.reference.step)}): a module has no complex-step`
    : `error of the numeric ∂l/∂W for Y = ${c.model}(XW), ${describeProblem(c)}, ${c.numeric} differences`;
}

export function renderSweep(report: SweepReport, color: ChalkInstance, width?: number): string {
  // Prose fits the terminal; the table and the chart are drawn whole.
  return [
    wrap(sweepHead(report), width),
    sweepTable(report, color),
    '',
    sweepChart(report, color),
    '',
    wrap('Right of the best step truncation error grows as hᵖ; left of it roundoff grows as ε/h.', width),
    '',
  ].join('\n');
}

export function renderSweepCsv(report: SweepReport, header: boolean): string {
  const lines = header ? ['scheme,dtype,step,maxAbsError,maxRelError,best'] : [];
  for (const s of report.series) {
    for (const p of s.points)
      lines.push(
        [
          s.scheme,
          s.dtype,
          shortest(p.step),
          shortest(p.maxAbsError),
          shortest(p.maxRelError),
          String(p.step === s.bestStep),
        ].join(','),
      );
  }
  return `${lines.join('\n')}\n`;
}
