/**
 * gradcheck as a library, e.g. in a test suite:
 *   assertGradient({ parameters: { w: [1, 2] }, loss: (p) => …, gradient: (p) => ({ w: […] }) });
 * Reports are those of `gradcheck … --json`; diagnoses name this library's options, not the command line's flags.
 */

export type { CheckGradientOptions, FunctionReport, GradientProblem } from './checks/function.js';
export type { ModelCheckOptions, ModelReport, ModelReport as CheckReport } from './checks/model/options.js';
export type { Nested, Parameters } from './checks/parameters.js';
export { ContractError } from './checks/parameters.js';
export type { HessianProblem, JacobianProblem } from './checks/rules.js';
export { assertGradient, failureMessage } from './library/assert.js';
export { type AsyncGradientProblem, checkGradientAsync } from './library/async.js';
export { checkGradient, checkHvp, checkJvp, checkModel, checkVjp } from './library/checks.js';
export { MODEL_DEFAULTS, OptionError } from './library/options.js';
export type { Diagnosis, DiagnosisCode } from './pipeline/diagnose.js';
export type { Entry, Summary } from './pipeline/entry.js';
export type { Remedy } from './pipeline/remedies.js';
export { type HtmlSubject, renderHtml } from './render/html/page.js';
export { renderJson } from './render/json.js';
export type { Report } from './render/report.js';
export type { NumericOptions, Rule } from './rules/options.js';
export { DEFAULT_NUMERIC_OPTIONS } from './rules/options.js';
export { TOOL } from './version.js';
