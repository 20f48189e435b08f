import { entryLabel, failsWithinRoundoff } from '../check/entries.js';
import type { FunctionReport } from '../checks/function.js';
import { isFunctionReport, lossOf, type Report } from '../checks/report.js';
import { ulp } from '../model/dtype.js';
import { brief, shortest } from './format.js';

/** One line saying what was checked and how: the head of every human-readable report. */
export function describeCheck(report: Report): string {
  if (isFunctionReport(report)) return describeFunctionCheck(report);
  const c = report.config;
  const model = c.model === 'linear' ? 'Y = XW' : `Y = ${c.model}(XW)`;
  const bug = c.bug ? `\nthe analytic gradient is deliberately wrong: --bug ${c.bug}` : '';
  const which = c.fast ? `a random direction of ${c.wrt.join(', ')}` : c.wrt.map((p) => `∂l/∂${p}`).join(' and ');
  const sample = c.sample === null || c.fast ? '' : `, ${report.summary.checked} sampled entries`;
  return (
    `${which} for ${model}, l = ½Σ(Y−T)²; ${describeProblem(c)}\n` +
    `${c.dtype}, ${c.scheme} differences (${c.numeric}), ${describeSteps(report)}${sample}${bug}`
  );
}

/** `n=4 d=3 C=2, seed 42 (arc4)`: the shapes and the draw, as every model report's head names them. */
export function describeProblem(c: { n: number; d: number; C: number; seed: number | string; rng: string }): string {
  return `n=${c.n} d=${c.d} C=${c.C}, seed ${String(c.seed)} (${c.rng})`;
}

/** `eps = 1e-6`, or for --eps auto the range of per-entry steps as powers of two. */
function describeSteps(report: Report): string {
  if (report.config.eps !== 'auto') return `eps = ${shortest(report.config.eps)}`;
  const steps = report.entries.map((e) => e.step);
  const lo = Math.min(...steps);
  const hi = Math.max(...steps);
  const show = (h: number) => (Number.isInteger(Math.log2(h)) ? `2^${Math.log2(h)} ≈ ${brief(h)}` : brief(h));
  return lo === hi ? `eps = auto: h = ${show(lo)}` : `eps = auto: h from ${show(lo)} to ${show(hi)} per entry`;
}

export function describeLoss(report: Report): string {
  if (isFunctionReport(report)) return `loss l = ${shortest(report.loss.value)}`;
  return `loss ½Σ(Y−T)² = ${shortest(report.loss.sumHalf)}   mean (Y−T)² = ${shortest(report.loss.mean)}`;
}

/** The head of a report on a user's function: which parameters, how many numbers each. */
function describeFunctionCheck(report: FunctionReport): string {
  const c = report.config;
  const source = c.module === null ? 'the function' : c.module;
  const params = Object.entries(report.inputs.parameters)
    .map(([name, v]) => `${name} (${Array.isArray(v) ? shapeText(v) : 'scalar'})`)
    .join(', ');
  const what = c.fast ? 'a random direction of the gradient' : 'the gradient';
  const sample = c.sample === null || c.fast ? '' : `, ${report.summary.checked} sampled entries`;
  const bug = c.bug ? `\nthe gradient is deliberately wrong: --bug ${c.bug}` : '';
  return (
    `${what} of ${source}: ${params}; seed ${String(c.seed)} (${c.rng})\n` +
    `float64, ${c.scheme} differences of whole losses, ${describeSteps(report)}${sample}${bug}`
  );
}

function shapeText(v: unknown): string {
  const dims: number[] = [];
  for (let node = v; Array.isArray(node); node = node[0]) dims.push(node.length);
  return dims.join('×');
}

/** The summary under a table, as plain lines (the caller colors them). */
export function summaryLines(report: Report): { verdict: string; details: string[] } {
  const s = report.summary;
  const { atol, rtol } = report.config;
  const verdict = s.pass
    ? `PASS  ${s.passed}/${s.checked} entries within tolerance`
    : `FAIL  ${s.failed} of ${s.checked} entries outside tolerance (${s.passed}/${s.checked} pass)`;
  const details = [
    `max abs error ${brief(s.maxAbsError)}   max rel error ${brief(s.maxRelError)}   worst entry ${entryLabel(s.worst)}`,
    `rule: |analytic − numeric| ≤ atol + rtol·|numeric|, atol = ${shortest(atol)}, rtol = ${shortest(rtol)}`,
  ];
  if (s.nonFinite > 0) details.push(`${s.nonFinite} entries have a NaN or infinite value: they never pass`);
  if (!Number.isFinite(lossOf(report)))
    details.push(`the loss itself is ${lossOf(report)}: the inputs are too large for ${report.config.dtype}`);
  if (s.kinks > 0)
    details.push(
      `${s.kinks} entries step across a kink of ${report.config.model} (z = 0): marked kink, not failed, left out of the maxima`,
    );
  if (s.withinRoundoff > 0) details.push(...roundoffNote(report));
  if (s.diagnosis) details.push(`diagnosis: ${s.diagnosis.code} — ${s.diagnosis.message}`);
  return { verdict, details };
}

/**
 * What a failing entry within roundoff means: the loss's resolution in the dtype and
 * the step of the numeric column it causes. The diagnosis line says what to do.
 */
function roundoffNote(report: Report): string[] {
  const { dtype, numeric } = report.config;
  const s = report.summary;
  const within = report.entries.filter(failsWithinRoundoff);
  const maxRoundoff = Math.max(...within.map((e) => e.roundoff));
  const h = Math.min(...within.map((e) => e.step));
  const l = lossOf(report);
  const stepOfColumn = ulp(l, dtype) / (2 * h);
  return [
    `* ${s.withinRoundoff} of ${s.failed} failing entries differ by no more than the roundoff of their numeric value ` +
      `(up to ${brief(maxRoundoff)}): ${dtype} arithmetic, not a wrong gradient.`,
    numeric === 'full'
      ? `  In ${dtype} the loss l = ${shortest(l)} is held to ulp(l) = ${brief(ulp(l, dtype))}, so the numeric column moves in steps of ulp(l)/2ε = ${brief(stepOfColumn)}.`
      : `  The numeric values rest on per-row losses rounded to ${dtype} (whole passes would move in steps of ulp(l)/2ε = ${brief(stepOfColumn)}).`,
  ];
}
