import type { Activation } from './activations.js';
import type { Round } from './dtype.js';
import { type Matrix, createMatrix, transpose } from './matrix.js';

/** C = A·B, each product and each partial sum rounded, summed in index order. */
export function matmul(A: Matrix, B: Matrix, r: Round): Matrix {
  const C = createMatrix(A.rows, B.cols);
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < B.cols; j++) {
      let acc = 0;
      for (let k = 0; k < A.cols; k++) acc = r(acc + r(A.data[i * A.cols + k] * B.data[k * B.cols + j]));
      C.data[i * B.cols + j] = acc;
    }
  }
  return C;
}

export interface Forward {
  Z: Matrix;
  Y: Matrix;
}

/** Z = XW, Y = σ(Z). */
export function forward(X: Matrix, W: Matrix, act: Activation, r: Round): Forward {
  const Z = matmul(X, W, r);
  const Y = createMatrix(Z.rows, Z.cols, Z.data.map((z) => act.value(z, r)));
  return { Z, Y };
}

export interface Losses {
  /** l = ½·Σ(Y−T)², the loss that is differentiated (the notebook's loss2). */
  sumHalf: number;
  /** mean of (Y−T)², torch.nn.MSELoss() (the notebook's loss1). */
  mean: number;
}

/** Σ(Y−T)², squared terms summed in row-major order, each step rounded. */
export function sumOfSquares(Y: Matrix, T: Matrix, r: Round): number {
  let acc = 0;
  for (let k = 0; k < Y.data.length; k++) {
    const e = r(Y.data[k] - T.data[k]);
    acc = r(acc + r(e * e));
  }
  return acc;
}

export function losses(Y: Matrix, T: Matrix, r: Round): Losses {
  const s = sumOfSquares(Y, T, r);
  return { sumHalf: r(s / 2), mean: r(s / Y.data.length) };
}

/**
 * The loss as a function of the current contents of X and W, by a complete forward
 * pass that allocates nothing: the black-box function the full numeric mode differences.
 */
export function lossFunction(X: Matrix, W: Matrix, T: Matrix, act: Activation, r: Round): () => number {
  const { rows: n, cols: d } = X;
  const C = W.cols;
  return () => {
    let acc = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < C; j++) {
        let z = 0;
        for (let k = 0; k < d; k++) z = r(z + r(X.data[i * d + k] * W.data[k * C + j]));
        const e = r(act.value(z, r) - T.data[i * C + j]);
        acc = r(acc + r(e * e));
      }
    }
    return r(acc / 2);
  };
}

/** ∂l/∂Z = σ′(Z)∘(Y−T): the error signal the backward pass sends through XW. */
export function outputDelta(fw: Forward, T: Matrix, act: Activation, r: Round): Matrix {
  const { Z, Y } = fw;
  const delta = createMatrix(Z.rows, Z.cols);
  for (let k = 0; k < Z.data.length; k++) {
    delta.data[k] = r(act.slope(Z.data[k], Y.data[k], r) * r(Y.data[k] - T.data[k]));
  }
  return delta;
}

/** ∂l/∂W = Xᵀ·∂l/∂Z, summed over the rows in order. */
export function gradientW(X: Matrix, delta: Matrix, r: Round): Matrix {
  return matmul(transpose(X), delta, r);
}
