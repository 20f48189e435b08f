import { type Dtype, roundingFor } from '../model/dtype.js';
import { createMatrix, type Matrix, mapMatrix } from '../model/matrix.js';
import { createStream, type RandomStream, type RngName } from './random.js';

/** What determines a generated problem: shapes, value range, seed and generator. */
export interface ProblemOptions {
  n: number;
  d: number;
  C: number;
  domain: number;
  seed: string;
  rng: RngName;
}

/** The notebook's three matrices: data X (n×d), weights W (d×C), targets T (n×C). */
export interface Problem {
  X: Matrix;
  W: Matrix;
  T: Matrix;
}

/**
 * The bound of X and W, as the notebook writes it: `int(DOMAIN/2.9)`, a float64
 * division truncated toward zero (domain 10 gives 3, so entries 0, 1, 2).
 */
export function inputBound(domain: number): number {
  return Math.trunc(domain / 2.9);
}

function fill(stream: RandomStream, rows: number, cols: number, high: number): Matrix {
  const m = createMatrix(rows, cols);
  for (let k = 0; k < m.data.length; k++) m.data[k] = stream.integer(high);
  return m;
}

/**
 * Draws T, then X, then W, each row-major, from one stream: the notebook's order.
 * Pass the stream to keep drawing from it afterwards (the Taylor test's direction).
 */
export function generateProblem(spec: ProblemOptions, stream: RandomStream = createStream(spec.rng, spec.seed)): Problem {
  const bound = inputBound(spec.domain);
  const T = fill(stream, spec.n, spec.C, spec.domain);
  const X = fill(stream, spec.n, spec.d, bound);
  const W = fill(stream, spec.d, spec.C, bound);
  return { X, W, T };
}

/**
 * The problem in a dtype: drawn (or given, with the stream advanced as if it had drawn
 * it), every stored value rounded to the dtype as a torch tensor of that dtype would be.
 */
export function problemFor(opts: ProblemOptions & { dtype: Dtype }, stream?: RandomStream, given?: Problem): Problem {
  const drawn = generateProblem(opts, stream);
  const raw = given ?? drawn;
  if (opts.dtype === 'float64' && !given) return raw;
  const r = roundingFor(opts.dtype);
  return { X: mapMatrix(raw.X, r), W: mapMatrix(raw.W, r), T: mapMatrix(raw.T, r) };
}
