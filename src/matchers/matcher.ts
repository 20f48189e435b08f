import type { CheckGradientOptions, FunctionReport, GradientProblem } from '../checks/function.js';
import { ContractError, copyParameters, type Parameters, setLeaf } from '../checks/parameters.js';
import { failureMessage } from '../library/assert.js';
import { type AsyncGradientProblem, checkGradientAsync } from '../library/async.js';
import { checkGradient } from '../library/checks.js';

/** What expect.extend wants of a matcher's result: whether it passed, its message, and the two sides for the diff. */
export interface MatcherResult {
  pass: boolean;
  message(): string;
  actual: unknown;
  expected: unknown;
}

/**
 * A copy of the parameters holding the checked entries' analytic values, shaped as the user's; on the numeric side
 * only the entries that did not pass differ, so that a runner's diff marks the failing entries, not every number
 * (a passing entry's numeric value differs from its analytic one within its bound, which is no difference).
 */
function shaped(report: FunctionReport, side: 'analytic' | 'numeric'): Parameters {
  const out = copyParameters(report.inputs.parameters);
  for (const e of report.entries) {
    if (e.param in out)
      setLeaf(out, e.param, e.index, side === 'numeric' && e.status !== 'pass' ? e.numeric : e.analytic);
  }
  return out;
}

/**
 * checkGradient's verdict as a matcher: actual is the analytic gradient, expected the numeric, shaped like the
 * parameters for the runner's diff. Inconclusive is not a pass: `.not` passes only on a failing gradient.
 */
export function toHaveCorrectGradient(
  problem: unknown,
  options: CheckGradientOptions = {},
): MatcherResult | Promise<MatcherResult> {
  let report: FunctionReport;
  try {
    report = checkGradient(problem as GradientProblem, options);
  } catch (e) {
    // An async loss or gradient: the matcher becomes async too (await expect(…).toHaveCorrectGradient()).
    if (e instanceof ContractError && / returned a Promise/.test(e.message))
      return checkGradientAsync(problem as AsyncGradientProblem, options).then(resultOf);
    throw e;
  }
  return resultOf(report);
}

function resultOf(report: FunctionReport): MatcherResult {
  const pass = report.summary.pass;
  const message = pass
    ? `expected the gradient to be wrong, but all ${report.summary.checked} entries agree with finite differences`
    : failureMessage(report);
  return { pass, message: () => message, actual: shaped(report, 'analytic'), expected: shaped(report, 'numeric') };
}

/** What a runner hands a matcher as `this`: its utils draw a diff. */
export interface MatcherContext {
  utils?: { diff?(expected: unknown, actual: unknown): string | null | undefined };
}

/** Matchers for expect.extend. vitest draws the diff itself; jest shows only the message, so withDiff appends it. */
export function matchers(withDiff: boolean) {
  return {
    toHaveCorrectGradient(
      this: MatcherContext,
      problem: unknown,
      options?: CheckGradientOptions,
    ): MatcherResult | Promise<MatcherResult> {
      const withDiffOf = (result: MatcherResult): MatcherResult => {
        const diff = withDiff && !result.pass ? this?.utils?.diff?.(result.expected, result.actual) : null;
        if (!diff) return result;
        const message = result.message();
        return { ...result, message: () => `${message}\n\nanalytic (received) against numeric (expected):\n${diff}` };
      };
      const result = toHaveCorrectGradient(problem, options);
      return result instanceof Promise ? result.then(withDiffOf) : withDiffOf(result);
    },
  };
}
