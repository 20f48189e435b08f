import type { Strips } from './strips.js';

/** How a row's coefficient c weighs its value in a strip's sum: 1 if it moves (c ≠ 0), |c|, c or c³. */
export type StripWeight = 'moved' | 'size' | 'value' | 'cube';

/** Σ weight(c)·v over entry k's strip in order; a loop per weight keeps each tight and branch-free (adds 0·v). */
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
  /** M of the roundoff estimate (model/rounding.ts), or for complex-step what its error is taken of. */
  rounding: Float64Array;
  /** |∂l/∂z|: the backward pass's rounding is a few ε of Σ|c|·|∂l/∂z|. */
  absDelta: Float64Array;
  /** g′ and g‴ of the row's loss (lossDerivatives). */
  first: Float64Array;
  third: Float64Array;
}

/**
 * Entry k's four strip sums into out[at … at+3]: Σ rounding over moved rows (|c|-weighted if
 * `roundingBySize`), Σ|c|·|∂l/∂z|, Σc·g′ and Σc³·g‴. One pass of four independent sums: one sum would wait
 * on its own additions.
 */
export function stripTerms(
  s: Strips,
  k: number,
  rows: RowTerms,
  roundingBySize: boolean,
  out: Float64Array,
  at: number,
): void {
  const z0 = s.zStart(k);
  const c0 = s.coefStart(k);
  const { rounding, absDelta, first, third } = rows;
  let m0 = 0;
  let m1 = 0;
  let m2 = 0;
  let m3 = 0;
  for (let m = 0; m < s.length; m++) {
    const c = s.coef[c0 + m];
    const i = z0 + m;
    // Branch-free: a row that does not move adds 0·rounding.
    m0 += (roundingBySize ? Math.abs(c) : c !== 0 ? 1 : 0) * rounding[i];
    m1 += Math.abs(c) * absDelta[i];
    m2 += c * first[i];
    m3 += c * c * c * third[i];
  }
  out[at] = m0;
  out[at + 1] = m1;
  out[at + 2] = m2;
  out[at + 3] = m3;
}

/** Rows of two lines weighed at a time: their 8 × 2048 numbers stay in cache however long a strip. */
const ROWS_AT_ONCE = 2048;

/**
 * stripTerms of entries k0 … k1−1 into out[4(k − k0) …], still summed in strip order from +0. Two whole lines
 * of W's entries go as products (as in matmul64): weighted coefficients made once, four z strips at a time,
 * eight sums in registers, each z row read once for two entries (stripTerms' five streams a row miss the cache),
 * a run of rows at a time (a partial sum kept in `out` is the same double). Other entries go one by one.
 */
export function stripTermsOfRange(
  s: Strips,
  rows: RowTerms,
  roundingBySize: boolean,
  k0: number,
  k1: number,
  out: Float64Array,
): void {
  const { length, zStrips } = s;
  const span = Math.min(length, ROWS_AT_ONCE);
  const lines = new Float64Array(8 * span);
  const sums = [rows.rounding, rows.absDelta, rows.first, rows.third];
  for (let k = k0; k < k1; ) {
    if (zStrips === undefined || length === 0 || k % zStrips !== 0 || k + 2 * zStrips > k1) {
      stripTerms(s, k, rows, roundingBySize, out, 4 * (k - k0));
      k++;
      continue;
    }
    out.fill(0, 4 * (k - k0), 4 * (k + 2 * zStrips - k0));
    for (let m0 = 0; m0 < length; m0 += span) {
      const count = Math.min(span, length - m0);
      weighLine(s, k, roundingBySize, m0, count, lines, 0, span);
      weighLine(s, k + zStrips, roundingBySize, m0, count, lines, 4 * span, span);
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

/** Entry k's coefficients m0 … m0+count−1, weighed for stripTerms' four sums, to w[at + q·span + m − m0]. */
function weighLine(
  s: Strips,
  k: number,
  roundingBySize: boolean,
  m0: number,
  count: number,
  w: Float64Array,
  at: number,
  span: number,
): void {
  const c0 = s.coefStart(k) + m0;
  const { coef } = s;
  for (let m = 0; m < count; m++) {
    const c = coef[c0 + m];
    w[at + m] = roundingBySize ? Math.abs(c) : c !== 0 ? 1 : 0;
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
 * count rows, added to out[oa + 4t] and out[ob + 4t] for strip t (four numbers an entry). network.ts rowPair's
 * block on contiguous strips, kept apart from it: its column-strided reads would slow this one down.
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
