import type { Round } from '../numeric/dtype.js';
import type { Activation } from './activations.js';
import { createMatrix, type Matrix } from './matrix.js';
import { type Forward, gradientW } from './network.js';

/** Deliberate mistakes in the analytic gradient, so that users can see what each failure looks like. */
export const BUGS = ['sign', 'half', 'double', 'transpose', 'no-activation-derivative'] as const;
export type BugName = (typeof BUGS)[number];

/** The mistakes made entry by entry, which apply to any gradient (a user's function too). */
export const ELEMENTWISE_BUGS = {
  sign: (g: number) => -g,
  half: (g: number) => g / 2,
  double: (g: number) => 2 * g,
} as const;
export type ElementwiseBug = keyof typeof ELEMENTWISE_BUGS;

/**
 * The gradient with a bug, from the correct one and the one stopped before σ′ (δ = Y − T), by buggyEntry.
 * `transpose` only affects a square ∂l/∂W (Xᵀδ the wrong way round).
 */
export function buggyGradient(bug: BugName, correct: Matrix, withoutDerivative: () => Matrix, isW: boolean): Matrix {
  const without = bug === 'no-activation-derivative' ? withoutDerivative().data : correct.data;
  const transposable = isW ? { cols: correct.cols } : undefined;
  const buggy = createMatrix(correct.rows, correct.cols);
  for (let k = 0; k < buggy.data.length; k++)
    buggy.data[k] = buggyEntry(
      bug,
      k,
      (i) => correct.data[i],
      (i) => without[i],
      transposable,
    );
  return buggy;
}

/** Entry k of buggyGradient, for a sample reading entries alone. `cols`: a square ∂l/∂W's, for transpose. */
export function buggyEntry(
  bug: BugName,
  k: number,
  correct: (k: number) => number,
  withoutDerivative: (k: number) => number,
  transposable: { cols: number } | undefined,
): number {
  switch (bug) {
    case 'sign':
    case 'half':
    case 'double':
      return ELEMENTWISE_BUGS[bug](correct(k));
    case 'transpose':
      return transposable
        ? correct((k % transposable.cols) * transposable.cols + Math.floor(k / transposable.cols))
        : correct(k);
    case 'no-activation-derivative':
      return withoutDerivative(k);
  }
}

/** ∂l/∂Z with the chain rule stopped before σ′: Y − T. */
export function errorWithoutDerivative(fw: Forward, T: Matrix, r: Round): Matrix {
  return createMatrix(
    fw.Y.rows,
    fw.Y.cols,
    fw.Y.data.map((y, k) => r(y - T.data[k])),
  );
}

/** The analytic ∂l/∂W as a typical hand-written mistake would compute it. */
export function buggyGradientW(bug: BugName, correct: Matrix, X: Matrix, fw: Forward, T: Matrix, r: Round): Matrix {
  return buggyGradient(bug, correct, () => gradientW(X, errorWithoutDerivative(fw, T, r), r), true);
}

/** Why a bug cannot be shown on a problem: W is not square, or σ′ = 1 already; undefined when it can. */
export type InapplicableBug = 'needs-square-W' | 'no-derivative-to-drop';

export function inapplicableBug(bug: BugName, act: Activation, d: number, C: number): InapplicableBug | undefined {
  if (bug === 'transpose' && d !== C) return 'needs-square-W';
  if (bug === 'no-activation-derivative' && act.name === 'linear') return 'no-derivative-to-drop';
  return undefined;
}
