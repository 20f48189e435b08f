import { createMatrix, type Matrix, mapMatrix } from '../model/matrix.js';
import { type Dtype, roundingFor } from '../numeric/dtype.js';
import { createStream, type RandomStream, type RngName } from './random.js';

/** How X, W and T are drawn: the notebook's non-negative integers, or signed ones scaled so z has variance ~1. */
export const INITS = ['notebook', 'scaled'] as const;
export type InitName = (typeof INITS)[number];

/** What determines a generated problem: shapes, value range, seed, generator and recipe. */
export interface ProblemOptions {
  n: number;
  d: number;
  C: number;
  domain: number;
  seed: string;
  rng: RngName;
  init: InitName;
  /** Units of a hidden layer (Y = σ(σ(XW₁)W₂)); absent or null for the notebook's one layer. */
  hidden?: number | null;
}

/** The largest problem a check accepts: the entries of X, W and T together. */
export const MAX_ELEMENTS = 2 ** 24;

/** The most entries one check measures: at ~1 KB of report each, within a 64-bit Node.js's default heap. */
export const MAX_CHECKED = 2 ** 21;

/** How many entries a check of these parameters measures: their sizes, a sample of them, or one direction. */
export function checkedEntries(
  spec: ProblemOptions,
  wrt: readonly string[],
  sample: number | null,
  fast: boolean,
): number {
  if (fast) return 1;
  const k = spec.hidden ?? 0;
  const sizes: Record<string, number> = { W: spec.d * spec.C, X: spec.n * spec.d, W1: spec.d * k, W2: k * spec.C };
  const all = wrt.reduce((sum, name) => sum + (sizes[name] ?? 0), 0);
  return Math.min(all, sample ?? all);
}

/** The smallest --domain whose notebook draws are not all 0: trunc(6/2.9) = 2, so X and W take 0 and 1. */
export const MIN_DOMAIN = 6;

/** The notebook's X (n×d), W (d×C), T (n×C); with a hidden layer of k units, W is W₁ (d×k), W2 is W₂ (k×C). */
export interface Problem {
  X: Matrix;
  W: Matrix;
  T: Matrix;
  W2?: Matrix;
}

/** The bound of X and W as the notebook writes it, `int(DOMAIN/2.9)`: domain 10 gives 3, so entries 0, 1, 2. */
export function inputBound(domain: number): number {
  return Math.trunc(domain / 2.9);
}

/** A rows×cols matrix of integer(high) + shift, divided by scale, drawn row-major. */
function fill(stream: RandomStream, rows: number, cols: number, high: number, shift = 0, scale = 1): Matrix {
  const m = createMatrix(rows, cols);
  for (let k = 0; k < m.data.length; k++) m.data[k] = (stream.integer(high) + shift) / scale;
  return m;
}

/**
 * The divisor of W in `--init scaled`: x, w uniform on −b … b (variance v = b(b+1)/3) give z = Σ x·w/s
 * variance d·v²/s², 1 at s = v·√d; a power of two so every w is exact in float32 too.
 */
export function scaledDivisor(b: number, d: number): number {
  const v = (b * (b + 1)) / 3;
  return 2 ** Math.round(Math.log2(v * Math.sqrt(d)));
}

/**
 * The divisor of W₂ in `--init scaled`: its inputs a = σ(z₁) have E[a²] ≈ ⅓, so z₂ = Σ a·w/s has
 * variance k·v/(3s²), about 1 at s = √(k·v/3), a power of two as scaledDivisor's.
 */
export function hiddenDivisor(b: number, k: number): number {
  const v = (b * (b + 1)) / 3;
  return 2 ** Math.round(Math.log2(Math.sqrt((k * v) / 3)));
}

/**
 * Draws T, X, W (then W₂ with a hidden layer), each row-major, from one stream in the notebook's order.
 * - notebook: T in [0, domain), X and W in [0, b) with b = trunc(domain/2.9);
 * - scaled: T and X on the integers −b … b, W too but divided by scaledDivisor(b, d).
 * Pass the stream to keep drawing from it afterwards (the sample, the direction).
 */
export function generateProblem(
  spec: ProblemOptions,
  stream: RandomStream = createStream(spec.rng, spec.seed),
): Problem {
  const b = inputBound(spec.domain);
  if (spec.init === 'scaled') {
    const T = fill(stream, spec.n, spec.C, 2 * b + 1, -b);
    const X = fill(stream, spec.n, spec.d, 2 * b + 1, -b);
    const k = spec.hidden ?? spec.C;
    const W = fill(stream, spec.d, k, 2 * b + 1, -b, scaledDivisor(b, spec.d));
    if (!spec.hidden) return { X, W, T };
    return { X, W, T, W2: fill(stream, k, spec.C, 2 * b + 1, -b, hiddenDivisor(b, k)) };
  }
  const T = fill(stream, spec.n, spec.C, spec.domain);
  const X = fill(stream, spec.n, spec.d, b);
  const W = fill(stream, spec.d, spec.hidden ?? spec.C, b);
  if (!spec.hidden) return { X, W, T };
  return { X, W, T, W2: fill(stream, spec.hidden, spec.C, b) };
}

/** The problem drawn (or given, the stream advanced alike), rounded to the dtype as a torch tensor would be. */
export function problemFor(opts: ProblemOptions & { dtype: Dtype }, stream?: RandomStream, given?: Problem): Problem {
  const drawn = generateProblem(opts, stream);
  const raw = given ?? drawn;
  if (opts.dtype === 'float64' && !given) return raw;
  const r = roundingFor(opts.dtype);
  const rounded = { X: mapMatrix(raw.X, r), W: mapMatrix(raw.W, r), T: mapMatrix(raw.T, r) };
  return raw.W2 ? { ...rounded, W2: mapMatrix(raw.W2, r) } : rounded;
}
