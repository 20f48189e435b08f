import type { Round } from './dtype.js';

/**
 * An elementwise activation y = σ(z) and its slope σ′(z) (from z and y), each written
 * as the operations torch performs, every result rounded by `r` to the dtype.
 */
export interface Activation {
  readonly name: string;
  value(z: number, r: Round): number;
  slope(z: number, y: number, r: Round): number;
}

const exact: Round = (x) => x;

/**
 * σ(z) = 1/(1 + e^−z), torch's own formula. It is stable in IEEE arithmetic: for
 * z ≪ 0, e^−z becomes ∞ and σ exactly 0; for z ≫ 0, σ is 1; never NaN for a finite z.
 */
export function sigmoid(z: number, r: Round = exact): number {
  return r(1 / r(1 + r(Math.exp(-z))));
}

export const linear: Activation = {
  name: 'linear',
  value: (z) => z,
  slope: () => 1,
};

export const logistic: Activation = {
  name: 'sigmoid',
  value: sigmoid,
  // The notebook's Y∘(1−Y).
  slope: (_z, y, r) => r(y * r(1 - y)),
};

export const ACTIVATIONS = { linear, sigmoid: logistic } as const;
export type ModelName = keyof typeof ACTIVATIONS;
export const MODEL_NAMES = Object.keys(ACTIVATIONS) as ModelName[];
