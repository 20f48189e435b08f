import type { FunctionReport } from '../checks/function.js';
import { tableOf } from '../checks/report.js';
import { ESTIMATE_FACTOR } from '../pipeline/compare.js';
import { type Entry, entryLabel } from '../pipeline/entry.js';
import type { CheckSummary, ParameterSummary } from '../pipeline/summary.js';
import { brief, entries, plural, shortest } from './format.js';
import { causeList, directionLines, type EntriesAt, nonFiniteLines, roundoffNote } from './notes.js';
import { isFunctionReport, lossOf, type Report } from './report.js';

/** One line saying what was checked and how: the head of every human-readable report. */
export function describeCheck(report: Report): string {
  if (isFunctionReport(report)) return describeFunctionCheck(report);
  const c = report.config;
  const model = modelFormula(c.model, c.hidden);
  const bug = c.bug ? `\nthe analytic gradient is deliberately wrong: --bug ${c.bug}` : '';
  const which = c.fast ? `a random direction of ${c.wrt.join(', ')}` : c.wrt.map((p) => `∂l/∂${p}`).join(' and ');
  const sample = sampleText(c, report.summary.checked);
  return (
    `${which} for ${model}, l = ½Σ(Y−T)²; ${describeProblem(c)}\n` +
    `${c.dtype}, ${c.scheme} differences (${c.numeric}), ${describeSteps(report)}${sample}${bug}`
  );
}

/** `, 6 sampled entries`; a sample larger than the entries there are checks them all, and says so. */
function sampleText(c: { sample: number | null; fast: boolean }, checked: number): string {
  if (c.sample === null || c.fast) return '';
  if (c.sample > checked)
    return `, all ${plural(checked, 'entry', 'entries')} (a sample of ${c.sample} asked for more)`;
  return `, ${plural(checked, 'sampled entry', 'sampled entries')}`;
}

/** Y = σ(XW), or with a hidden layer Y = σ(σ(XW1)W2), σ named. */
export function modelFormula(model: string, hidden: number | null | undefined): string {
  const s = (x: string) => (model === 'linear' ? x : `${model}(${x})`);
  return hidden ? `Y = ${s(`${s('XW1')}W2`)}` : `Y = ${s('XW')}`;
}

/** `n=4 d=3 C=2, seed 42 (arc4)`: shapes and draw; for given data, what the seed still draws (sample, direction). */
export function describeProblem(c: {
  n: number;
  d: number;
  C: number;
  hidden?: number | null;
  seed: number | string;
  rng: string;
  data?: 'drawn' | 'given';
  sample?: number | null;
  fast?: boolean;
}): string {
  const shapes = c.hidden ? `n=${c.n} d=${c.d} k=${c.hidden} C=${c.C}` : `n=${c.n} d=${c.d} C=${c.C}`;
  const seed = `seed ${String(c.seed)} (${c.rng})`;
  if (c.data !== 'given') return `${shapes}, ${seed}`;
  const drawn = c.fast ? ', the direction' : c.sample ? ', the sample' : '';
  return `${shapes}, X, ${c.hidden ? 'W1, W2' : 'W'}, T as given${drawn ? `${drawn} drawn from ${seed}` : ''}`;
}

/** `eps = 1e-6`, or for --eps auto the range of per-entry steps as powers of two. */
function describeSteps(report: Report): string {
  if (report.config.eps !== 'auto') return `eps = ${shortest(report.config.eps)}`;
  // A loop, not Math.min(...steps): a spread of 10⁵ entries overflows the call stack.
  let lo = Infinity;
  let hi = -Infinity;
  for (const step of tableOf(report).step) {
    lo = Math.min(lo, step);
    hi = Math.max(hi, step);
  }
  const show = (h: number) => (Number.isInteger(Math.log2(h)) ? `2^${Math.log2(h)} ≈ ${brief(h)}` : brief(h));
  return lo === hi ? `eps = auto: h = ${show(lo)}` : `eps = auto: h from ${show(lo)} to ${show(hi)} per entry`;
}

export function describeLoss(report: Report): string {
  if (isFunctionReport(report))
    return report.loss
      ? `loss l = ${shortest(report.loss.value)}`
      : `output: ${report.output?.shape.join('×') ?? '?'} numbers`;
  return `loss ½Σ(Y−T)² = ${shortest(report.loss.sumHalf)}   mean (Y−T)² = ${shortest(report.loss.mean)}`;
}

/** The head of a report on a user's function: which parameters, how many numbers each. */
function describeFunctionCheck(report: FunctionReport): string {
  const c = report.config;
  const source = c.module === null ? 'the function' : c.module;
  const params = Object.entries(report.inputs.parameters)
    .map(([name, v]) => `${name} (${shapeText(v)})`)
    .join(', ');
  const what = c.fast ? `a random direction of ${RULE_WORDS[c.rule]}` : RULE_WORDS[c.rule];
  const sample = sampleText(c, report.summary.checked);
  const bug = c.bug ? `\nthe ${c.rule} is deliberately wrong: --bug ${c.bug}` : '';
  const through = report.entries.some((e) => e.cotangent !== undefined)
    ? ', the Jacobian seen through random cotangents c'
    : '';
  const probed = c.rule === 'gradient' ? 'whole losses' : c.rule === 'hvp' ? 'the gradient' : 'the output';
  return (
    `${what} of ${source}: ${params}; seed ${String(c.seed)} (${c.rng})\n` +
    `${c.dtype}, ${c.scheme} differences of ${probed}${c.dtype === 'float32' ? ' through TensorFlow.js' : ''}, ` +
    `${describeSteps(report)}${sample}${through}${bug}`
  );
}

/** What each rule's check compares, as a report's head names it. */
const RULE_WORDS = {
  gradient: 'the gradient',
  vjp: 'the vjp (rows of the Jacobian ∂output/∂parameters)',
  jvp: 'the jvp (columns of the Jacobian ∂output/∂parameters)',
  hvp: 'the hvp (the Hessian ∂²l/∂parameters², column by column)',
} as const;

/** A parameter's shape: its nested arrays' lengths (a typed array is one), or scalar. */
function shapeText(v: unknown): string {
  const dims: number[] = [];
  for (let node = v; Array.isArray(node) || ArrayBuffer.isView(node); node = (node as ArrayLike<unknown>)[0])
    dims.push((node as ArrayLike<unknown>).length);
  return dims.length > 0 ? dims.join('×') : 'scalar';
}

/** The counts and verdict a summary line needs. */
type Counted = Pick<CheckSummary, 'checked' | 'passed' | 'failed' | 'verdict'> &
  Partial<Pick<CheckSummary, 'inconclusive'>>;

/** The verdict in one line: PASS, FAIL or INCONCLUSIVE, with the counts behind it. */
export function verdictLine(s: Counted, adjective = ''): string {
  const what = `${adjective}${s.checked === 1 ? 'entry' : 'entries'}`;
  const outside = `${s.failed} of ${s.checked} ${what} outside tolerance`;
  if (s.verdict === 'pass') return `PASS  ${s.passed}/${s.checked} ${what} within tolerance`;
  if (s.verdict === 'fail') return `FAIL  ${outside} (${s.passed}/${s.checked} pass)`;
  const only = s.inconclusive?.only;
  if (s.failed > 0) return `INCONCLUSIVE  ${outside}, none beyond doubt (${s.passed}/${s.checked} pass)`;
  return only === undefined
    ? `INCONCLUSIVE  ${s.passed}/${s.checked} ${what} within tolerance, ` +
        `but none could tell a right gradient from a wrong one`
    : `INCONCLUSIVE  ${s.passed}/${s.checked} ${what} within tolerance, ` +
        `but none of ${only}'s could tell a right gradient from a wrong one`;
}

/** The tolerance rule in one line: allclose's atol and rtol, or the estimate rule's terms. */
export function ruleLine(report: Report): string {
  const { atol, rtol, tolerance } = report.config;
  return tolerance === 'estimate'
    ? `rule: |analytic − numeric| ≤ bound = ${ESTIMATE_FACTOR}·(truncation + roundoff) + 32ε·(|a| + |n|) ` +
        `+ the backward pass's rounding, per entry (--tolerance estimate)`
    : `rule: |analytic − numeric| ≤ atol + rtol·|numeric|, atol = ${shortest(atol)}, rtol = ${shortest(rtol)}`;
}

/** "  - b2: FAIL, 2 of 4 entries outside tolerance — sign": one parameter, one line (a nested item in markdown). */
export function parameterLine(p: ParameterSummary): string {
  const counts =
    p.verdict === 'fail'
      ? `FAIL, ${p.failed} of ${entries(p.checked)} outside tolerance`
      : p.verdict === 'pass'
        ? `pass, ${p.passed} of ${entries(p.checked)} within tolerance`
        : `inconclusive, ${p.checked - p.informative} of ${entries(p.checked)} proved nothing`;
  const found = p.diagnosis
    ? ` — ${p.diagnosis.code}` +
      `${p.diagnosis.factor === undefined ? '' : ` (× ${shortest(Number(p.diagnosis.factor.toPrecision(4)))})`}`
    : '';
  return `  - ${p.name}: ${counts}${found}`;
}

/** What stands behind the verdict: the errors, the rule, and every note that qualifies it. */
function checkDetails(report: Report, s: CheckSummary, entriesAt: EntriesAt): string[] {
  const details = [
    `max abs error ${brief(s.maxAbsError)}   ` +
      `max rel error ${brief(s.maxRelError)}   worst entry ${entryLabel(s.worst)}`,
    ruleLine(report),
  ];
  if (s.nonFinite > 0) details.push(...nonFiniteLines(report));
  const loss = lossOf(report);
  if (loss !== undefined && !Number.isFinite(loss))
    details.push(`the loss itself is ${loss}: it was not a finite number at the unperturbed parameters`);
  if (s.kinks > 0) {
    const where = isFunctionReport(report) ? 'at a kink' : `at a kink of ${report.config.model} (z = 0)`;
    details.push(
      `${plural(s.kinks, 'entry', 'entries')} ${where}: ` +
        `judged against the range of subgradients their one-sided differences allow`,
    );
  }
  const idle = s.checked - s.informative;
  if (idle > 0 && s.verdict !== 'inconclusive') {
    const causes = causeList(s.uninformative);
    details.push(
      `${idle} of ${entries(s.checked)} proved nothing${causes ? ` (${causes})` : ''}: ` +
        `a wrong gradient would pass them too`,
    );
  }
  if (s.withinRoundoff > 0) details.push(...roundoffNote(report));
  details.push(...directionLines(report, s, entriesAt));
  for (const tie of s.ties?.failing.slice(0, 3) ?? [])
    details.push(
      `${tie.entries.map(entryLabel).join(' and ')} share a kink (a tie): moved together they change the loss ` +
        `at ${brief(tie.low)}…${brief(tie.high)} a unit, their analytic values add to ${brief(tie.analytic)}: ` +
        'each tied entry given the whole gradient?',
    );
  if (s.parameters) details.push('by parameter:', ...s.parameters.map(parameterLine));
  if (s.diagnosis) details.push(`diagnosis: ${s.diagnosis.code} — ${s.diagnosis.message}`);
  // Roundoff and truncation are the diagnosis already, remedies and all.
  const explained = s.diagnosis?.code === s.inconclusive?.reason;
  if (s.inconclusive && !explained) details.push(`inconclusive: ${s.inconclusive.message}`);
  return details;
}

/** The summary as uncolored lines: verdict, details, and a float64 recheck's entries and verdict, which decides. */
export function summaryLines(
  report: Report,
  entriesAt: EntriesAt = 'above',
): {
  verdict: string;
  details: string[];
  recheck?: { head: string; entries: Entry[]; verdict: string };
} {
  const s = report.summary;
  const recheck = 'recheck' in s ? s.recheck : null;
  if (!recheck) return { verdict: verdictLine(s), details: checkDetails(report, s, entriesAt) };
  // The float32 part as it was found: inconclusive by roundoff, its own reason left to the recheck.
  const float32 = { ...s, verdict: 'inconclusive' as const, inconclusive: null };
  const r = recheck.summary;
  return {
    verdict: `${verdictLine(float32)} in ${report.config.dtype}`,
    details: checkDetails(report, float32, entriesAt),
    recheck: {
      head:
        `recheck: the ${plural(r.checked, 'entry', 'entries')} that failed or could not tell, ` +
        `again in float64 on the same inputs and steps ` +
        `(it decides; --no-recheck leaves the verdict inconclusive):`,
      entries: recheck.entries,
      verdict:
        `${verdictLine(r, 'rechecked ')} in float64` +
        `${r.inconclusive?.message ? `\ninconclusive: ${r.inconclusive.message}` : ''}` +
        `${r.diagnosis ? `\ndiagnosis: ${r.diagnosis.code} — ${r.diagnosis.message}` : ''}`,
    },
  };
}
