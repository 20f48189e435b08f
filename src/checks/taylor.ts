import { ACTIVATIONS, type Activation, type ModelName } from '../model/activations.js';
import { type BugName, buggyGradientW } from '../model/bugs.js';
import { type Dtype, machineEpsilon, roundingFor } from '../model/dtype.js';
import { createMatrix, type Matrix } from '../model/matrix.js';
import { forwardPass, gradientW, outputDelta } from '../model/network.js';
import { fullLoss } from '../model/objective.js';
import { fullPassMagnitude } from '../numeric/roundoff.js';
import { type ProblemOptions, problemFor } from '../problem/generate.js';
import { createStream } from '../problem/random.js';
import { unitDirection } from '../problem/sample.js';
import { problemConfig, seriesHead, type ToolStamp } from './report.js';

export interface TaylorOptions extends ProblemOptions {
  model: ModelName;
  dtype: Dtype;
  bug: BugName | null;
  /** h = 2⁰ … 2^−(steps−1). */
  steps: number;
}

export interface TaylorPoint {
  h: number;
  residual: number;
  /** Above the roundoff floor and small enough to be asymptotic: part of the fit. */
  used: boolean;
}

export interface TaylorReport {
  schemaVersion: 1;
  kind: 'taylor';
  tool: ToolStamp;
  config: Omit<TaylorOptions, 'seed'> & { seed: number | string; loss: 'sum-half' };
  /** Residuals below this are rounding, not Taylor remainder. */
  floor: number;
  points: TaylorPoint[];
  /** Slope of log r against log h over the used points: 2 for a right gradient, 1 for a wrong one. */
  order: number;
  pass: boolean;
  /** How many z sat on a kink and were kept there by the direction (relu at z = 0). */
  heldAtKinks: number;
}

/** An order at least this close to 2 passes. */
export const MIN_ORDER = 1.8;

/** Least-squares slope of y against x. */
export function leastSquaresSlope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let k = 0; k < n; k++) {
    sxy += (xs[k] - mx) * (ys[k] - my);
    sxx += (xs[k] - mx) ** 2;
  }
  return sxy / sxx;
}

/**
 * r(h) = |l(W + hD) − l(W) − h⟨g, D⟩| for a seeded unit direction D (drawn from the
 * same stream after T, X, W, uniform in [−1, 1), then normalized). If g is the
 * gradient, r = O(h²); if not, r ≈ h·|⟨g − ∇l, D⟩| = O(h). No step to choose.
 */
export function taylor(opts: TaylorOptions): TaylorReport {
  const r = roundingFor(opts.dtype);
  const epsilon = machineEpsilon(opts.dtype);
  const stream = createStream(opts.rng, opts.seed);
  const { X, W, T } = problemFor(opts, stream);
  const act = ACTIVATIONS[opts.model];

  const fw = forwardPass(X, W, act, r);
  const { direction: D, held } = tangentToKinks(unitDirection(W.data.length, stream), X, fw.Z, act);

  const correct = gradientW(X, outputDelta(fw, T, act, r), r);
  const g = opts.bug ? buggyGradientW(opts.bug, correct, X, fw, T, r) : correct;
  const gD = D.reduce((s, v, k) => s + v * g.data[k], 0);
  if (D.every((v) => v === 0)) {
    // Every direction moves some z off a kink: no Taylor test is possible here.
    return report(opts, Number.POSITIVE_INFINITY, [], NaN, held);
  }
  const l0 = fullLoss(X, W, T, act, r);

  const moved = createMatrix(W.rows, W.cols);
  const floor = 10 * epsilon * (fullPassMagnitude(l0, T.data.length) + W.data.reduce((s, w, k) => s + Math.abs(w * g.data[k]), 0));
  const points: TaylorPoint[] = [];
  for (let k = 0; k < opts.steps; k++) {
    const h = 2 ** -k;
    W.data.forEach((w, m) => {
      moved.data[m] = r(w + h * D[m]);
    });
    const residual = Math.abs(fullLoss(X, moved, T, act, r) - l0 - h * gD);
    // h ≥ ½ is too far out for the remainder to follow its leading term.
    points.push({ h, residual, used: k >= 2 && residual > floor });
  }
  const used = points.filter((p) => p.used);
  const order =
    used.length >= 3
      ? leastSquaresSlope(
          used.map((p) => Math.log2(p.h)),
          used.map((p) => Math.log2(p.residual)),
        )
      : NaN;
  return report(opts, floor, points, order, held);
}

function report(opts: TaylorOptions, floor: number, points: TaylorPoint[], order: number, held: number): TaylorReport {
  return {
    ...seriesHead('taylor'),
    config: {
      ...problemConfig(opts.model, opts, opts),
      dtype: opts.dtype,
      bug: opts.bug,
      steps: opts.steps,
    },
    floor,
    points,
    order,
    pass: order >= MIN_ORDER,
    heldAtKinks: held,
  };
}

/**
 * At a kink (relu at z = 0) the loss has no derivative, and moving such a z makes the
 * remainder O(h) whatever the gradient. So D is projected, column by column, onto the
 * directions that leave every z sitting on a kink where it is (x_r·D[:,j] = 0 for those
 * rows r), then normalized again. Returns how many z were held, and a zero direction when
 * no direction is left.
 */
export function tangentToKinks(D: Float64Array, X: Matrix, Z: Matrix, act: Activation): { direction: Float64Array; held: number } {
  if (act.kinks.length === 0) return { direction: D, held: 0 };
  const { rows: n, cols: d } = X;
  const C = Z.cols;
  let held = 0;
  for (let j = 0; j < C; j++) {
    // Gram–Schmidt over the rows of X whose z in column j sits on a kink.
    const basis: Float64Array[] = [];
    for (let r = 0; r < n; r++) {
      if (!act.kinks.includes(Z.data[r * C + j])) continue;
      held++;
      const v = Float64Array.from(X.data.subarray(r * d, (r + 1) * d));
      for (const b of basis) {
        const dot = v.reduce((s, x, k) => s + x * b[k], 0);
        v.forEach((x, k) => {
          v[k] = x - dot * b[k];
        });
      }
      const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
      if (norm > 1e-12) basis.push(v.map((x) => x / norm));
    }
    for (const b of basis) {
      let dot = 0;
      for (let i = 0; i < d; i++) dot += D[i * C + j] * b[i];
      for (let i = 0; i < d; i++) D[i * C + j] -= dot * b[i];
    }
  }
  const norm = Math.sqrt(D.reduce((s, v) => s + v * v, 0));
  return { direction: norm > 1e-12 ? D.map((v) => v / norm) : D.fill(0), held };
}
