import { sigmoid } from './activations.js';
import type { Strips } from './strips.js';

/** The per-entry loss difference of a strip probe: l(θ + a·eₖ) − l(θ + b·eₖ). */
export type StripDifference = (k: number, a: number, b: number) => number;

/** Cells of e^(−c·a) − 1 kept at once (8 bytes each): beyond it the tables start again. */
const TABLE_CELLS = 1 << 22;

/** The largest |c| when every c is an integer, else ∞ (a plain loop: X may have 2²⁴ entries). */
function largestInteger(coef: Float64Array): number {
  let largest = 0;
  for (let m = 0; m < coef.length; m++) {
    const c = coef[m];
    if (!Number.isInteger(c)) return Number.POSITIVE_INFINITY;
    if (Math.abs(c) > largest) largest = Math.abs(c);
  }
  return largest;
}

/** e^(−v·a) − 1 for the integers v = −K … K of a step a (entry v + K), kept per step. */
function perIntegerFactors(largest: number): (a: number) => Float64Array {
  let byStep = new Map<number, Float64Array>();
  return (a) => {
    let v = byStep.get(a);
    if (v === undefined) {
      if (byStep.size >= 4096) byStep = new Map();
      v = Float64Array.from({ length: 2 * largest + 1 }, (_, i) => Math.expm1(-(i - largest) * a));
      byStep.set(a, v);
    }
    return v;
  };
}

/**
 * Tables of e^(−c·a) − 1 per strip of coefficients and step a, made on first use and shared by every entry
 * on the strip (a row of W's C entries, a column of X's n). With integer coefficients (`ofIntegers`, as
 * gradcheck draws X) a table is gathered from the step's 2K + 1 values instead of an expm1 a row.
 */
function expm1Tables(s: Strips, tableCells: number, ofIntegers?: (a: number) => Float64Array, largest = 0) {
  let tables = new Map<number, Map<number, Float64Array>>();
  let cells = 0;
  const fill = (table: Float64Array, c0: number, a: number) => {
    if (!ofIntegers) {
      for (let m = 0; m < s.length; m++) table[m] = Math.expm1(-s.coef[c0 + m] * a);
      return;
    }
    const values = ofIntegers(a);
    for (let m = 0; m < s.length; m++) table[m] = values[s.coef[c0 + m] + largest];
  };
  return (c0: number, a: number): Float64Array => {
    let byStep = tables.get(c0);
    if (byStep === undefined) {
      byStep = new Map();
      tables.set(c0, byStep);
    }
    let table = byStep.get(a);
    if (table === undefined) {
      if (cells + s.length > tableCells) {
        tables = new Map([[c0, byStep]]);
        byStep.clear();
        cells = 0;
      }
      table = new Float64Array(s.length);
      fill(table, c0, a);
      byStep.set(a, table);
      cells += s.length;
    }
    return table;
  };
}

/** Tables a strip set needs at once: an entry takes up to ~16 steps (pilots, halves, the balanced one). */
const STEPS_AT_ONCE = 16;

/**
 * How a strip set reads its factors e^(−c·a) − 1: from tables (gathered when the coefficients are integers
 * |c| ≤ K with 2K + 1 under a strip), or, for strips too long for tables to stay (tall X) with K ≤ 127,
 * through each row's integer into its step's 2K + 1 values, so nothing strip-long is made a step.
 */
function factorsOf(s: Strips, tableCells: number) {
  const largest = largestInteger(s.coef);
  const integers = 2 * largest + 1 < s.length || 2 * largest + 1 <= 255 ? perIntegerFactors(largest) : undefined;
  if (integers && s.length * STEPS_AT_ONCE > tableCells && 2 * largest + 1 <= 255) {
    const index = new Uint8Array(s.coef.length);
    for (let m = 0; m < index.length; m++) index[m] = s.coef[m] + largest;
    return { indexed: { index, values: integers }, table: expm1Tables(s, tableCells) };
  }
  const gathered = integers && 2 * largest + 1 < s.length ? integers : undefined;
  return { indexed: undefined, table: expm1Tables(s, tableCells, gathered, largest) };
}

/**
 * How near the asked step a taken one (w + a − w) must be to use the asked step's table: the step the scheme
 * divides by, as probe.ts's asAsked takes it; farther off (|w| ≫ a), the step taken is used.
 */
const NEAR = 2 ** -27;

/**
 * The loss difference along a strip with no exponential a row, for σ and tanh: σ(z + c·δ) = 1/(1 + E·P),
 * E = e^(−z) once per z and P − 1 = e^(−c·δ) − 1 from a shared table. Each y is rounded as a forward pass
 * rounds σ, so ya − yb carries a forward pass's roundoff (the sweep's V); z + c·δ is never rounded (rounding.ts).
 * tanh u = 2σ(2u) − 1: a tanh row is 4(σa − σb)(σa + σb − 2t′), σ at 2u (E = e^(−2z), step 2δ),
 * t′ = (1 + t)/2.
 * Where E·P is NaN (e^(−z) overflowed, P underflowed), the row falls back to y itself.
 */
export function sharedStripDifference(
  s: Strips,
  values: Float64Array,
  activation: 'sigmoid' | 'tanh',
  tableCells = TABLE_CELLS,
): StripDifference {
  const { z, t } = s;
  const doubled = activation === 'tanh';
  const [scale, factor] = doubled ? [2, 4] : [1, 1];
  const rowByValue = doubled ? rowByTanh : rowBySigmoid;
  // Made at the first difference, not when the probe is: --fast and whole passes never ask.
  let made: ReturnType<typeof factorsOf> & { E: Float64Array; twiceTarget: Float64Array };
  const prepare = () => {
    // 2t′: 2t for σ, 1 + t for tanh. Loops, not map: map calls a closure an element.
    const twiceTarget = new Float64Array(t.length);
    const E = new Float64Array(z.length);
    for (let i = 0; i < t.length; i++) twiceTarget[i] = doubled ? 1 + t[i] : 2 * t[i];
    for (let i = 0; i < z.length; i++) E[i] = Math.exp(-scale * z[i]);
    made = { ...factorsOf(s, tableCells), E, twiceTarget };
    return made;
  };
  const near = (asked: number, taken: number) => Math.abs(taken - asked) <= Math.abs(asked) * NEAR;
  return (k, a, b) => {
    const { E, twiceTarget, table, indexed } = made ?? prepare();
    const w = values[k];
    const da = w + a - w;
    const db = w + b - w;
    const z0 = s.zStart(k);
    const c0 = s.coefStart(k);
    const sa = near(a, da) ? a : da;
    const sb = near(b, db) ? b : db;
    if (indexed) {
      // The same rows, e^(−c·δ) − 1 read through each row's integer.
      const [Va, Vb] = [indexed.values(scale * sa), indexed.values(scale * sb)];
      return indexedRows(s, E, twiceTarget, Va, Vb, indexed.index, z0, c0, sa, sb, factor, rowByValue) / 2;
    }
    return (
      tableRows(s, E, twiceTarget, table(c0, scale * sa), table(c0, scale * sb), z0, c0, sa, sb, factor, rowByValue) / 2
    );
  };
}

/** How a row falls back to y itself where E·P is NaN: rowBySigmoid or rowByTanh. */
type RowByValue = (z: number, c: number, a: number, b: number, t: number) => number;

/**
 * Σ over an entry's strip of factor·(ya − yb)(ya + yb − 2t′), y = 1/(1 + E + E·(P − 1)), P − 1 from
 * Ta and Tb, in strip order from +0. A function of its own: inside the closure V8 at times compiled it
 * before seeing the closure's operations, and every later difference ran at half speed.
 */
function tableRows(
  s: Strips,
  E: Float64Array,
  twiceTarget: Float64Array,
  Ta: Float64Array,
  Tb: Float64Array,
  z0: number,
  c0: number,
  sa: number,
  sb: number,
  factor: number,
  rowByValue: RowByValue,
): number {
  let acc = 0;
  for (let m = 0; m < s.length; m++) {
    const e = E[z0 + m];
    const ya = 1 / (1 + e + e * Ta[m]);
    const yb = 1 / (1 + e + e * Tb[m]);
    const row = factor * (ya - yb) * (ya + yb - twiceTarget[z0 + m]);
    acc += Number.isNaN(row) ? rowByValue(s.z[z0 + m], s.coef[c0 + m], sa, sb, s.t[z0 + m]) : row;
  }
  return acc;
}

/**
 * tableRows with P − 1 read through each row's integer: Va[index[c0 + m]] and Vb[index[c0 + m]]. Kept apart
 * from tableRows: an index load in the table path costs it a third of its speed.
 */
function indexedRows(
  s: Strips,
  E: Float64Array,
  twiceTarget: Float64Array,
  Va: Float64Array,
  Vb: Float64Array,
  index: Uint8Array,
  z0: number,
  c0: number,
  sa: number,
  sb: number,
  factor: number,
  rowByValue: RowByValue,
): number {
  let acc = 0;
  for (let m = 0; m < s.length; m++) {
    const e = E[z0 + m];
    const ya = 1 / (1 + e + e * Va[index[c0 + m]]);
    const yb = 1 / (1 + e + e * Vb[index[c0 + m]]);
    const row = factor * (ya - yb) * (ya + yb - twiceTarget[z0 + m]);
    acc += Number.isNaN(row) ? rowByValue(s.z[z0 + m], s.coef[c0 + m], sa, sb, s.t[z0 + m]) : row;
  }
  return acc;
}

/** One row's (ya − yb)(ya + yb − 2t) from y = σ(z + c·δ) itself. */
function rowBySigmoid(z: number, c: number, a: number, b: number, t: number): number {
  const ya = sigmoid(z + c * a);
  const yb = sigmoid(z + c * b);
  return (ya - yb) * (ya + yb - 2 * t);
}

/** One row's (ya − yb)(ya + yb − 2t) from y = tanh(z + c·δ) itself. */
function rowByTanh(z: number, c: number, a: number, b: number, t: number): number {
  const ya = Math.tanh(z + c * a);
  const yb = Math.tanh(z + c * b);
  return (ya - yb) * (ya + yb - 2 * t);
}
