import type { FunctionReport } from './function-check.js';
import type { CheckReport } from './run.js';

/** A check's report: of the built-in model, or of a user's function (--module, checkGradient). */
export type Report = CheckReport | FunctionReport;

export const isFunctionReport = (r: Report): r is FunctionReport => r.config.model === 'module';

/** The loss at the unperturbed parameters: ½Σ(Y−T)² for the model, the function's value otherwise. */
export function lossOf(r: Report): number {
  return isFunctionReport(r) ? r.loss.value : r.loss.sumHalf;
}
