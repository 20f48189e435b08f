import type { Round } from '../numeric/dtype.js';
import type { Activation } from './activations.js';
import { complex } from './complex.js';
import { createMatrix, type Matrix, transpose } from './matrix.js';
import { matmul, sumOfSquares } from './network.js';

/**
 * The notebook's next lecture: one hidden layer of k units.
 *
 *   forward                     backward (l = ½Σ(Y−T)²)
 *   Z₁ = X·W₁    (n×k)          ∂l/∂W₁ = Xᵀ·δ₁,   ∂l/∂X = δ₁·W₁ᵀ
 *   A  = σ(Z₁)                  δ₁ = σ′(Z₁)∘(δ₂·W₂ᵀ)
 *   Z₂ = A·W₂    (n×C)          ∂l/∂W₂ = Aᵀ·δ₂
 *   Y  = σ(Z₂)                  δ₂ = σ′(Z₂)∘(Y − T)
 */
export interface HiddenForward {
  Z1: Matrix;
  A: Matrix;
  Z2: Matrix;
  Y: Matrix;
}

const activate = (Z: Matrix, act: Activation, r: Round) =>
  createMatrix(
    Z.rows,
    Z.cols,
    Z.data.map((z) => act.value(z, r)),
  );

export function hiddenForward(X: Matrix, W1: Matrix, W2: Matrix, act: Activation, r: Round): HiddenForward {
  const Z1 = matmul(X, W1, r);
  const A = activate(Z1, act, r);
  const Z2 = matmul(A, W2, r);
  return { Z1, A, Z2, Y: activate(Z2, act, r) };
}

/** ½Σ(Y−T)² by one forward pass through both layers. */
export function hiddenLoss(X: Matrix, W1: Matrix, W2: Matrix, T: Matrix, act: Activation, r: Round): number {
  return r(sumOfSquares(hiddenForward(X, W1, W2, act, r).Y, T, r) / 2);
}

/** σ′(Z)∘G, σ′ as the activation computes it from Z and σ(Z) (`exact`: to the last digit), or dropped. */
function throughDerivative(
  Z: Matrix,
  S: Matrix,
  G: Matrix,
  act: Activation,
  r: Round,
  exact: boolean,
  dropped: boolean,
): Matrix {
  return createMatrix(
    Z.rows,
    Z.cols,
    G.data.map((g, k) => {
      if (dropped) return g;
      return exact ? act.exact.derivative(Z.data[k]) * g : r(act.derivative(Z.data[k], S.data[k], r) * g);
    }),
  );
}

/** Which layer's σ′ a hand-written backward pass forgets (a deliberate bug). */
export interface DroppedDerivatives {
  output?: boolean;
  hidden?: boolean;
}

/** The backward pass: δ₂, δ₁ and the three gradients, each made when asked. */
export function hiddenBackward(
  X: Matrix,
  W1: Matrix,
  W2: Matrix,
  T: Matrix,
  fw: HiddenForward,
  act: Activation,
  r: Round,
  exact: boolean,
  dropped: DroppedDerivatives = {},
) {
  const residual = createMatrix(
    T.rows,
    T.cols,
    fw.Y.data.map((y, k) =>
      exact && !dropped.output ? act.exact.residual(fw.Z2.data[k], T.data[k]) : r(y - T.data[k]),
    ),
  );
  const delta2 = throughDerivative(fw.Z2, fw.Y, residual, act, r, exact, dropped.output === true);
  const delta1 = throughDerivative(
    fw.Z1,
    fw.A,
    matmul(delta2, transpose(W2), r),
    act,
    r,
    exact,
    dropped.hidden === true,
  );
  return {
    W1: () => matmul(transpose(X), delta1, r),
    W2: () => matmul(transpose(fw.A), delta2, r),
    X: () => matmul(delta1, transpose(W1), r),
    delta1,
    delta2,
  };
}

/**
 * Im l for X + i·VX, W₁ + i·VW₁, W₂ + i·VW₂ to first order in V: Im Z₁ = VX·W₁ + X·VW₁,
 * A = σ(Z₁), Im Z₂ = Im A·W₂ + Re A·VW₂, Im ½(y − t)² = (Re y − t)·Im y.
 */
export function imaginaryHiddenLoss(
  X: Matrix,
  W1: Matrix,
  W2: Matrix,
  T: Matrix,
  act: Activation,
  r: Round,
  V: { X?: Float64Array; W1?: Float64Array; W2?: Float64Array },
): number {
  const fw = hiddenForward(X, W1, W2, act, r);
  const im1 = createMatrix(X.rows, W1.cols);
  if (V.W1) im1.data.set(matmul(X, createMatrix(W1.rows, W1.cols, V.W1), r).data);
  if (V.X) {
    const more = matmul(createMatrix(X.rows, X.cols, V.X), W1, r).data;
    for (let k = 0; k < more.length; k++) im1.data[k] = r(im1.data[k] + more[k]);
  }
  const imA = createMatrix(
    fw.A.rows,
    fw.A.cols,
    Float64Array.from(fw.Z1.data, (z, k) => act.complexValue(complex(z, im1.data[k]), r).im),
  );
  const im2 = matmul(imA, W2, r);
  if (V.W2) {
    const more = matmul(fw.A, createMatrix(W2.rows, W2.cols, V.W2), r).data;
    for (let k = 0; k < more.length; k++) im2.data[k] = r(im2.data[k] + more[k]);
  }
  let acc = 0;
  for (let k = 0; k < fw.Z2.data.length; k++) {
    const y = act.complexValue(complex(fw.Z2.data[k], im2.data[k]), r);
    acc = r(acc + r(r(y.re - T.data[k]) * y.im));
  }
  return acc;
}
