import type { Activation } from './activations.js';
import { unrounded } from './dtype.js';
import type { Matrix } from './matrix.js';
import type { Forward } from './network.js';

/**
 * The model's part of the roundoff estimate (numeric/roundoff.ts), per entry of Z:
 * M = |y−t|·(|y| + |σ′(z)·z|), how much rounding y and the perturbed z moves ½(y−t)².
 */
export function rowNoise(fw: Forward, T: Matrix, act: Activation): Float64Array {
  const { Z, Y } = fw;
  const m = new Float64Array(Z.data.length);
  for (let k = 0; k < m.length; k++) {
    const z = Z.data[k];
    const y = Y.data[k];
    m[k] = Math.abs(y - T.data[k]) * (Math.abs(y) + Math.abs(act.derivative(z, y, unrounded) * z));
  }
  return m;
}

/** |∂l/∂Z| = |σ′(Z)∘(Y−T)| in float64: what complex-step's few ulps of error are taken of. */
export function absOutputDelta(fw: Forward, T: Matrix, act: Activation): Float64Array {
  return fw.Z.data.map((z, k) => Math.abs(act.derivative(z, fw.Y.data[k], unrounded) * (fw.Y.data[k] - T.data[k])));
}

/** σ′(Z) in float64, for the saturation test. */
export function derivatives(fw: Forward, act: Activation): Float64Array {
  return fw.Z.data.map((z, k) => act.derivative(z, fw.Y.data[k], unrounded));
}
