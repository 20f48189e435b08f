import type { LossProbe } from './probe.js';
import type { Scheme } from './schemes.js';

export interface NumericGradient {
  values: Float64Array;
  steps: Float64Array;
}

/** Called now and then with how many entries are done. */
export type Progress = (done: number, total: number) => void;

/** Every flat position 0 … size−1. */
export function allIndices(size: number): Uint32Array {
  const indices = new Uint32Array(size);
  for (let k = 0; k < size; k++) indices[k] = k;
  return indices;
}

/** The scheme at each of `indices` with its own step, written to `out` from `at` (a worker's share). */
export function numericGradient(
  indices: Uint32Array,
  probe: LossProbe,
  scheme: Scheme,
  stepOf: (k: number, e: number) => number,
  onProgress?: Progress,
  out: NumericGradient = { values: new Float64Array(indices.length), steps: new Float64Array(indices.length) },
  at = 0,
): NumericGradient {
  const { values, steps } = out;
  const every = Math.max(1, Math.floor(indices.length / 200));
  for (let e = 0; e < indices.length; e++) {
    const k = indices[e];
    const h = stepOf(k, e);
    steps[at + e] = h;
    values[at + e] = scheme.estimate(probe, k, h);
    if (onProgress && e % every === 0) onProgress(e, indices.length);
  }
  onProgress?.(indices.length, indices.length);
  return out;
}
