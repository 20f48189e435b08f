import type { Round } from './dtype.js';

/**
 * An elementwise activation y = σ(z). `value` is one operation (rounded once in
 * float32, as torch's elementwise kernels are); `slope` is σ′(z) built from z and
 * y with every arithmetic step rounded, as the notebook writes it (Y∘(1−Y)).
 */
export interface Activation {
  readonly name: string;
  value(z: number): number;
  slope(z: number, y: number, r: Round): number;
}

/** σ(z) = 1/(1+e^−z), written so that e^x never overflows: no NaN for any finite z. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

export const linear: Activation = {
  name: 'linear',
  value: (z) => z,
  slope: () => 1,
};

export const logistic: Activation = {
  name: 'sigmoid',
  value: sigmoid,
  slope: (_z, y, r) => r(y * r(1 - y)),
};

export const ACTIVATIONS = { linear, sigmoid: logistic } as const;
export type ModelName = keyof typeof ACTIVATIONS;
export const MODEL_NAMES = Object.keys(ACTIVATIONS) as ModelName[];
