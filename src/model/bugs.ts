import type { Activation } from './activations.js';
import type { Round } from './dtype.js';
import { type Matrix, createMatrix, mapMatrix, transpose } from './matrix.js';
import { type Forward, gradientW } from './network.js';

/** Deliberate mistakes in the analytic gradient, so that users can see what each failure looks like. */
export const BUGS = ['sign', 'half', 'double', 'transpose', 'no-activation-derivative'] as const;
export type BugName = (typeof BUGS)[number];

/** The analytic ∂l/∂W as a typical hand-written mistake would compute it. */
export function buggyGradientW(bug: BugName, correct: Matrix, X: Matrix, fw: Forward, T: Matrix, r: Round): Matrix {
  switch (bug) {
    case 'sign': return mapMatrix(correct, (g) => -g);
    case 'half': return mapMatrix(correct, (g) => g / 2);
    case 'double': return mapMatrix(correct, (g) => 2 * g);
    case 'transpose': return transpose(correct);
    case 'no-activation-derivative': {
      // Xᵀ(Y − T): the chain rule stopped before σ′.
      const error = createMatrix(fw.Y.rows, fw.Y.cols, fw.Y.data.map((y, k) => r(y - T.data[k])));
      return gradientW(X, error, r);
    }
  }
}

/** Why a bug cannot be shown on a problem, or undefined when it can. */
export function bugInapplicable(bug: BugName, act: Activation, d: number, C: number): string | undefined {
  if (bug === 'transpose' && d !== C) return `--bug transpose needs a square W (d = C), not d = ${d}, C = ${C}`;
  if (bug === 'no-activation-derivative' && act.name === 'linear') return '--bug no-activation-derivative changes nothing for --model linear (σ′ = 1)';
  return undefined;
}
