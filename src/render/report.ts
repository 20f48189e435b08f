import type { FunctionReport } from '../checks/function.js';
import type { ModelReport } from '../checks/model/options.js';

/** A check's report: of the built-in model, or of a user's function (--module, checkGradient). */
export type Report = ModelReport | FunctionReport;

export const isFunctionReport = (r: Report): r is FunctionReport => r.config.model === 'module';

/** The loss at the unperturbed parameters (½Σ(Y−T)², or the function's value); undefined for a Jacobian check. */
export function lossOf(r: Report): number | undefined {
  return isFunctionReport(r) ? r.loss?.value : r.loss.sumHalf;
}
