import type { Activation } from './activations.js';
import type { Matrix } from './matrix.js';

/**
 * At a kink (relu at z = 0) the loss has no derivative, and a difference moving such a z crosses it. These keep
 * a direction (over W and X) clear: every z on a kink held, and a step too short to carry another z across.
 */

/** Removes from `v` its components along an orthonormal basis (Gram–Schmidt), in place. */
function projectOut(v: Float64Array, basis: readonly Float64Array[]): void {
  for (const b of basis) {
    let dot = 0;
    for (let i = 0; i < v.length; i++) dot += v[i] * b[i];
    for (let i = 0; i < v.length; i++) v[i] -= dot * b[i];
  }
}

/** An orthonormal basis of the given vectors' span (those that add nothing are dropped). */
function orthonormal(vectors: readonly Float64Array[]): Float64Array[] {
  const basis: Float64Array[] = [];
  for (const vector of vectors) {
    const v = Float64Array.from(vector);
    projectOut(v, basis);
    const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    if (norm > 1e-12) basis.push(v.map((x) => x / norm));
  }
  return basis;
}

/** Where the kinks of a one-layer model are: its X, W, Z = XW and activation. */
export interface KinkSite {
  X: Matrix;
  W: Matrix;
  Z: Matrix;
  act: Activation;
}

const column = (m: Matrix, j: number) => Float64Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + j]);
const row = (m: Matrix, r: number) => m.data.slice(r * m.cols, (r + 1) * m.cols);

/**
 * Projects a direction in place so every z on a kink stays there to first order: W's column j orthogonal to
 * the X rows whose z in column j is on a kink, X's row r to the W columns whose z in row r is. Returns the count.
 */
export function holdKinks({ X, W, Z, act }: KinkSite, u: { W?: Float64Array; X?: Float64Array }): number {
  if (act.kinks.length === 0) return 0;
  const { rows: n, cols: C } = Z;
  const onKink = (r: number, j: number) => act.kinks.includes(Z.data[r * C + j]);
  let held = 0;
  for (let r = 0; r < n; r++) for (let j = 0; j < C; j++) if (onKink(r, j)) held++;
  const uW = u.W;
  if (uW) {
    for (let j = 0; j < C; j++) {
      const rows = Array.from({ length: n }, (_, r) => r).filter((r) => onKink(r, j));
      if (rows.length === 0) continue;
      const v = column({ rows: W.rows, cols: C, data: uW }, j);
      projectOut(v, orthonormal(rows.map((r) => row(X, r))));
      for (let i = 0; i < v.length; i++) uW[i * C + j] = v[i];
    }
  }
  if (u.X) {
    for (let r = 0; r < n; r++) {
      const cols = Array.from({ length: C }, (_, j) => j).filter((j) => onKink(r, j));
      if (cols.length === 0) continue;
      const v = u.X.subarray(r * X.cols, (r + 1) * X.cols);
      projectOut(v, orthonormal(cols.map((j) => column(W, j))));
    }
  }
  return held;
}

/** The largest step carrying no z across a kink: min |z − kink| / |Δz| over moving z; Infinity if none. */
export function stepWithinKinks({ X, W, Z, act }: KinkSite, u: { W?: Float64Array; X?: Float64Array }): number {
  if (act.kinks.length === 0) return Number.POSITIVE_INFINITY;
  const { rows: n, cols: d } = X;
  const C = W.cols;
  let limit = Number.POSITIVE_INFINITY;
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < C; j++) {
      const z = Z.data[r * C + j];
      if (act.kinks.includes(z)) continue;
      let dz = 0;
      for (let i = 0; i < d; i++) {
        if (u.W) dz += X.data[r * d + i] * u.W[i * C + j];
        if (u.X) dz += u.X[r * d + i] * W.data[i * C + j];
      }
      for (const kink of act.kinks) if (dz !== 0) limit = Math.min(limit, Math.abs(z - kink) / Math.abs(dz));
    }
  }
  return limit;
}

/** The Taylor test's direction over W: kinks held, then unit length again (all zero when nothing is left). */
export function tangentToKinks(
  D: Float64Array,
  X: Matrix,
  W: Matrix,
  Z: Matrix,
  act: Activation,
): { direction: Float64Array; held: number } {
  if (act.kinks.length === 0) return { direction: D, held: 0 };
  const held = holdKinks({ X, W, Z, act }, { W: D });
  const norm = Math.sqrt(D.reduce((s, v) => s + v * v, 0));
  return { direction: norm > 1e-12 ? D.map((v) => v / norm) : D.fill(0), held };
}
