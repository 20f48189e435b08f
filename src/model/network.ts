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

/** ∂l/∂Z = σ′(Z)∘(Y−T) in absolute value, in float64: the size of each row's part of the gradient. */
export function absOutputDelta(fw: Forward, T: Matrix, act: Activation): Float64Array {
  return fw.Z.data.map((z, k) => Math.abs(act.slope(z, fw.Y.data[k], (x) => x) * (fw.Y.data[k] - T.data[k])));
}

/** Entries of W all of whose moved rows sit where σ′(z) < threshold: the activation is saturated there. */
export function saturatedW(X: Matrix, fw: Forward, act: Activation, threshold = 1e-6): boolean[] {
  const { rows: n, cols: d } = X;
  const C = fw.Z.cols;
  const out: boolean[] = [];
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < C; j++) {
      let saturated = true;
      let moved = false;
      for (let m = 0; m < n && saturated; m++) {
        if (X.data[m * d + i] === 0) continue;
        moved = true;
        const k = m * C + j;
        if (act.slope(fw.Z.data[k], fw.Y.data[k], (x) => x) >= threshold) saturated = false;
      }
      out.push(moved && saturated);
    }
  }
  return out;
}
