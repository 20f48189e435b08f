import { type Round, unrounded } from '../numeric/dtype.js';
import { add, type Complex, complex, div, exp, log1p, mul, neg } from './complex.js';

/**
 * An activation σ, σ′ (from z and y) and σ of complex z (for complex-step), written as torch's operations,
 * every result rounded by `r` to the dtype.
 */
export interface Activation {
  readonly name: string;
  value(z: number, r: Round): number;
  derivative(z: number, y: number, r: Round): number;
  /**
   * How far `derivative`, taken from y in the dtype, is off: in units of ε, relative to |y| (1 − y rounds to ε of 1:
   * y(1 − y) and 1 − y² are off by ε|y|, not ε·σ′); 0 where σ′ is exact or taken from z.
   */
  readonly slopeRounding: number;
  /**
   * σ′(z) and σ(z) − t exact in float64 where the formulas above cancel (Y∘(1−Y), 1 − Y² as Y → 1;
   * Y − t as Y → t): the analytic gradient when not reproducing PyTorch's own arithmetic.
   */
  exact: { derivative(z: number): number; residual(z: number, t: number): number };
  /**
   * σ″ and σ‴ (0 where piecewise linear), for the loss's third derivative the balanced step uses (strips.ts).
   * Given `slope` = exact.derivative(z), which would otherwise cost another exponential.
   */
  curvature: { second(z: number, slope: number): number; third(z: number, slope: number): number };
  complexValue(z: Complex, r: Round): Complex;
  /** Points where σ is not differentiable: a difference across one is not a derivative. */
  readonly kinks: readonly number[];
}

const ONE = complex(1);

/** σ(z) = 1/(1 + e^−z), torch's formula; IEEE-stable: e^−z = ∞ gives σ = 0, never NaN for finite z. */
export function sigmoid(z: number, r: Round = unrounded): number {
  return r(1 / r(1 + r(Math.exp(-z))));
}

/** σ(z) for complex z: e^z/(1 + e^z) when Re z < 0, so that e^(±z) never overflows. */
function complexSigmoid(z: Complex, r: Round): Complex {
  if (z.re >= 0) return div(ONE, add(ONE, exp(neg(z), r), r), r);
  const e = exp(z, r);
  return div(e, add(ONE, e, r), r);
}

/** tanh z = (1 − e^−2z)/(1 + e^−2z) for Re z ≥ 0, and −tanh(−z) otherwise. */
function complexTanh(z: Complex, r: Round): Complex {
  if (z.re < 0) return neg(complexTanh(neg(z), r));
  const e = exp(mul(complex(-2), z, r), r);
  return div(add(ONE, neg(e), r), add(ONE, e, r), r);
}

/** softplus(z) = log(1 + e^z) = z + log(1 + e^−z), the second form when Re z > 0. */
export function softplus(z: number, r: Round = unrounded): number {
  return r(z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));
}

function complexSoftplus(z: Complex, r: Round): Complex {
  return z.re > 0 ? add(z, log1p(exp(neg(z), r), r), r) : log1p(exp(z, r), r);
}

/** e^(−|z|)/(1 + e^(−|z|))²: σ′ with nothing cancelled, for either sign of z. */
function sigmoidDerivative(z: number): number {
  const e = Math.exp(-Math.abs(z));
  return e / ((1 + e) * (1 + e));
}

/** σ(z) − t; for t = 1, −σ(−z), which does not cancel as σ(z) → 1. */
function sigmoidResidual(z: number, t: number): number {
  return t === 1 ? -sigmoid(-z) : sigmoid(z) - t;
}

/** sech² z = 4e^(−2|z|)/(1 + e^(−2|z|))². */
function tanhDerivative(z: number): number {
  const e = Math.exp(-2 * Math.abs(z));
  return (4 * e) / ((1 + e) * (1 + e));
}

/** tanh z − t; for t = ±1 on the same side, ∓2e^(−2|z|)/(1 + e^(−2|z|)), which does not cancel. */
function tanhResidual(z: number, t: number): number {
  if ((t === 1 && z > 0) || (t === -1 && z < 0)) {
    const e = Math.exp(-2 * Math.abs(z));
    return (-t * 2 * e) / (1 + e);
  }
  return Math.tanh(z) - t;
}

/** softplus z − t; for z > 0, (z − t) + log(1 + e^−z), which does not cancel when t is near z. */
function softplusResidual(z: number, t: number): number {
  return z > 0 ? z - t + Math.log1p(Math.exp(-z)) : softplus(z) - t;
}

const flat = { second: () => 0, third: () => 0 };

export const linear: Activation = {
  name: 'linear',
  value: (z) => z,
  derivative: () => 1,
  slopeRounding: 0,
  exact: { derivative: () => 1, residual: (z, t) => z - t },
  curvature: flat,
  complexValue: (z) => z,
  kinks: [],
};

export const logistic: Activation = {
  name: 'sigmoid',
  value: sigmoid,
  // The notebook's Y∘(1−Y).
  derivative: (_z, y, r) => r(y * r(1 - y)),
  slopeRounding: 2,
  exact: { derivative: sigmoidDerivative, residual: sigmoidResidual },
  // σ″ = σ′(1 − 2σ), σ‴ = σ′(1 − 6σ′).
  curvature: {
    second: (z, slope) => slope * (1 - 2 * sigmoid(z)),
    third: (_z, slope) => slope * (1 - 6 * slope),
  },
  complexValue: complexSigmoid,
  kinks: [],
};

export const tanh: Activation = {
  name: 'tanh',
  value: (z, r) => r(Math.tanh(z)),
  derivative: (_z, y, r) => r(1 - r(y * y)),
  slopeRounding: 2,
  exact: { derivative: tanhDerivative, residual: tanhResidual },
  // tanh″ = −2y·tanh′, tanh‴ = tanh′(6y² − 2).
  curvature: {
    second: (z, slope) => -2 * Math.tanh(z) * slope,
    third: (z, slope) => slope * (6 * Math.tanh(z) ** 2 - 2),
  },
  complexValue: complexTanh,
  kinks: [],
};

// biome-ignore lint/complexity/useMathMinMax: Math.max keeps NaN and -0; the check has always mapped both to 0.
const reluValue = (z: number) => (z > 0 ? z : 0);

/** relu′(0) = 0, as torch defines it; 0 is a kink. */
export const relu: Activation = {
  name: 'relu',
  value: reluValue,
  derivative: (z) => (z > 0 ? 1 : 0),
  slopeRounding: 0,
  exact: { derivative: (z) => (z > 0 ? 1 : 0), residual: (z, t) => reluValue(z) - t },
  curvature: flat,
  complexValue: (z) => (z.re > 0 ? z : complex(0)),
  kinks: [0],
};

export const softplusActivation: Activation = {
  name: 'softplus',
  value: softplus,
  derivative: (z, _y, r) => sigmoid(z, r),
  slopeRounding: 0,
  exact: { derivative: (z) => sigmoid(z), residual: softplusResidual },
  // softplus″ = σ′, softplus‴ = σ′(1 − 2σ), its slope being σ.
  curvature: { second: (z) => sigmoidDerivative(z), third: (z, slope) => sigmoidDerivative(z) * (1 - 2 * slope) },
  complexValue: complexSoftplus,
  kinks: [],
};

export const ACTIVATIONS = { linear, sigmoid: logistic, tanh, relu, softplus: softplusActivation } as const;
export type ModelName = keyof typeof ACTIVATIONS;
export const MODEL_NAMES = Object.keys(ACTIVATIONS) as ModelName[];
