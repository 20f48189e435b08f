import type { ChalkInstance } from 'chalk';
import { MAX_WRONG_ORDER, MIN_ORDER, type TaylorInconclusiveReason, type TaylorReport } from '../checks/taylor.js';
import { describeProblem } from './describe.js';
import { brief, shortest } from './format.js';
import { grid } from './grid.js';

/** Why a Taylor test proved nothing, in words. */
const TAYLOR_REASONS: Record<TaylorInconclusiveReason, string> = {
  kinks: 'every direction moves some z off a kink; no Taylor test is possible on this problem (try --init scaled or another --seed)',
  roundoff: 'every residual is at roundoff: the loss does not move along D (saturated, or all 0); try --init scaled',
  'too-few-points': `fewer than 3 residuals above roundoff to fit an order; use more --steps`,
  'unclear-order': `between ${MAX_WRONG_ORDER} and ${MIN_ORDER}: neither h² nor h; try another --seed or --dtype float64`,
};

export function renderTaylor(report: TaylorReport, color: ChalkInstance): string {
  const c = report.config;
  const table = grid(['h', 'residual r(h)', 'r(2h)/r(h)', 'in fit'], ['left', 'right', 'right', 'left'], color);
  report.points.forEach((p, k) => {
    const prev = report.points[k - 1];
    const ratio = prev && p.residual > 0 ? brief(prev.residual / p.residual) : '';
    table.push([`2^-${k}`, brief(p.residual), ratio, p.used ? 'yes' : '']);
  });
  const used = report.points.filter((p) => p.used);
  const range = used.length > 0 ? ` over h = 2^${Math.log2(used[0].h)} … 2^${Math.log2(used[used.length - 1].h)}` : '';
  const order = Number.isFinite(report.order) ? report.order.toFixed(2) : 'unknown';
  const verdict =
    report.verdict === 'pass'
      ? color.green.bold(`PASS  order ${order} ≥ ${MIN_ORDER}${range}: the remainder falls as h², the gradient is right`)
      : report.verdict === 'fail'
        ? color.red.bold(`FAIL  order ${order} ≤ ${MAX_WRONG_ORDER}${range}: the remainder falls only as h, the gradient is wrong`)
        : color.yellow.bold(`INCONCLUSIVE  order ${order}${range}: ${TAYLOR_REASONS[report.inconclusive?.reason ?? 'unclear-order']}`);
  return [
    `Taylor test of ∂l/∂W for Y = ${c.model}(XW), ${describeProblem(c)}, ${c.dtype}` +
      (c.bug ? `\nthe analytic gradient is deliberately wrong: --bug ${c.bug}` : ''),
    'r(h) = |l(W + hD) − l(W) − h⟨g, D⟩| for a seeded unit direction D; ratio 4 per halving is order 2, ratio 2 is order 1',
    table.toString(),
    verdict,
    ...(report.points.length === 0
      ? [`every direction moves some z off a kink of ${c.model}: no Taylor test is possible on this problem`]
      : [`residuals below ${brief(report.floor)} are roundoff and left out of the fit`]),
    ...(report.heldAtKinks > 0
      ? [
          `${report.heldAtKinks} values of z sat on the kink of ${c.model} (z = 0); D was projected to keep them there, where no derivative exists`,
        ]
      : []),
    '',
  ].join('\n');
}

export function renderTaylorCsv(report: TaylorReport, header: boolean): string {
  const lines = header ? ['h,residual,used'] : [];
  for (const p of report.points) lines.push(`${shortest(p.h)},${shortest(p.residual)},${p.used}`);
  return `${lines.join('\n')}\n`;
}
