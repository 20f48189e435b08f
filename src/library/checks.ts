import {
  type CheckGradientOptions,
  checkGradient as checkFunction,
  type FunctionReport,
  type GradientProblem,
} from '../checks/function.js';
import { checkModel as checkBuiltIn } from '../checks/model/check.js';
import type { CheckHooks, ModelCheck, ModelCheckOptions } from '../checks/model/options.js';
import type { ParameterSet } from '../checks/parameters.js';
import { ContractError } from '../checks/parameters.js';
import {
  checkJvp as checkForward,
  checkHvp as checkHessian,
  checkVjp as checkReverse,
  type HessianProblem,
  type JacobianProblem,
} from '../checks/rules.js';
import { explainReport } from '../render/diagnosis.js';
import { gradientOptions, modelOptions } from './options.js';
import { LIBRARY_WORDS } from './words.js';

/**
 * Checks a gradient against finite differences of the loss (every leaf, a sample, or a direction): the report of
 * `gradcheck --module … --json`, in the library's words. Throws ContractError on a broken contract.
 */
export function checkGradient<P extends ParameterSet<P>>(
  problem: GradientProblem<P>,
  options: CheckGradientOptions = {},
): FunctionReport {
  try {
    return explainReport(checkFunction(problem, gradientOptions(options)), LIBRARY_WORDS);
  } catch (e) {
    if (e instanceof ContractError && / returned a Promise/.test(e.message))
      throw new ContractError(`${e.message}; or use checkGradientAsync, which awaits it`, { cause: e });
    throw e;
  }
}

/** The built-in check of Y = σ(XW), l = ½Σ(Y−T)², as `gradcheck` runs it, with its defaults (MODEL_DEFAULTS). */
export function checkModel(options: Partial<ModelCheckOptions> = {}, hooks: CheckHooks = {}): ModelCheck {
  const check = checkBuiltIn(modelOptions(options), hooks);
  return { ...check, report: explainReport(check.report, LIBRARY_WORDS) };
}

/**
 * Checks a hand-written vjp against differences of `output`: a Jacobian of up to 10⁵ entries whole (row i from the
 * i-th basis cotangent), else 4 random cotangents. Same report as checkGradient, rule 'vjp'.
 */
export function checkVjp<P extends ParameterSet<P>>(
  problem: JacobianProblem<P>,
  options: CheckGradientOptions = {},
): FunctionReport {
  return explainReport(checkReverse(problem, gradientOptions(options, 'checkVjp')), LIBRARY_WORDS);
}

/** Checks a hand-written jvp the same way, column j from the j-th basis tangent. Rule 'jvp'. */
export function checkJvp<P extends ParameterSet<P>>(
  problem: JacobianProblem<P>,
  options: CheckGradientOptions = {},
): FunctionReport {
  return explainReport(checkForward(problem, gradientOptions(options, 'checkJvp')), LIBRARY_WORDS);
}

/** Checks a hand-written hvp against differences of `gradient` (a right hvp needs a right gradient). Rule 'hvp'. */
export function checkHvp<P extends ParameterSet<P>>(
  problem: HessianProblem<P>,
  options: CheckGradientOptions = {},
): FunctionReport {
  return explainReport(checkHessian(problem, gradientOptions(options, 'checkHvp')), LIBRARY_WORDS);
}
