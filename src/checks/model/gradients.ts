import { ACTIVATIONS } from '../../model/activations.js';
import { buggyEntry, buggyGradient, errorWithoutDerivative } from '../../model/bugs.js';
import type { Matrix } from '../../model/matrix.js';
import { type Forward, gradientW, gradientX, outputDelta, productEntry } from '../../model/network.js';
import { roundingFor } from '../../numeric/dtype.js';
import type { Problem } from '../../problem/generate.js';
import { exactAnalytic, type ModelCheckOptions } from './options.js';

/** A parameter's analytic gradient and the same with σ′ dropped, entry by entry. */
export interface Gradients {
  analytic: ArrayLike<number>;
  withoutDerivative?: ArrayLike<number>;
}

/**
 * Each checked parameter's analytic gradient (bug applied) and the same with σ′ dropped, the wrong one a check must
 * tell apart. Each made only when asked (∂l/∂X costs a forward pass); a sample computes only its entries.
 */
export function analyticGradients(
  opts: ModelCheckOptions,
  problem: Problem,
  fw: Forward,
  Xt: () => Matrix,
): Record<'W' | 'X', () => Gradients> {
  const { X, W, T } = problem;
  const r = roundingFor(opts.dtype);
  const delta = outputDelta(fw, T, ACTIVATIONS[opts.model], r, exactAnalytic(opts));
  let plain: Matrix | undefined;
  const error = () => (plain ??= errorWithoutDerivative(fw, T, r));
  if (opts.sample !== null && !opts.fast) return sampledGradients(opts, problem, delta, error);
  const hasDerivative = opts.model !== 'linear';
  const gradient = (correct: Matrix, withoutDerivative: () => Matrix, isW: boolean) => ({
    analytic: (opts.bug ? buggyGradient(opts.bug, correct, withoutDerivative, isW) : correct).data,
    withoutDerivative: hasDerivative ? withoutDerivative().data : undefined,
  });
  return {
    W: () => gradient(gradientW(X, delta, r, Xt()), () => gradientW(X, error(), r, Xt()), true),
    X: () => gradient(gradientX(delta, W, r), () => gradientX(error(), W, r), false),
  };
}

/** A sample's gradients, each entry made when first read and summed as the whole product sums it: the same number. */
function sampledGradients(
  opts: ModelCheckOptions,
  { X, W }: Problem,
  delta: Matrix,
  error: () => Matrix,
): Record<'W' | 'X', () => Gradients> {
  const r = roundingFor(opts.dtype);
  const [n, d, C] = [X.rows, X.cols, W.cols];
  // ∂l/∂W[i,j] = Σ_r X[r,i]·δ[r,j] (gradientW's Xᵀδ); ∂l/∂X[r,i] = Σ_j δ[r,j]·W[i,j] (gradientX's δWᵀ).
  const ofW = (g: () => Matrix) => (k: number) =>
    productEntry(
      n,
      (m) => X.data[m * d + Math.floor(k / C)],
      (m) => g().data[m * C + (k % C)],
      r,
    );
  const ofX = (g: () => Matrix) => (k: number) =>
    productEntry(
      C,
      (m) => g().data[Math.floor(k / d) * C + m],
      (m) => W.data[(k % d) * C + m],
      r,
    );
  const gradient = (size: number, of: (g: () => Matrix) => (k: number) => number, isW: boolean): Gradients => {
    const correct = of(() => delta);
    const without = of(error);
    const { bug } = opts;
    const bugged = bug ? (k: number) => buggyEntry(bug, k, correct, without, isW ? { cols: C } : undefined) : correct;
    return {
      analytic: entryByEntry(size, bugged),
      withoutDerivative: opts.model === 'linear' ? undefined : entryByEntry(size, without),
    };
  };
  return { W: () => gradient(d * C, ofW, true), X: () => gradient(n * d, ofX, false) };
}

/** An array-like whose entry k is f(k), computed when first read and remembered. */
function entryByEntry(size: number, f: (k: number) => number): ArrayLike<number> {
  const known = new Map<number, number>();
  return new Proxy({ length: size } as ArrayLike<number>, {
    get(target, key) {
      if (typeof key !== 'string' || !/^\d+$/.test(key)) return Reflect.get(target, key);
      const k = Number(key);
      let value = known.get(k);
      if (value === undefined) {
        value = f(k);
        known.set(k, value);
      }
      return value;
    },
  });
}
