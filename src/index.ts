/**
 * gradcheck as a library. Check a hand-written gradient inside a test suite:
 *
 *   import { assertGradient } from 'gradcheck';
 *   assertGradient({ parameters: { w: [1, 2] }, loss: (p) => …, gradient: (p) => ({ w: […] }) });
 *
 * checkGradient returns the same report as `gradcheck --module … --json`; checkModel runs
 * the built-in Y = σ(XW) check that the command line runs.
 */
export { assertGradient, failureMessage } from './assert.js';
export { checkGradient } from './function-check.js';
export type { CheckGradientOptions, FunctionReport, GradientProblem } from './function-check.js';
export { ContractError } from './problem/parameters.js';
export type { Nested, Parameters } from './problem/parameters.js';
export { checkModel } from './run.js';
export type { CheckReport, ModelCheckOptions } from './run.js';
export type { Report } from './reports.js';
export type { Entry, Summary } from './check/report.js';
export type { Diagnosis, DiagnosisCode } from './check/diagnose.js';
export { renderJson } from './report/json.js';
export { TOOL } from './version.js';
