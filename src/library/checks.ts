import {
  type CheckGradientOptions,
  checkGradient as checkFunction,
  type FunctionReport,
  type GradientProblem,
} from '../checks/function.js';
import { type CheckHooks, checkModel as checkBuiltIn, type ModelCheck, type ModelCheckOptions } from '../checks/model.js';
import type { Parameters } from '../checks/parameters.js';
import { explainReport } from '../render/diagnosis.js';
import { LIBRARY_WORDS } from './words.js';

/**
 * Checks a user's gradient against finite differences of their loss: every leaf number
 * of every parameter, or a sample, or one direction. Returns the report that
 * `gradcheck --module … --json` writes, its diagnosis in the library's words.
 * Throws ContractError when the functions break their contract.
 */
export function checkGradient<P extends Parameters>(problem: GradientProblem<P>, options: CheckGradientOptions = {}): FunctionReport {
  return explainReport(checkFunction(problem, options), LIBRARY_WORDS);
}

/** The built-in check of Y = σ(XW), l = ½Σ(Y−T)², as `gradcheck` runs it, its diagnosis in the library's words. */
export function checkModel(options: ModelCheckOptions, hooks: CheckHooks = {}): ModelCheck {
  const check = checkBuiltIn(options, hooks);
  return { ...check, report: explainReport(check.report, LIBRARY_WORDS) };
}
