import type { Activation } from './activations.js';
import type { Matrix } from './matrix.js';
import type { Forward } from './network.js';

/**
 * The model's part of the roundoff (numeric/roundoff.ts) per entry of Z: M = |y−t|·(|y| + |σ′(z)·z|),
 * how much rounding y and the perturbed z moves ½(y−t)². With shared exponentials z + c·δ is never
 * rounded: e^(−z−c·δ) is a product held to ~2ε, so |σ′(z)·z| becomes 2|σ′(z)|; tanh, as 2σ(2z) − 1,
 * holds y to ε·(1 + |y|). |y − t| is at least ε·|y|: a y rounded onto t still hides a residual that small.
 */
export function rowRounding(
  fw: Forward,
  T: Matrix,
  act: Activation,
  epsilon: number,
  sharedExponentials = false,
): Float64Array {
  const { Z, Y } = fw;
  const m = new Float64Array(Z.data.length);
  const tanhByLogistic = sharedExponentials && act.name === 'tanh';
  for (let k = 0; k < m.length; k++) {
    const z = Z.data[k];
    const y = Y.data[k];
    const residual = Math.max(Math.abs(y - T.data[k]), epsilon * Math.abs(y));
    const value = tanhByLogistic ? 1 + Math.abs(y) : Math.abs(y);
    const argument = sharedExponentials ? 2 : Math.abs(z);
    m[k] = residual * (value + Math.abs(act.exact.derivative(z)) * argument);
  }
  return m;
}

/** |σ′(Z)∘(Y−T)| in float64, |Y − T| ≥ ε·|Y| as in rowRounding: scales complex-step and backward errors. */
export function absOutputDelta(
  fw: Forward,
  T: Matrix,
  act: Activation,
  epsilon: number,
  zSize?: Float64Array,
  slopeFromY = false,
): Float64Array {
  return fw.Z.data.map((z, k) => {
    const y = fw.Y.data[k];
    const slope = act.exact.derivative(z);
    const own = Math.abs(slope) * Math.max(Math.abs(y - T.data[k]), epsilon * Math.abs(y));
    // The forward pass's rounding of z (a few ε of Σ|x·w|, `zSize`) moves δ = (y − t)·σ′ by (σ′² + (y − t)·σ″)·δz:
    // in float32 it can outweigh δ's own rounding (complex-step, whose numeric side is exact, saw it).
    const second = act.curvature.second(z, slope);
    const forward = zSize ? (slope * slope + Math.abs((y - T.data[k]) * second)) * zSize[k] : 0;
    // σ′ taken from y as the backward pass takes it (y(1 − y), 1 − y²) is off by a few ε of |y|, not of σ′: near
    // saturation that is most of δ's error.
    const fromY = slopeFromY ? act.slopeRounding * Math.abs((y - T.data[k]) * y) : 0;
    return own + forward + fromY;
  });
}

/** σ′(Z) in float64, for the saturation test. */
export function derivatives(fw: Forward, act: Activation): Float64Array {
  return fw.Z.data.map((z) => act.exact.derivative(z));
}

/**
 * Complex-step's part of the roundoff: in Im l = (Re y − t)·Im y, Re y − t is off by ε·|y|, so
 * |σ′|·(|y − t| + |y|) a row: a y cancelling against t is not taken for exact.
 */
export function complexRounding(fw: Forward, T: Matrix, act: Activation): Float64Array {
  return fw.Z.data.map((z, k) => {
    const y = fw.Y.data[k];
    return Math.abs(act.exact.derivative(z)) * (Math.abs(y - T.data[k]) + Math.abs(y));
  });
}
