import type { SweepReport } from '../../checks/sweep.js';
import type { TaylorReport } from '../../checks/taylor.js';
import { SCHEMES } from '../../numeric/schemes.js';
import { brief, shortest } from '../format.js';
import { sweepHead } from '../sweep.js';
import { taylorLines } from '../taylor.js';
import { escaped, proseHtml, tableHtml } from './markup.js';
import { type Guide, logLogPlot, type Rule, seriesKey } from './plot.js';

/** float64's and float32's unit roundoff: the roundoff guide's height at h = 1 (ε/h, its slope −1). */
const EPSILON = { float64: 2 ** -52, float32: 2 ** -23 } as const;

/**
 * A sweep: each series' max relative error against the step on log-log axes, with guides of slope p (truncation,
 * right of its best step) and −1 (roundoff, left of it) through its best point, and the step --eps auto takes.
 */
export function sweepSections(report: SweepReport): string {
  const series = report.series.map((s) => ({
    label: `${s.scheme} ${s.dtype}`,
    points: s.points.map((p) => ({
      x: p.step,
      y: p.maxRelError,
      title: `${s.scheme} ${s.dtype}, h ${brief(p.step)}: max rel error ${brief(p.maxRelError)}`,
    })),
  }));
  const guides: Guide[] = report.series.flatMap((s, k) => {
    const best = s.points.find((p) => p.step === s.bestStep);
    if (!best || !(best.maxRelError > 0)) return [];
    const steps = s.points.map((p) => p.step);
    const [lo, hi] = [Math.min(...steps), Math.max(...steps)];
    const p = SCHEMES[s.scheme].order;
    const at = [best.step, best.maxRelError] as const;
    return [
      {
        label: `${s.scheme} ${s.dtype}: truncation ∝ h^${p}`,
        ...{ at, slope: p, x0: best.step, x1: hi },
        style: 'dashed',
        series: k,
      },
      {
        label: `${s.scheme} ${s.dtype}: roundoff ∝ ε/h (ε = ${brief(EPSILON[s.dtype])})`,
        ...{ at, slope: -1, x0: lo, x1: best.step },
        style: 'dotted',
        series: k,
      },
    ];
  });
  const rules: Rule[] = report.series.map((s, k) => ({
    series: k,
    x: s.predictedStep,
    label: `${s.scheme} ${s.dtype}: --eps auto takes h = ${brief(s.predictedStep)}`,
  }));
  const plot = logLogPlot(series, { xLabel: 'step h', yLabel: 'max relative error', guides, rules, floor: 1e-17 });
  const key = seriesKey(
    report.series.map(
      (s) => `${s.scheme} ${s.dtype}: best h ${brief(s.bestStep)}, --eps auto h ${brief(s.predictedStep)}`,
    ),
  );
  const head = ['step', ...report.series.flatMap((s) => [`${s.scheme} ${s.dtype} max abs`, 'max rel'])];
  const rows = report.series[0].points.map((p, k) => [
    String(Number(p.step.toPrecision(4))),
    ...report.series.flatMap((s) => {
      const q = s.points[k];
      const best = q.step === s.bestStep ? ' ◀ best' : '';
      return [shortest(q.maxAbsError), `${shortest(q.maxRelError)}${best}`];
    }),
  ]);
  return [
    `<section class="verdict"><h2>Sweep: error against the step</h2><p>${escaped(sweepHead(report))}</p></section>`,
    `<section><figure>${plot}<figcaption>${key}<br>Dashed: truncation (slope p of the scheme) right of each best ` +
      'step, dotted: roundoff (slope −1) left of it; the vertical line is the step --eps auto takes. ' +
      `Errors against ${escaped(report.reference.scheme)} in float64.</figcaption></figure></section>`,
    `<section><h2>Every step</h2><div class="scroll">${tableHtml(
      head,
      rows,
      head.map((_, k) => k > 0),
    )}</div></section>`,
  ].join('\n');
}

/** A Taylor test: the residuals against h on log-log axes, slope-1 and slope-2 guides through the first fitted one. */
export function taylorSections(report: TaylorReport): string {
  const { head, verdict, notes } = taylorLines(report);
  const order = Number.isFinite(report.order) ? report.order.toFixed(3) : 'unknown';
  const points = report.points.map((p) => ({
    x: p.h,
    y: p.residual,
    hollow: !p.used,
    title: `h 2^${Math.log2(p.h)}: r ${brief(p.residual)}${p.used ? '' : ' (not in the fit)'}`,
  }));
  const first = report.points.find((p) => p.used) ?? report.points.find((p) => p.residual > 0);
  const hs = report.points.map((p) => p.h);
  const guides: Guide[] = first
    ? [1, 2].map((slope) => ({
        label: `slope ${slope}: r ∝ h${slope === 2 ? '² (a right gradient)' : ' (a wrong one)'}`,
        at: [first.h, first.residual] as const,
        slope,
        x0: Math.min(...hs),
        x1: Math.max(...hs),
        style: slope === 1 ? ('dashed' as const) : ('dotted' as const),
      }))
    : [];
  const plot = points.length
    ? logLogPlot([{ label: 'r(h)', points }], {
        xLabel: 'h',
        yLabel: 'residual r(h)',
        guides,
        rules: [{ y: report.floor, label: `roundoff floor ${brief(report.floor)}` }],
      })
    : '';
  const rows = report.points.map((p, k) => {
    const prev = report.points[k - 1];
    return [
      `2^-${k}`,
      shortest(p.residual),
      prev && p.residual > 0 ? brief(prev.residual / p.residual) : '',
      p.used ? 'yes' : '',
    ];
  });
  return [
    `<section class="verdict ${report.verdict}"><h2>${escaped(verdict)}</h2>${proseHtml(head)}</section>`,
    plot
      ? `<section><figure>${plot}<figcaption>Filled points are in the fit, hollow ones are not. Dashed: slope 1 ` +
        '(a wrong gradient), dotted: slope 2 (a right one), both through the first fitted point; the horizontal ' +
        `line is the roundoff floor. Fitted order ${order}.` +
        '</figcaption></figure></section>'
      : '',
    `<section>${proseHtml(notes)}<div class="scroll">` +
      `${tableHtml(['h', 'residual r(h)', 'r(2h)/r(h)', 'in fit'], rows, [false, true, true, false])}</div></section>`,
  ].join('\n');
}
