import type { LossProbe } from './probe.js';

/** A formula for ∂l/∂wₖ from loss values near w. */
export interface Scheme {
  readonly name: string;
  /** Order p of the truncation error, O(hᵖ). */
  readonly order: number;
  /** Whether it subtracts loss values, so trading truncation against roundoff (all but complex-step). */
  readonly subtracts: boolean;
  /** How much it magnifies the losses' rounding: Σ|coefficient|·h, relative to central's 1. */
  readonly roundoffGain: number;
  /** The largest multiple of h it moves w by. */
  readonly reach: number;
  /** Loss values an entry costs (a complex one ≈ 4 real): its running time is proportional to it. */
  readonly lossValues: number;
  estimate(probe: LossProbe, k: number, h: number): number;
}

const centralQuotient = (p: LossProbe, k: number, h: number) => p.difference(k, h, -h) / (2 * h);

/** (l(w+h) − l(w−h)) / 2h. */
export const central: Scheme = {
  name: 'central',
  order: 2,
  subtracts: true,
  roundoffGain: 1,
  reach: 1,
  lossValues: 2,
  estimate: centralQuotient,
};

/** (l(w+h) − l(w)) / h. */
export const forwardDifference: Scheme = {
  name: 'forward',
  order: 1,
  subtracts: true,
  roundoffGain: 2,
  reach: 1,
  lossValues: 2,
  estimate: (p, k, h) => p.difference(k, h, 0) / h,
};

/** (l(w) − l(w−h)) / h. */
export const backwardDifference: Scheme = {
  name: 'backward',
  order: 1,
  subtracts: true,
  roundoffGain: 2,
  reach: 1,
  lossValues: 2,
  estimate: (p, k, h) => p.difference(k, 0, -h) / h,
};

/** (−l(w+2h) + 8l(w+h) − 8l(w−h) + l(w−2h)) / 12h. */
export const fivePoint: Scheme = {
  name: 'five-point',
  order: 4,
  subtracts: true,
  roundoffGain: 1.5,
  reach: 2,
  lossValues: 4,
  estimate: (p, k, h) => (8 * p.difference(k, h, -h) - p.difference(k, 2 * h, -2 * h)) / (12 * h),
};

/** Central at h and h/2, extrapolated: (4·c(h/2) − c(h)) / 3 cancels the h² term. */
export const richardson: Scheme = {
  name: 'richardson',
  order: 4,
  subtracts: true,
  roundoffGain: 3,
  reach: 1,
  lossValues: 4,
  estimate: (p, k, h) => (4 * centralQuotient(p, k, h / 2) - centralQuotient(p, k, h)) / 3,
};

/** Im l(w + ih) / h: no subtraction, so h can be tiny (1e-20) and the result exact to roundoff. */
export const complexStep: Scheme = {
  name: 'complex-step',
  order: 2,
  subtracts: false,
  roundoffGain: 0,
  reach: 0,
  lossValues: 4,
  estimate: (p, k, h) => p.imaginary(k, h) / h,
};

export const SCHEMES = {
  central,
  forward: forwardDifference,
  backward: backwardDifference,
  'five-point': fivePoint,
  richardson,
  'complex-step': complexStep,
} as const;
export type SchemeName = keyof typeof SCHEMES;
export const SCHEME_NAMES = Object.keys(SCHEMES) as SchemeName[];
