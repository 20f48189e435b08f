import { ACTIVATIONS, type Activation } from '../../model/activations.js';
import { holdKinks, stepWithinKinks } from '../../model/kinks.js';
import { type Matrix, mapMatrix, transpose } from '../../model/matrix.js';
import { type Forward, forwardPass, losses, matmul } from '../../model/network.js';
import { modelObjective } from '../../model/objective.js';
import { absOutputDelta, complexRounding, derivatives, rowRounding } from '../../model/rounding.js';
import { sharesExponentials, stripProbe, stripSubgradients } from '../../model/strip-probe.js';
import {
  crossesKink,
  lossDerivatives,
  movesAnything,
  type Strips,
  saturated,
  stripsForward,
  stripsW,
  stripsX,
} from '../../model/strips.js';
import { machineEpsilon, roundingFor } from '../../numeric/dtype.js';
import { countedObjective, countedProbe, fullProbe, lossCounter, type Objective } from '../../numeric/probe.js';
import { SCHEMES } from '../../numeric/schemes.js';
import { once } from '../../pipeline/measure.js';
import type { CheckedParameter, DirectionGuard } from '../../pipeline/parameter.js';
import type { Problem } from '../../problem/generate.js';
import type { WrtName } from '../../rules/options.js';
import { analyticGradients, type Gradients } from './gradients.js';
import { exactAnalytic, type ModelCheckOptions } from './options.js';
import { OWN_WORKER, type PoolTask, startPool } from './parallel.js';
import { asksEverySum, PAGE_BITS, type RowsWhenAsked, sumsApart, sumsTogether } from './sums.js';

/** One parameter of the built-in model, probed locally through its strips or by whole passes. */
function modelParameter(
  name: WrtName,
  matrix: Matrix,
  gradients: Gradients,
  strips: Strips,
  objective: Objective,
  fw: Forward,
  act: Activation,
  opts: ModelCheckOptions,
  everyEntry: boolean,
  zSize: () => Matrix,
): CheckedParameter {
  const r = roundingFor(opts.dtype);
  const subtracts = SCHEMES[opts.scheme].subtracts;
  const shared = opts.numeric !== 'full' && sharesExponentials(act, r);
  const epsilon = machineEpsilon(opts.dtype);
  // Row terms, made when first asked for, in the strips' layout: elementwise in z, y and t, so no transposed copies.
  const laidOut = once(() => stripsForward(strips, fw));
  const derivativeRows = once(() => lossDerivatives(laidOut().fw.Z, laidOut().T, act));
  const rows: RowsWhenAsked = {
    rounding: once(() => {
      const { fw, T } = laidOut();
      return subtracts ? rowRounding(fw, T, act, epsilon, shared) : complexRounding(fw, T, act);
    }),
    // σ′ from y (torch's arithmetic: float32, or --rng torch) carries y's rounding; the exact forms do not.
    absDelta: once(() =>
      absOutputDelta(laidOut().fw, laidOut().T, act, epsilon, strips.layout(zSize().data), !exactAnalytic(opts)),
    ),
    first: once(() => derivativeRows().first),
    third: once(() => derivativeRows().third),
  };
  const kinks = act.kinks.length > 0;
  const together = asksEverySum(opts, kinks);
  const sums = together
    ? sumsTogether(strips, rows, !subtracts, everyEntry, matrix.data.length)
    : sumsApart(strips, rows, !subtracts);
  // σ′ in the strips' layout, made only if a failure needs the saturation test.
  let derivative: Float64Array | undefined;
  const derivativeInStrips = () => (derivative ??= derivatives(laidOut().fw, act));
  const live = { name, values: matrix.data };
  return {
    ...live,
    shape: [matrix.rows, matrix.cols],
    analytic: gradients.analytic,
    probe: opts.numeric === 'full' ? fullProbe(objective, live, r) : stripProbe(strips, matrix.data, act, r),
    known: {
      withoutDerivative: gradients.withoutDerivative,
      lossRounding: sums.lossRounding,
      kink: kinks ? (k, reach) => crossesKink(strips, k, act, reach) : undefined,
      subgradients: kinks ? (k, h) => stripSubgradients(strips, k, matrix.data, act, r, h) : undefined,
      saturated: (k) => saturated(strips, k, derivativeInStrips()),
      moves: (k) => movesAnything(strips, k),
      // For the balanced step; with kinks the pilot's steps are used instead (numeric/steps.ts).
      derivativesAlong: kinks ? undefined : (k) => ({ first: sums.first(k), third: sums.third(k) }),
      // The backward pass sums x·δ over the rows: its rounding is a few ε of Σ|c|·|∂l/∂z|.
      analyticRounding: (k) => 4 * epsilon * sums.analyticRounding(k),
    },
    executor: { forget: sums.forget, madeTogether: together && everyEntry ? 1 << PAGE_BITS : undefined },
  };
}

/** Fast mode's direction over the checked parameters, kept clear of the activation's kinks. */
function directionGuard(
  { X, W }: Problem,
  Z: Matrix,
  act: Activation,
  wrt: readonly WrtName[],
): DirectionGuard | undefined {
  if (act.kinks.length === 0) return undefined;
  const byName = (u: readonly Float64Array[]) => Object.fromEntries(wrt.map((name, q) => [name, u[q]]));
  return {
    hold: (u) => holdKinks({ X, W, Z, act }, byName(u)),
    maxStep: (u) => stepWithinKinks({ X, W, Z, act }, byName(u)),
  };
}

/** The one-layer parameters as a worker builds them, from the calling thread's Z (parallel.ts). */
export function oneLayerParameters(
  opts: ModelCheckOptions,
  problem: Problem,
  Z: Matrix,
  everyEntry: boolean,
  calls: Int32Array = lossCounter(),
): CheckedParameter[] {
  return oneLayer(opts, problem, everyEntry, { given: { Z }, calls }).params;
}

/**
 * The one-layer model's parameters. With `threads` > 1 a worker pool starts as soon as Z is known and splits the
 * numeric columns (close() ends it); a worker passes Z (`given`) and builds only the numeric side. `everyEntry`: every
 * entry is measured, so sums are made a page at a time.
 */
export function oneLayer(
  opts: ModelCheckOptions,
  problem: Problem,
  everyEntry: boolean,
  { given, threads = 1, calls = lossCounter() }: { given?: { Z: Matrix }; threads?: number; calls?: Int32Array },
) {
  const r = roundingFor(opts.dtype);
  const { X, W, T } = problem;
  const act = ACTIVATIONS[opts.model];
  const fw = given ? { Z: given.Z, Y: mapMatrix(given.Z, (z) => act.value(z, r)) } : forwardPass(X, W, act, r);
  const task: PoolTask = { opts, problem, Z: fw.Z, everyEntry, calls };
  const script = { base: import.meta.url, name: 'model-worker', limits: OWN_WORKER };
  const pool = threads > 1 ? startPool(script, task, threads - 1) : undefined;
  const loss = losses(fw.Y, T, r);
  // Xᵀ: ∂l/∂W's product and W's strips of coefficients.
  const Xt = once(() => transpose(X));
  const analytic = analyticGradients(opts, problem, fw, Xt);
  const objective = countedObjective(modelObjective(X, W, T, act, r), calls);
  const strips = { W: () => stripsW(X, W, T, fw.Z, Xt()), X: () => stripsX(X, W, T, fw.Z) };
  // Σ|x·w| of each z: what its rounding in the forward pass is a few ε of.
  const zSize = once(() => matmul(mapMatrix(X, Math.abs), mapMatrix(W, Math.abs), (x) => x));
  const params = opts.wrt.map((wrt) => {
    const name = wrt as 'W' | 'X';
    const matrix = name === 'W' ? W : X;
    // A worker needs only the numeric side: no backward pass.
    const gradients = given ? { analytic: matrix.data } : analytic[name]();
    const param = modelParameter(name, matrix, gradients, strips[name](), objective, fw, act, opts, everyEntry, zSize);
    if (opts.numeric !== 'full') param.probe = countedProbe(param.probe, calls);
    if (pool) {
      param.executor = {
        ...param.executor,
        columns: (indices, s, onProgress) => pool.columns(param, indices, s, onProgress),
        ahead: (indices, s) => pool.ahead(param, indices, s),
      };
    }
    return param;
  });
  const settings = {
    calls,
    wholePasses: opts.numeric === 'full',
    loss: loss.sumHalf,
    lossTerms: T.data.length,
    localAvailable: true,
    complexAvailable: true,
    derivative: opts.model !== 'linear',
    directionGuard: directionGuard(problem, fw.Z, act, opts.wrt),
  };
  return { fw, loss, objective, params, settings, close: () => pool?.close() };
}
