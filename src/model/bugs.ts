import type { Activation } from './activations.js';
import type { Round } from './dtype.js';
import { type Matrix, createMatrix, mapMatrix, transpose } from './matrix.js';
import { type Forward, gradientW } from './network.js';

/** Deliberate mistakes in the analytic gradient, so that users can see what each failure looks like. */
export const BUGS = ['sign', 'half', 'double', 'transpose', 'no-activation-derivative'] as const;
export type BugName = (typeof BUGS)[number];

/**
 * An analytic gradient as a typical hand-written mistake would compute it, given the
 * correct one and the same gradient with the chain rule stopped before σ′ (δ = Y − T).
 * `transpose` concerns ∂l/∂W (Xᵀδ written the wrong way round); ∂l/∂X is left alone by it.
 */
export function buggyGradient(bug: BugName, correct: Matrix, withoutSlope: () => Matrix, isW: boolean): Matrix {
  switch (bug) {
    case 'sign': return mapMatrix(correct, (g) => -g);
    case 'half': return mapMatrix(correct, (g) => g / 2);
    case 'double': return mapMatrix(correct, (g) => 2 * g);
    case 'transpose': return isW ? transpose(correct) : correct;
    case 'no-activation-derivative': return withoutSlope();
  }
}

/** ∂l/∂Z with the chain rule stopped before σ′: Y − T. */
export function errorWithoutSlope(fw: Forward, T: Matrix, r: Round): Matrix {
  return createMatrix(fw.Y.rows, fw.Y.cols, fw.Y.data.map((y, k) => r(y - T.data[k])));
}

/** The analytic ∂l/∂W as a typical hand-written mistake would compute it. */
export function buggyGradientW(bug: BugName, correct: Matrix, X: Matrix, fw: Forward, T: Matrix, r: Round): Matrix {
  return buggyGradient(bug, correct, () => gradientW(X, errorWithoutSlope(fw, T, r), r), true);
}

/** Why a bug cannot be shown on a problem, or undefined when it can. */
export function bugInapplicable(bug: BugName, act: Activation, d: number, C: number): string | undefined {
  if (bug === 'transpose' && d !== C) return `--bug transpose needs a square W (d = C), not d = ${d}, C = ${C}`;
  if (bug === 'no-activation-derivative' && act.name === 'linear') return '--bug no-activation-derivative changes nothing for --model linear (σ′ = 1)';
  return undefined;
}
