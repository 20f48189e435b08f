import type { ChalkInstance } from 'chalk';
import { MAX_WRONG_ORDER, MIN_ORDER, type TaylorInconclusiveReason, type TaylorReport } from '../checks/taylor.js';
import { describeProblem } from './describe.js';
import { brief, shortest, wrap } from './format.js';
import { grid } from './grid.js';

const TRY_ANOTHER = 'try another --seed or --dtype float64';

/** Why a Taylor test proved nothing, in words. */
const TAYLOR_REASONS: Record<TaylorInconclusiveReason, string> = {
  kinks:
    'every direction moves some z off a kink; ' +
    'no Taylor test is possible on this problem (try --init scaled or another --seed)',
  roundoff: 'every residual is at roundoff: the loss does not move along D (saturated, or all 0); try --init scaled',
  'too-few-points': `fewer than 3 residuals above roundoff to fit an order; use more --steps`,
  'unclear-order': `between ${MAX_WRONG_ORDER} and ${MIN_ORDER}: neither h² nor h; ${TRY_ANOTHER}`,
};

/** Why this Taylor test proved nothing: a module's kinks are found, not known, and it has no --init. */
function reasonWords(report: TaylorReport): string {
  const reason = report.inconclusive?.reason ?? 'unclear-order';
  if (report.config.model !== 'module') return TAYLOR_REASONS[reason];
  if (reason === 'kinks')
    return (
      'the function has a kink along D within the steps ' +
      '(f(θ + hD) + f(θ − hD) − 2f(θ) falls as h, not h²), ' +
      'so the residual says nothing about the rule; try another --seed or parameters away from the kinks'
    );
  if (reason === 'roundoff') return 'every residual is at roundoff: the function does not move along D';
  return TAYLOR_REASONS[reason];
}

/** What was tested, and the residual r(h) it measured: of the model's ∂l/∂W, or of a module's rule. */
function taylorHead(report: TaylorReport): string[] {
  const c = report.config;
  if (c.model === 'module') {
    const source = c.module ?? 'the function';
    const what = {
      gradient: ['its gradient g', 'r(h) = |l(θ + hD) − l(θ) − h⟨g, D⟩|'],
      vjp: ['its vjp, through a seeded cotangent c', 'r(h) = |⟨c, out(θ + hD) − out(θ)⟩ − h⟨vjp(c), D⟩|'],
      jvp: ['its jvp', 'r(h) = ‖out(θ + hD) − out(θ) − h·jvp(D)‖'],
      hvp: ['its hvp', 'r(h) = ‖∇l(θ + hD) − ∇l(θ) − h·hvp(D)‖'],
    }[c.rule];
    return [
      `Taylor test of ${what[0]}: ${source}, seed ${String(c.seed)} (${c.rng}), float64` +
        (c.bug ? `\nthe ${c.rule} is deliberately wrong: --bug ${c.bug}` : ''),
      `${what[1]} for a seeded unit direction D over every parameter; ` +
        `ratio 4 per halving is order 2, ratio 2 is order 1`,
    ];
  }
  return [
    `Taylor test of ∂l/∂W for Y = ${c.model}(XW), ${describeProblem({ ...c, fast: true })}, ${c.dtype}` +
      (c.bug ? `\nthe analytic gradient is deliberately wrong: --bug ${c.bug}` : ''),
    'r(h) = |l(W + hD) − l(W) − h⟨g, D⟩| for a seeded unit direction D; ' +
      'ratio 4 per halving is order 2, ratio 2 is order 1',
  ];
}

/** A Taylor test in words, uncoloured: what was tested, the verdict line, and the notes under the table. */
export function taylorLines(report: TaylorReport): { head: string[]; verdict: string; notes: string[] } {
  const c = report.config;
  const where = c.model === 'module' ? 'the function' : c.model;
  const used = report.points.filter((p) => p.used);
  const range = used.length > 0 ? ` over h = 2^${Math.log2(used[0].h)} … 2^${Math.log2(used[used.length - 1].h)}` : '';
  const order = Number.isFinite(report.order) ? report.order.toFixed(2) : 'unknown';
  const tested = c.model === 'module' ? `the ${c.rule}` : 'the gradient';
  const verdict =
    report.verdict === 'pass'
      ? `PASS  order ${order} ≥ ${MIN_ORDER}${range}: the remainder falls as h², ${tested} is right`
      : report.verdict === 'fail'
        ? `FAIL  order ${order} ≤ ${MAX_WRONG_ORDER}${range}: the remainder falls only as h, ${tested} is wrong`
        : `INCONCLUSIVE  order ${order}${range}: ${reasonWords(report)}`;
  const notes = [
    ...(report.points.length === 0
      ? [`every direction moves some z off a kink of ${where}: no Taylor test is possible on this problem`]
      : [`residuals below ${brief(report.floor)} are roundoff and left out of the fit`]),
    ...(report.heldAtKinks > 0
      ? [
          `${report.heldAtKinks} values of z sat on the kink of ${where} (z = 0); ` +
            `D was projected to keep them there, where no derivative exists`,
        ]
      : []),
  ];
  return { head: taylorHead(report), verdict, notes };
}

export function renderTaylor(report: TaylorReport, color: ChalkInstance, width?: number): string {
  const table = grid(['h', 'residual r(h)', 'r(2h)/r(h)', 'in fit'], ['left', 'right', 'right', 'left'], color);
  report.points.forEach((p, k) => {
    const prev = report.points[k - 1];
    const ratio = prev && p.residual > 0 ? brief(prev.residual / p.residual) : '';
    table.push([`2^-${k}`, brief(p.residual), ratio, p.used ? 'yes' : '']);
  });
  const { head, verdict, notes } = taylorLines(report);
  const paint = { pass: color.green.bold, fail: color.red.bold, inconclusive: color.yellow.bold }[report.verdict];
  // Prose fits the terminal; the table is drawn whole.
  return [...head.map((line) => wrap(line, width)), table.toString(), paint(wrap(verdict, width))]
    .concat(
      notes.map((line) => wrap(line, width)),
      '',
    )
    .join('\n');
}

export function renderTaylorCsv(report: TaylorReport, header: boolean): string {
  const lines = header ? ['h,residual,used'] : [];
  for (const p of report.points) lines.push(`${shortest(p.h)},${shortest(p.residual)},${p.used}`);
  return `${lines.join('\n')}\n`;
}
