import type { ModelName } from '../../model/activations.js';
import type { BugName } from '../../model/bugs.js';
import type { Matrix } from '../../model/matrix.js';
import type { Losses } from '../../model/network.js';
import type { Dtype } from '../../numeric/dtype.js';
import type { Progress } from '../../numeric/gradient.js';
import type { Entry } from '../../pipeline/entry.js';
import type { CheckSummary } from '../../pipeline/summary.js';
import type { Problem, ProblemOptions } from '../../problem/generate.js';
import type { NumericOptions, ProbeMode, WrtName } from '../../rules/options.js';
import type { ToolStamp } from '../report.js';

/** Everything that determines a check of a built-in model. */
export interface ModelCheckOptions extends ProblemOptions, NumericOptions {
  model: ModelName;
  dtype: Dtype;
  numeric: ProbeMode;
  /** A deliberate mistake in the analytic gradient, or null. */
  bug: BugName | null;
  /** The parameters checked, in this order. */
  wrt: WrtName[];
  /** Whether float32 failures that are all within roundoff are checked again in float64, which then decides. */
  recheck: boolean;
  /**
   * Threads the numeric columns are split over, or 'auto' (default): the cores when the columns are slow enough and
   * the problem small enough to copy to each worker (cost.ts). Not in the report: the numbers are the same either way.
   */
  jobs?: number | 'auto';
}

/** Whether the analytic gradient is exact (Activation.exact): not where we reproduce PyTorch (float32, --rng torch). */
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
