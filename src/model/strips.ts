import type { Activation } from './activations.js';
import { type Matrix, transpose } from './matrix.js';
import type { Forward } from './network.js';

/**
 * The strip of Z = XW an entry moves: W[i,j] moves column j by δ·X[:,i], X[r,i] moves row r by δ·W[i,:].
 * Strips are contiguous (Z, X and T transposed once for W), so an entry reads two short runs of memory.
 */
export interface Strips {
  /** Entries of one strip. */
  length: number;
  /** Z, T and the coefficients, strip after strip. */
  z: Float64Array;
  t: Float64Array;
  coef: Float64Array;
  /** Where entry k's strip of z (and t) starts, and its strip of coefficients. */
  zStart(k: number): number;
  coefStart(k: number): number;
  /** An n×C matrix (like Z) in the strips' layout. */
  layout(m: Float64Array): Float64Array;
  /**
   * W's: entry k = i·zStrips + j reads coefficient strip i and z strip j, so two lines of entries are two
   * coefficient strips against the same z strips (stripTermsOfRange). X's leave it undefined.
   */
  zStrips?: number;
}

export function stripsW(X: Matrix, W: Matrix, T: Matrix, Z: Matrix, Xt: Matrix = transpose(X)): Strips {
  const n = X.rows;
  const C = W.cols;
  const toColumns = (m: Float64Array) => transpose({ rows: n, cols: C, data: m }).data;
  return {
    length: n,
    z: toColumns(Z.data),
    t: toColumns(T.data),
    coef: Xt.data,
    zStart: (k) => (k % C) * n,
    coefStart: (k) => Math.floor(k / C) * n,
    layout: toColumns,
    zStrips: C,
  };
}

export function stripsX(X: Matrix, W: Matrix, T: Matrix, Z: Matrix): Strips {
  const d = X.cols;
  const C = W.cols;
  return {
    length: C,
    z: Z.data,
    t: T.data,
    coef: W.data,
    zStart: (k) => Math.floor(k / d) * C,
    coefStart: (k) => (k % d) * C,
    layout: (m) => m,
  };
}

/** Z, Y and T in the strips' layout, as matrices whose rows are strips, for the rows' elementwise terms. */
export function stripsForward(s: Strips, fw: Forward): { fw: Forward; T: Matrix } {
  const laid = (data: Float64Array): Matrix => ({
    rows: s.length === 0 ? 0 : data.length / s.length,
    cols: s.length,
    data,
  });
  return { fw: { Z: laid(s.z), Y: laid(s.layout(fw.Y.data)) }, T: laid(s.t) };
}

/**
 * Each row's g(z) = ½(σ(z) − t)² differentiated: g′ = σ′·(σ − t), g‴ = 3σ′σ″ + (σ − t)·σ‴
 * (float64, exact forms). Moving an entry by δ moves its strip's z by c·δ, so
 * dᵖl/dδᵖ = Σ cᵖ·g⁽ᵖ⁾(z) (stripSum).
 */
export function lossDerivatives(Z: Matrix, T: Matrix, act: Activation): { first: Float64Array; third: Float64Array } {
  const first = new Float64Array(Z.data.length);
  const third = new Float64Array(Z.data.length);
  const { derivative, residual } = act.exact;
  for (let k = 0; k < first.length; k++) {
    const z = Z.data[k];
    const slope = derivative(z);
    const off = residual(z, T.data[k]);
    first[k] = slope * off;
    third[k] = 3 * slope * act.curvature.second(z, slope) + off * act.curvature.third(z, slope);
  }
  return { first, third };
}

/** Whether moving entry k by up to ±reach carries some z of its strip across, or onto, a kink. */
export function crossesKink(s: Strips, k: number, act: Activation, reach: number): boolean {
  if (act.kinks.length === 0) return false;
  const z0 = s.zStart(k);
  const c0 = s.coefStart(k);
  for (let m = 0; m < s.length; m++) {
    const c = s.coef[c0 + m];
    if (c === 0) continue;
    for (const kink of act.kinks) if (Math.abs(s.z[z0 + m] - kink) <= Math.abs(c) * reach) return true;
  }
  return false;
}

/** Whether every moved row of entry k has σ′ below the threshold (σ′ in the strips' layout). */
export function saturated(s: Strips, k: number, derivative: Float64Array, threshold = 1e-6): boolean {
  const z0 = s.zStart(k);
  const c0 = s.coefStart(k);
  let moved = false;
  for (let m = 0; m < s.length; m++) {
    if (s.coef[c0 + m] === 0) continue;
    moved = true;
    if (derivative[z0 + m] >= threshold) return false;
  }
  return moved;
}

/** Whether moving entry k moves anything: some coefficient of its strip is not 0. */
export function movesAnything(s: Strips, k: number): boolean {
  const c0 = s.coefStart(k);
  for (let m = 0; m < s.length; m++) if (s.coef[c0 + m] !== 0) return true;
  return false;
}
