import type { Scheme } from './schemes.js';

/** The step complex-step differentiation uses: far below any roundoff, since nothing is subtracted. */
export const COMPLEX_STEP = 1e-20;

/** `auto` (a step per entry) or a fixed step. */
export type StepRule = 'auto' | number;

/** The step the theory predicts for a scheme and dtype, for a weight of size ≤ 1: ε^(1/(p+1)). */
export function predictedStep(scheme: Scheme, epsilon: number): number {
  return scheme.subtracts ? epsilon ** (1 / (scheme.order + 1)) : COMPLEX_STEP;
}

/**
 * The step that balances truncation (≈ hᵖ) against roundoff (≈ ε/h) for a scheme of
 * order p: h = ε^(1/(p+1))·max(1, |w|), rounded to a power of two so that w ± h is
 * exact for the w's gradcheck draws (and most others).
 */
export function autoStep(w: number, scheme: Scheme, epsilon: number): number {
  if (!scheme.subtracts) return COMPLEX_STEP;
  const h = predictedStep(scheme, epsilon) * Math.max(1, Math.abs(w));
  return 2 ** Math.round(Math.log2(h));
}

export function stepFor(rule: StepRule, w: number, scheme: Scheme, epsilon: number): number {
  return rule === 'auto' ? autoStep(w, scheme, epsilon) : rule;
}
