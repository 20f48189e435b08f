import type { LossProbe } from './difference.js';
import type { Scheme } from './schemes.js';

export interface NumericGradient {
  values: Float64Array;
  steps: Float64Array;
}

/** The scheme applied to every entry, each with its own step. */
export function numericGradient(size: number, probe: LossProbe, scheme: Scheme, stepOf: (k: number) => number): NumericGradient {
  const values = new Float64Array(size);
  const steps = new Float64Array(size);
  for (let k = 0; k < size; k++) {
    const h = stepOf(k);
    steps[k] = h;
    values[k] = scheme.estimate(probe, k, h);
  }
  return { values, steps };
}
