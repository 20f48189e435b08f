import type { SchemeName } from '../numeric/schemes.js';
import type { StepRule } from '../numeric/steps.js';
import type { Tolerance } from './compare.js';

/**
 * How a gradient is checked, whatever it is the gradient of: the options every check
 * shares, spelled the same in the library, the report config and (as flags) the CLI.
 */
export interface NumericOptions extends Tolerance {
  scheme: SchemeName;
  /** 'auto' (a step per entry) or a fixed step. */
  eps: StepRule;
  /** Check only this many entries, spread by the seeded generator; null for all. */
  sample: number | null;
  /** One random direction instead of every entry (torch's fast mode). */
  fast: boolean;
}

export const DEFAULT_NUMERIC_OPTIONS: Readonly<NumericOptions> = {
  scheme: 'central',
  eps: 'auto',
  atol: 1e-5,
  rtol: 1e-3,
  sample: null,
  fast: false,
};
