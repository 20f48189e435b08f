import type { ModelName } from '../../model/activations.js';
import type { BugName } from '../../model/bugs.js';
import type { Matrix } from '../../model/matrix.js';
import type { Losses } from '../../model/network.js';
import type { Dtype } from '../../numeric/dtype.js';
import type { Progress } from '../../numeric/gradient.js';
import type { Entry } from '../../pipeline/entry.js';
import type { CheckSummary } from '../../pipeline/summary.js';
import type { Problem, ProblemOptions } from '../../problem/generate.js';
import type { NumericMode, NumericOptions, WrtName } from '../../rules/options.js';
import type { ToolStamp } from '../report.js';

/** Everything that determines a check of a built-in model. */
export interface ModelCheckOptions extends ProblemOptions, NumericOptions {
  model: ModelName;
  dtype: Dtype;
  numeric: NumericMode;
  /** A deliberate mistake in the analytic gradient, or null. */
  bug: BugName | null;
  /** The parameters checked, in this order. */
  wrt: WrtName[];
  /** Whether float32 failures that are all within roundoff are checked again in float64, which then decides. */
  recheck: boolean;
  /**
   * Threads the numeric columns are split over (parallel.ts): a number, or 'auto' (the
   * default), the machine's cores when the columns would take more than about 0.2 s in one
   * and the problem is small enough to copy to each worker. The numbers are the same
   * either way, so it is not part of the report.
   */
  jobs?: number | 'auto';
}

/**
 * Whether the analytic gradient is computed to the last digit (Activation.exact) rather than
 * as PyTorch computes it: always, but where gradcheck reproduces PyTorch (float32, --rng torch).
 */
export function exactAnalytic(opts: Pick<ModelCheckOptions, 'dtype' | 'rng'>): boolean {
  return opts.dtype === 'float64' && opts.rng !== 'torch';
}

/** A float32 check's failing or uninformative entries, checked again in float64. */
export interface Recheck {
  dtype: 'float64';
  entries: Entry[];
  summary: CheckSummary;
}

/** A model check's summary: the verdict is the float64 recheck's when there was one. */
export type ModelSummary = CheckSummary & { recheck: Recheck | null };

/** What the caller may watch, or supply, that is not part of the report's config. */
export interface CheckHooks {
  onProgress?: Progress;
  /** X, W, T given (--input) instead of drawn; the stream is still advanced as if it drew them. */
  inputs?: Problem;
}

/** The options as the report states them: the loss named, the seed as given. */
export type ModelReportConfig = Omit<ModelCheckOptions, 'seed' | 'hidden'> & {
  /** Units of the hidden layer, when there is one. */
  hidden?: number;
  loss: 'sum-half';
  seed: number | string;
  /** X, W, T drawn by the generator, or given (--input); the seed then draws only the sample or the direction. */
  data: 'drawn' | 'given';
};

/** The JSON report, schemaVersion 1 (schema/report.schema.json). */
export interface ModelReport {
  schemaVersion: 1;
  kind: 'check';
  tool: ToolStamp;
  config: ModelReportConfig;
  /** X, W, T; with a hidden layer X, W1, W2, T. */
  inputs:
    | { X: number[][]; W: number[][]; T: number[][] }
    | { X: number[][]; W1: number[][]; W2: number[][]; T: number[][] };
  loss: { sumHalf: number; mean: number };
  entries: Entry[];
  summary: ModelSummary;
}

export interface ModelCheck {
  report: ModelReport;
  problem: Problem;
  Z: Matrix;
  Y: Matrix;
  losses: Losses;
}
