import { type Round, unrounded } from '../numeric/dtype.js';
import type { Activation } from './activations.js';
import { createMatrix, type Matrix, transpose } from './matrix.js';

/** A·B, each product and partial sum rounded, summed over k in index order; loops i, k, j read B and C by rows. */
export function matmul(A: Matrix, B: Matrix, r: Round): Matrix {
  if (r === unrounded) return matmul64(A, B);
  const C = createMatrix(A.rows, B.cols);
  const m = B.cols;
  const [a, b, c] = [A.data, B.data, C.data];
  for (let i = 0; i < A.rows; i++) {
    const row = i * m;
    for (let k = 0; k < A.cols; k++) {
      const x = a[i * A.cols + k];
      if (x === 0) continue; // 0·b is an exact 0 for the finite b that inputs are
      const bRow = k * m;
      for (let j = 0; j < m; j++) c[row + j] = r(c[row + j] + r(x * b[bRow + j]));
    }
  }
  return C;
}

/**
 * float64 A·B with the same sums (over k in index order from +0). Two rows of A by four columns of B in
 * registers: eight independent chains (four rows spill). A 0·b is not skipped: from +0, adding 0 changes no sum.
 */
function matmul64(A: Matrix, B: Matrix): Matrix {
  const C = createMatrix(A.rows, B.cols);
  const [n, K, m] = [A.rows, A.cols, B.cols];
  const [a, b, c] = [A.data, B.data, C.data];
  let i = 0;
  for (; i + 2 <= n; i += 2) rowPair(a, i * K, K, b, m, c, i * m);
  if (i < n) for (let j = 0; j < m; j++) c[i * m + j] = columnDot(a, i * K, b, j, K, m);
  return C;
}

/**
 * Rows r0/K and r0/K + 1 of A·B into c[o …] and c[o + m …]. A function of its own: otherwise V8 threw away
 * the loops' on-stack compilation at the odd last row, and every next product began uncompiled. The same
 * 2×4 register block as strip-sums.ts dots2x4, kept apart: one kernel with strides for both was 10–30% slower.
 */
function rowPair(a: Float64Array, r0: number, K: number, b: Float64Array, m: number, c: Float64Array, o: number): void {
  const r1 = r0 + K;
  let j = 0;
  for (; j + 4 <= m; j += 4) {
    // Eight lets and plain consts, not arrays: code not yet optimized would make an array a step.
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let t0 = 0;
    let t1 = 0;
    let t2 = 0;
    let t3 = 0;
    for (let k = 0, bk = j; k < K; k++, bk += m) {
      const x = a[r0 + k];
      const y = a[r1 + k];
      const b0 = b[bk];
      const b1 = b[bk + 1];
      const b2 = b[bk + 2];
      const b3 = b[bk + 3];
      s0 += x * b0;
      s1 += x * b1;
      s2 += x * b2;
      s3 += x * b3;
      t0 += y * b0;
      t1 += y * b1;
      t2 += y * b2;
      t3 += y * b3;
    }
    const p = o + j;
    const q = p + m;
    c[p] = s0;
    c[p + 1] = s1;
    c[p + 2] = s2;
    c[p + 3] = s3;
    c[q] = t0;
    c[q + 1] = t1;
    c[q + 2] = t2;
    c[q + 3] = t3;
  }
  for (; j < m; j++) {
    c[o + j] = columnDot(a, r0, b, j, K, m);
    c[o + m + j] = columnDot(a, r1, b, j, K, m);
  }
}

/** Σₖ a[aRow + k]·B[k, j] in index order from +0: matmul64's sum of one C[i,j]. */
function columnDot(a: Float64Array, aRow: number, b: Float64Array, j: number, K: number, m: number): number {
  let sum = 0;
  for (let k = 0; k < K; k++) sum += a[aRow + k] * b[k * m + j];
  return sum;
}

/** One entry Σₖ a(k)·b(k) of a product, summed exactly as matmul sums it: a sample needs no whole product. */
export function productEntry(K: number, a: (k: number) => number, b: (k: number) => number, r: Round): number {
  let sum = 0;
  for (let k = 0; k < K; k++) {
    const x = a(k);
    if (r === unrounded) sum += x * b(k);
    else if (x !== 0) sum = r(sum + r(x * b(k)));
  }
  return sum;
}

export interface Forward {
  Z: Matrix;
  Y: Matrix;
}

/** Z = XW, Y = σ(Z). */
export function forwardPass(X: Matrix, W: Matrix, act: Activation, r: Round): Forward {
  const Z = matmul(X, W, r);
  const Y = createMatrix(
    Z.rows,
    Z.cols,
    Z.data.map((z) => act.value(z, r)),
  );
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
 * ∂l/∂Z = σ′(Z)∘(Y−T) as PyTorch computes it (σ′ from Y, each step rounded), or, `exact`, in float64
 * in forms that do not cancel (Activation.exact).
 */
export function outputDelta(fw: Forward, T: Matrix, act: Activation, r: Round, exact = false): Matrix {
  const { Z, Y } = fw;
  const delta = createMatrix(Z.rows, Z.cols);
  for (let k = 0; k < Z.data.length; k++) {
    delta.data[k] = exact
      ? act.exact.derivative(Z.data[k]) * act.exact.residual(Z.data[k], T.data[k])
      : r(act.derivative(Z.data[k], Y.data[k], r) * r(Y.data[k] - T.data[k]));
  }
  return delta;
}

/** ∂l/∂W = Xᵀ·∂l/∂Z, summed over the rows in order (Xᵀ given when the caller has made it). */
export function gradientW(X: Matrix, delta: Matrix, r: Round, Xt: Matrix = transpose(X)): Matrix {
  return matmul(Xt, delta, r);
}

/** ∂l/∂X = ∂l/∂Z·Wᵀ, summed over the columns in order. */
export function gradientX(delta: Matrix, W: Matrix, r: Round): Matrix {
  return matmul(delta, transpose(W), r);
}
