import type { LossDifference } from './difference.js';

/** A finite-difference formula for ∂l/∂wₖ from loss values at w ± multiples of h. */
export interface Scheme {
  readonly name: string;
  /** Order p of the truncation error, O(hᵖ). */
  readonly order: number;
  estimate(diff: LossDifference, k: number, h: number): number;
}

/** (l(w+h) − l(w−h)) / 2h. */
export const central: Scheme = {
  name: 'central',
  order: 2,
  estimate: (diff, k, h) => diff(k, h, -h) / (2 * h),
};

export const SCHEMES = { central } as const;
export type SchemeName = keyof typeof SCHEMES;
export const SCHEME_NAMES = Object.keys(SCHEMES) as SchemeName[];
