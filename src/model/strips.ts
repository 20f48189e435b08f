import { type Round, unrounded } from '../numeric/dtype.js';
import type { LossProbe } from '../numeric/probe.js';
import { type Activation, logistic, tanh } from './activations.js';
import { complex } from './complex.js';
import { type Matrix, transpose } from './matrix.js';
import type { Forward } from './network.js';
import { sharedStripDifference } from './shared-exponentials.js';

/**
 * Which part of Z = XW an entry moves. Moving W[i,j] by δ moves column j of Z by
 * δ·X[:,i]; moving X[r,i] moves row r of Z by δ·W[i,:]. Either way a strip of Z,
 * with a strip of coefficients. The strips are laid out contiguously (columns of Z,
 * X and T transposed once for W), so an entry reads two short runs of memory.
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
   * W's: entries run line by line, entry k = i·zStrips + j reading coefficient strip i and z
   * strip j, so that two lines of entries are two strips of coefficients against the same z
   * strips (stripTermsOfRange). X's (k = r·d + i) leave it undefined.
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

/**
 * Z, Y and T (the strips carry it) in the strips' layout (W's strips: their transposes; X's: themselves), as
 * matrices whose rows are strips: what each row's elementwise terms are made from.
 */
export function stripsForward(s: Strips, fw: Forward): { fw: Forward; T: Matrix } {
  const laid = (data: Float64Array): Matrix => ({ rows: s.length === 0 ? 0 : data.length / s.length, cols: s.length, data });
  return { fw: { Z: laid(s.z), Y: laid(s.layout(fw.Y.data)) }, T: laid(s.t) };
}

/** Whether a strip probe takes its differences from shared exponentials: float64 sigmoid (the default check) and tanh. */
export function sharesExponentials(act: Activation, r: Round): boolean {
  return r === unrounded && (act === logistic || act === tanh);
}

/**
 * Local probes: l(θ + a·eₖ) − l(θ + b·eₖ) is the sum over the moved strip of the
 * per-row differences, O(strip) per entry instead of a forward pass, and it never
 * subtracts the unchanged part of the loss, so float32 loses far less. Each row's
 * difference is taken as ½(ya − yb)(ya + yb − 2t), the same number without cancelling
 * against t. Rows whose coefficient is 0 do not move and add exactly nothing.
 * The step is the one the entry really takes after rounding to the dtype.
 */
export function stripProbe(s: Strips, values: Float64Array, act: Activation, r: Round): LossProbe {
  const { length, z, t, coef } = s;
  const shared = sharesExponentials(act, r) ? sharedStripDifference(s, values, act === tanh ? 'tanh' : 'sigmoid') : undefined;
  return {
    difference(k, a, b) {
      if (shared) return shared(k, a, b);
      const w = values[k];
      const da = r(w + a) - w;
      const db = r(w + b) - w;
      const z0 = s.zStart(k);
      const c0 = s.coefStart(k);
      let acc = 0;
      if (r === unrounded) {
        // float64: the same arithmetic without the rounding calls, for speed.
        for (let m = 0; m < length; m++) {
          const c = coef[c0 + m];
          if (c === 0) continue;
          const zm = z[z0 + m];
          const ya = act.value(zm + c * da, unrounded);
          const yb = act.value(zm + c * db, unrounded);
          acc += (ya - yb) * (ya + yb - 2 * t[z0 + m]);
        }
        return acc / 2;
      }
      for (let m = 0; m < length; m++) {
        const c = coef[c0 + m];
        if (c === 0) continue;
        const zm = z[z0 + m];
        const ya = act.value(r(zm + r(c * da)), r);
        const yb = act.value(r(zm + r(c * db)), r);
        acc = r(acc + r(r(ya - yb) * r(r(ya + yb) - 2 * t[z0 + m])));
      }
      return acc / 2;
    },
    imaginary(k, h) {
      const z0 = s.zStart(k);
      const c0 = s.coefStart(k);
      let acc = 0;
      for (let m = 0; m < length; m++) {
        const c = coef[c0 + m];
        if (c === 0) continue;
        const y = act.complexValue(complex(z[z0 + m], r(c * h)), r);
        acc = r(acc + r(r(y.re - t[z0 + m]) * y.im));
      }
      return acc;
    },
  };
}

/** How a row's coefficient c weighs its value in a strip's sum: 1 if it moves (c ≠ 0), |c|, c or c³. */
export type StripWeight = 'moved' | 'size' | 'value' | 'cube';

/**
 * Σ over entry k's strip of weight(c)·v, v in the strips' layout, in the strip's order. A loop
 * a weight, so that each is as tight as a sum can be (branch-free: a row that does not move adds 0·v).
 */
export function stripSum(s: Strips, k: number, v: Float64Array, weight: StripWeight): number {
  const z0 = s.zStart(k);
  const c0 = s.coefStart(k);
  const { coef, length } = s;
  let acc = 0;
  if (weight === 'moved') for (let m = 0; m < length; m++) acc += (coef[c0 + m] !== 0 ? 1 : 0) * v[z0 + m];
  else if (weight === 'size') for (let m = 0; m < length; m++) acc += Math.abs(coef[c0 + m]) * v[z0 + m];
  else if (weight === 'value') for (let m = 0; m < length; m++) acc += coef[c0 + m] * v[z0 + m];
  else
    for (let m = 0; m < length; m++) {
      const c = coef[c0 + m];
      acc += c * c * c * v[z0 + m];
    }
  return acc;
}

/** Per row of the strips' layout: what an entry's roundoff, bound and step are summed from. */
export interface RowTerms {
  /** M of the roundoff estimate (model/noise.ts), or for complex-step what its error is taken of. */
  noise: Float64Array;
  /** |∂l/∂z|: the backward pass's rounding is a few ε of Σ|c|·|∂l/∂z|. */
  absDelta: Float64Array;
  /** g′ and g‴ of the row's loss (lossDerivatives). */
  first: Float64Array;
  third: Float64Array;
}

/**
 * Entry k's four sums over its strip, written to out[at … at+3]: Σ noise over the moved rows
 * (each |c|-weighted when `noiseBySize`), Σ|c|·|∂l/∂z|, and the loss's first and third
 * derivatives along the entry, Σc·g′ and Σc³·g‴. One pass, four independent sums (one would
 * wait on its own additions), each in the strip's order: stripSum's four numbers in 60% of
 * the time of four stripSums (2000×256×64: 119 against 194 ms), when all four are asked for.
 */
export function stripTerms(s: Strips, k: number, rows: RowTerms, noiseBySize: boolean, out: Float64Array, at: number): void {
  const z0 = s.zStart(k);
  const c0 = s.coefStart(k);
  const { noise, absDelta, first, third } = rows;
  let m0 = 0;
  let m1 = 0;
  let m2 = 0;
  let m3 = 0;
  for (let m = 0; m < s.length; m++) {
    const c = s.coef[c0 + m];
    const i = z0 + m;
    // Branch-free: a row that does not move adds 0·noise.
    m0 += (noiseBySize ? Math.abs(c) : c !== 0 ? 1 : 0) * noise[i];
    m1 += Math.abs(c) * absDelta[i];
    m2 += c * first[i];
    m3 += c * c * c * third[i];
  }
  out[at] = m0;
  out[at + 1] = m1;
  out[at + 2] = m2;
  out[at + 3] = m3;
}

/** Rows of two lines weighed at a time (stripTermsOfRange): their 8 × 2048 numbers stay in cache, however long a strip. */
const ROWS_AT_ONCE = 2048;

/**
 * stripTerms of every entry k0 … k1−1, written to out[4(k − k0) …]: the same four numbers, each
 * still summed over its strip in order from +0. Where two whole lines of W's entries fall in
 * the range, they are taken as products (as matmul64 takes them): the two lines' weighted
 * coefficients made once, then against four z strips at a time, eight sums in registers, each
 * row of a z strip read once for two entries (stripTerms reads it for one, and its five streams
 * a row miss the cache: 1000×128×32, 18 → 8 ms), a run of rows at a time (a partial sum kept in
 * `out` is the same double). Other entries go one by one.
 */
export function stripTermsOfRange(s: Strips, rows: RowTerms, noiseBySize: boolean, k0: number, k1: number, out: Float64Array): void {
  const { length, zStrips } = s;
  const span = Math.min(length, ROWS_AT_ONCE);
  const lines = new Float64Array(8 * span);
  const sums = [rows.noise, rows.absDelta, rows.first, rows.third];
  for (let k = k0; k < k1; ) {
    if (zStrips === undefined || length === 0 || k % zStrips !== 0 || k + 2 * zStrips > k1) {
      stripTerms(s, k, rows, noiseBySize, out, 4 * (k - k0));
      k++;
      continue;
    }
    out.fill(0, 4 * (k - k0), 4 * (k + 2 * zStrips - k0));
    for (let m0 = 0; m0 < length; m0 += span) {
      const count = Math.min(span, length - m0);
      weighLine(s, k, noiseBySize, m0, count, lines, 0, span);
      weighLine(s, k + zStrips, noiseBySize, m0, count, lines, 4 * span, span);
      for (let q = 0; q < 4; q++) {
        const a = q * span;
        const b = (4 + q) * span;
        const v = sums[q];
        let j = 0;
        for (; j + 4 <= zStrips; j += 4) {
          const oa = 4 * (k + j - k0) + q;
          dots2x4(lines, a, b, v, s.zStart(k + j) + m0, length, count, out, oa, oa + 4 * zStrips);
        }
        for (; j < zStrips; j++) {
          const oa = 4 * (k + j - k0) + q;
          const ob = oa + 4 * zStrips;
          out[oa] = dot(lines, a, v, s.zStart(k + j) + m0, count, out[oa]);
          out[ob] = dot(lines, b, v, s.zStart(k + j) + m0, count, out[ob]);
        }
      }
    }
    k += 2 * zStrips;
  }
}

/** Rows m0 … m0+count−1 of entry k's coefficients as stripTerms weighs them for each of its four sums, to w[at + q·span + m − m0]. */
function weighLine(s: Strips, k: number, noiseBySize: boolean, m0: number, count: number, w: Float64Array, at: number, span: number): void {
  const c0 = s.coefStart(k) + m0;
  const { coef } = s;
  for (let m = 0; m < count; m++) {
    const c = coef[c0 + m];
    w[at + m] = noiseBySize ? Math.abs(c) : c !== 0 ? 1 : 0;
    w[at + span + m] = Math.abs(c);
    w[at + 2 * span + m] = c;
    w[at + 3 * span + m] = c * c * c;
  }
}

/** sum + Σₘ w[a + m]·v[v0 + m] over count rows, in m's order. */
function dot(w: Float64Array, a: number, v: Float64Array, v0: number, count: number, sum: number): number {
  for (let m = 0; m < count; m++) sum += w[a + m] * v[v0 + m];
  return sum;
}

/**
 * dot of two weighted lines (at a and b) with four strips of v, `stride` apart from v0, over
 * count rows, added to out[oa + 4t] and out[ob + 4t] for strip t (four numbers an entry).
 */
function dots2x4(
  w: Float64Array,
  a: number,
  b: number,
  v: Float64Array,
  v0: number,
  stride: number,
  count: number,
  out: Float64Array,
  oa: number,
  ob: number,
): void {
  // Eight lets, not arrays: code not yet optimized would make an array a step.
  let s0 = out[oa];
  let s1 = out[oa + 4];
  let s2 = out[oa + 8];
  let s3 = out[oa + 12];
  let t0 = out[ob];
  let t1 = out[ob + 4];
  let t2 = out[ob + 8];
  let t3 = out[ob + 12];
  const v1 = v0 + stride;
  const v2 = v1 + stride;
  const v3 = v2 + stride;
  for (let m = 0; m < count; m++) {
    const x = w[a + m];
    const y = w[b + m];
    const u0 = v[v0 + m];
    const u1 = v[v1 + m];
    const u2 = v[v2 + m];
    const u3 = v[v3 + m];
    s0 += x * u0;
    s1 += x * u1;
    s2 += x * u2;
    s3 += x * u3;
    t0 += y * u0;
    t1 += y * u1;
    t2 += y * u2;
    t3 += y * u3;
  }
  out[oa] = s0;
  out[oa + 4] = s1;
  out[oa + 8] = s2;
  out[oa + 12] = s3;
  out[ob] = t0;
  out[ob + 4] = t1;
  out[ob + 8] = t2;
  out[ob + 12] = t3;
}

/**
 * Each row's loss g(z) = ½(σ(z) − t)² differentiated once and three times, per entry of Z:
 * g′ = σ′·(σ − t), g‴ = 3σ′σ″ + (σ − t)·σ‴ (float64, σ′ and σ − t in forms that do not cancel).
 * Moving an entry by δ moves each z of its strip by c·δ, so dᵖl/dδᵖ = Σ cᵖ·g⁽ᵖ⁾(z) (stripSum).
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

/**
 * The range of entry k's derivative at a kink. Every moved row whose z lies within the
 * step of a kink is its own relu, whose subgradient may be anything between its own
 * one-sided differences (each extrapolated, 2·D(h/2) − D(h), to cancel the O(h) error);
 * the entry's range sums those ranges and the central differences of the other rows, so
 * that every combination of choices (relu′(0) = 0 as torch takes it, or 1) lies inside.
 * One-sided differences of the whole loss would not hold them all when several rows sit
 * on a kink and move in opposite directions.
 */
export function stripSubgradients(s: Strips, k: number, values: Float64Array, act: Activation, r: Round, h: number): [number, number] {
  const w = values[k];
  const z0 = s.zStart(k);
  const c0 = s.coefStart(k);
  // ½(y(a) − y(b))(y(a) + y(b) − 2t) for one row: its loss at w + a minus its loss at w + b.
  const rowDifference = (m: number, a: number, b: number) => {
    const c = s.coef[c0 + m];
    const z = s.z[z0 + m];
    const ya = act.value(r(z + r(c * (r(w + a) - w))), r);
    const yb = act.value(r(z + r(c * (r(w + b) - w))), r);
    return (r(ya - yb) * r(r(ya + yb) - 2 * s.t[z0 + m])) / 2;
  };
  const extrapolated = (m: number, sign: 1 | -1) => {
    const side = (step: number) => (sign > 0 ? rowDifference(m, step, 0) : rowDifference(m, 0, -step)) / step;
    return 2 * side(h / 2) - side(h);
  };
  let low = 0;
  let high = 0;
  for (let m = 0; m < s.length; m++) {
    const c = s.coef[c0 + m];
    if (c === 0) continue;
    const nearKink = act.kinks.some((kink) => Math.abs(s.z[z0 + m] - kink) <= Math.abs(c) * h);
    if (nearKink) {
      const left = extrapolated(m, -1);
      const right = extrapolated(m, 1);
      low += Math.min(left, right);
      high += Math.max(left, right);
    } else {
      const central = rowDifference(m, h, -h) / (2 * h);
      low += central;
      high += central;
    }
  }
  return [low, high];
}
