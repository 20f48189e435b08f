import { ACTIVATIONS, type Activation } from '../../model/activations.js';
import { buggyGradient } from '../../model/bugs.js';
import {
  type HiddenForward,
  hiddenBackward,
  hiddenForward,
  hiddenLoss,
  imaginaryHiddenLoss,
} from '../../model/hidden.js';
import { createMatrix, type Matrix, mapMatrix, transpose } from '../../model/matrix.js';
import { losses, matmul } from '../../model/network.js';
import { machineEpsilon, roundingFor } from '../../numeric/dtype.js';
import { countedObjective, fullProbe, type Objective } from '../../numeric/probe.js';
import type { CheckedParameter, DirectionGuard } from '../../pipeline/parameter.js';
import type { CheckSettings } from '../../pipeline/summary.js';
import type { Problem } from '../../problem/generate.js';
import type { ModelCheckOptions } from './options.js';

/** σ′ below this everywhere an entry moves: the entry is saturated (as strips.ts has it for one layer). */
const SATURATED = 1e-6;

const abs = (m: Matrix) => mapMatrix(m, Math.abs);

/** The analytic gradients with the deliberate bug in every layer: σ′ dropped in both, or each gradient corrupted. */
function buggy(
  opts: ModelCheckOptions,
  backward: (dropped?: { output?: boolean; hidden?: boolean }) => Record<'W1' | 'W2' | 'X', () => Matrix>,
) {
  const right = backward();
  if (!opts.bug) return right;
  if (opts.bug === 'no-activation-derivative') return backward({ output: true, hidden: true });
  const bug = opts.bug;
  // A weight written the wrong way round only where the transpose has its shape (a square one).
  const corrupt = (m: Matrix, isWeight: boolean) => buggyGradient(bug, m, () => m, isWeight && m.rows === m.cols);
  return {
    W1: () => corrupt(right.W1(), true),
    W2: () => corrupt(right.W2(), true),
    X: () => corrupt(right.X(), false),
  };
}

/**
 * What the verdict asks of each entry of a two-layer network: whether moving it moves anything, whether every path to
 * the loss is saturated (σ′ < 1e-6 at the hidden unit or at every output of the row), the backward pass's rounding.
 */
function entryFacts(
  problem: Problem,
  W2: Matrix,
  fw: HiddenForward,
  act: Activation,
  delta: { delta1: Matrix; delta2: Matrix },
  epsilon: number,
) {
  const { X, W: W1 } = problem;
  const [n, d, k, C] = [X.rows, X.cols, W1.cols, W2.cols];
  const s1 = fw.Z1.data.map((z) => Math.abs(act.exact.derivative(z)));
  const s2 = fw.Z2.data.map((z) => Math.abs(act.exact.derivative(z)));
  const rowSaturated = Array.from({ length: n }, (_, i) => s2.subarray(i * C, (i + 1) * C).every((s) => s < SATURATED));
  const dead = (i: number, j: number) => s1[i * k + j] < SATURATED || rowSaturated[i];
  // |δ₁| as the backward pass sums it, |σ′(Z₁)|∘(|δ₂|·|W₂|ᵀ): what its rounding is a few ε of.
  const absDelta2 = abs(delta.delta2);
  const sums = matmul(absDelta2, transpose(abs(W2)), (x) => x);
  const absDelta1 = createMatrix(
    n,
    k,
    sums.data.map((v, m) => s1[m] * v),
  );
  const roundingW1 = matmul(transpose(abs(X)), absDelta1, (x) => x);
  const roundingW2 = matmul(transpose(abs(fw.A)), absDelta2, (x) => x);
  const roundingX = matmul(absDelta1, transpose(abs(W1)), (x) => x);
  const rows = (test: (i: number) => boolean) => Array.from({ length: n }, (_, i) => i).filter(test);
  return {
    W1: {
      moves: (e: number) =>
        rows((i) => X.data[i * d + Math.floor(e / k)] !== 0).length > 0 &&
        W2.data.subarray((e % k) * C, ((e % k) + 1) * C).some((w) => w !== 0),
      saturated: (e: number) => {
        const moved = rows((i) => X.data[i * d + Math.floor(e / k)] !== 0);
        return moved.length > 0 && moved.every((i) => dead(i, e % k));
      },
      analyticRounding: (e: number) => 4 * epsilon * roundingW1.data[e],
    },
    W2: {
      moves: (e: number) => rows((i) => fw.A.data[i * k + Math.floor(e / C)] !== 0).length > 0,
      saturated: (e: number) => {
        const moved = rows((i) => fw.A.data[i * k + Math.floor(e / C)] !== 0);
        return moved.length > 0 && moved.every((i) => s2[i * C + (e % C)] < SATURATED);
      },
      analyticRounding: (e: number) => 4 * epsilon * roundingW2.data[e],
    },
    X: {
      moves: (e: number) => W1.data.subarray((e % d) * k, ((e % d) + 1) * k).some((w) => w !== 0),
      saturated: (e: number) => {
        const i = Math.floor(e / d);
        const p = e % d;
        const moved = Array.from({ length: k }, (_, j) => j).filter((j) => W1.data[p * k + j] !== 0);
        return moved.length > 0 && moved.every((j) => dead(i, j));
      },
      analyticRounding: (e: number) => 4 * epsilon * roundingX.data[e],
    },
  };
}

/**
 * Whether entry e's steps (up to ±reach) carry a z₁ or z₂ across a kink, to first order: W1[p,j] moves z₁[i,j] by
 * ≤ reach·|x_ip| and, through a (slope ≤ 1), z₂[i,c] by ≤ reach·|x_ip·w2_jc|; W2[j,c] moves z₂[i,c] by reach·|a_ij|;
 * X[i,p] moves z₁[i,j] by reach·|w1_pj| and z₂[i,c] by ≤ reach·Σⱼ|w1_pj·w2_jc|. Integer data put many z exactly on 0.
 */
function kinkTest(problem: Problem, W2: Matrix, fw: HiddenForward, act: Activation) {
  const { X, W: W1 } = problem;
  const [n, d, k, C] = [X.rows, X.cols, W1.cols, W2.cols];
  const near = (z: number, reach: number) => act.kinks.some((kink) => Math.abs(z - kink) <= reach);
  const z1 = (i: number, j: number) => fw.Z1.data[i * k + j];
  const z2 = (i: number, c: number) => fw.Z2.data[i * C + c];
  const w2 = (j: number, c: number) => W2.data[j * C + c];
  const w1 = (p: number, j: number) => W1.data[p * k + j];
  const x = (i: number, p: number) => X.data[i * d + p];
  const some = (count: number, test: (m: number) => boolean) => Array.from({ length: count }, (_, m) => m).some(test);
  return {
    W1: (e: number, reach: number) => {
      const [p, j] = [Math.floor(e / k), e % k];
      return some(
        n,
        (i) =>
          x(i, p) !== 0 &&
          (near(z1(i, j), reach * Math.abs(x(i, p))) ||
            some(C, (c) => near(z2(i, c), reach * Math.abs(x(i, p) * w2(j, c))))),
      );
    },
    W2: (e: number, reach: number) => {
      const [j, c] = [Math.floor(e / C), e % C];
      return some(n, (i) => fw.A.data[i * k + j] !== 0 && near(z2(i, c), reach * Math.abs(fw.A.data[i * k + j])));
    },
    X: (e: number, reach: number) => {
      const [i, p] = [Math.floor(e / d), e % d];
      const moved = (c: number) =>
        reach * Array.from({ length: k }, (_, j) => Math.abs(w1(p, j) * w2(j, c))).reduce((a, b) => a + b, 0);
      return (
        some(k, (j) => w1(p, j) !== 0 && near(z1(i, j), reach * Math.abs(w1(p, j)))) ||
        some(C, (c) => moved(c) > 0 && near(z2(i, c), moved(c)))
      );
    },
  };
}

/**
 * Fast mode's guard for a hidden layer with kinks: nothing is held (a z₁ on a kink moves with any direction reaching
 * its row); the largest step carries no z₁ or z₂ across a kink, by their first-order rates along u (0 when one sits
 * on a kink and moves: the direction is blocked, and proves nothing).
 */
function hiddenGuard(
  problem: Problem,
  W2: Matrix,
  fw: HiddenForward,
  act: Activation,
  wrt: readonly string[],
): DirectionGuard {
  const { X, W: W1 } = problem;
  const [n, d, k, C] = [X.rows, X.cols, W1.cols, W2.cols];
  const id = (x: number) => x;
  return {
    hold: () => 0,
    maxStep: (u) => {
      const of = (name: string, rows: number, cols: number) => {
        const q = wrt.indexOf(name);
        return createMatrix(rows, cols, q === -1 ? new Float64Array(rows * cols) : Float64Array.from(u[q]));
      };
      const rate1 = matmul(X, of('W1', d, k), id);
      const fromX = matmul(of('X', n, d), W1, id);
      for (let m = 0; m < rate1.data.length; m++) rate1.data[m] = Math.abs(rate1.data[m] + fromX.data[m]);
      const rate2 = matmul(rate1, abs(W2), id);
      const fromW2 = matmul(fw.A, of('W2', k, C), id);
      for (let m = 0; m < rate2.data.length; m++) rate2.data[m] += Math.abs(fromW2.data[m]);
      let limit = Infinity;
      const bound = (z: Float64Array, rate: Float64Array) => {
        for (let m = 0; m < z.length; m++) {
          if (rate[m] === 0) continue;
          for (const kink of act.kinks) limit = Math.min(limit, Math.abs(z[m] - kink) / rate[m]);
        }
      };
      bound(fw.Z1.data, rate1.data);
      bound(fw.Z2.data, rate2.data);
      return limit;
    },
  };
}

/** Whole passes' roundoff: how much a relative ε in each y, z₂, a and z₁ moves ½Σ(y−t)² (rowNoise's M, two layers). */
function networkRounding(fw: HiddenForward, T: Matrix, W2: Matrix, act: Activation, epsilon: number): number {
  let sum = 0;
  const gradA = matmul(
    createMatrix(
      T.rows,
      T.cols,
      fw.Z2.data.map(
        (z, m) =>
          act.exact.derivative(z) * Math.max(Math.abs(fw.Y.data[m] - T.data[m]), epsilon * Math.abs(fw.Y.data[m])),
      ),
    ),
    transpose(abs(W2)),
    (x) => x,
  );
  fw.Z2.data.forEach((z, m) => {
    const y = fw.Y.data[m];
    sum +=
      Math.max(Math.abs(y - T.data[m]), epsilon * Math.abs(y)) * (Math.abs(y) + Math.abs(act.exact.derivative(z) * z));
  });
  fw.Z1.data.forEach((z, m) => {
    sum += Math.abs(gradA.data[m]) * (Math.abs(fw.A.data[m]) + Math.abs(act.exact.derivative(z) * z));
  });
  return sum;
}

/** The two-layer check: backward pass against whole forward passes (a hidden layer has no strip to probe locally). */
export function runHiddenCheck(opts: ModelCheckOptions, problem: Problem, exact: boolean, calls: Int32Array) {
  const r = roundingFor(opts.dtype);
  const epsilon = machineEpsilon(opts.dtype);
  const { X, W: W1, T } = problem;
  const W2 = problem.W2 as Matrix;
  const act = ACTIVATIONS[opts.model];
  const fw = hiddenForward(X, W1, W2, act, r);
  const loss = losses(fw.Y, T, r);
  const backward = (dropped?: { output?: boolean; hidden?: boolean }) =>
    hiddenBackward(X, W1, W2, T, fw, act, r, exact, dropped);
  const right = backward();
  const analytic = buggy(opts, backward);
  const withoutDerivative = opts.model === 'linear' ? undefined : backward({ output: true });
  const objective: Objective = countedObjective(
    {
      loss: () => hiddenLoss(X, W1, W2, T, act, r),
      imaginary: (V) => imaginaryHiddenLoss(X, W1, W2, T, act, r, V),
    },
    calls,
  );
  const facts = entryFacts(problem, W2, fw, act, right, epsilon);
  const rounding = networkRounding(fw, T, W2, act, epsilon);
  const kinks = act.kinks.length > 0 ? kinkTest(problem, W2, fw, act) : undefined;
  const matrices = { W1, W2, X };
  const params: CheckedParameter[] = opts.wrt.map((wrt) => {
    const name = wrt as 'W1' | 'W2' | 'X';
    const matrix = matrices[name];
    const live = { name, values: matrix.data };
    return {
      ...live,
      shape: [matrix.rows, matrix.cols],
      analytic: analytic[name]().data,
      probe: fullProbe(objective, live, r),
      known: {
        withoutDerivative: withoutDerivative?.[name]().data,
        lossRounding: () => rounding,
        ...facts[name],
        kink: kinks?.[name],
        severalKinks: kinks !== undefined,
      },
    };
  });
  const settings: Omit<CheckSettings, keyof ModelCheckOptions | 'drawn' | 'only'> = {
    calls,
    directionGuard: kinks && hiddenGuard(problem, W2, fw, act, opts.wrt),
    wholePasses: true,
    loss: loss.sumHalf,
    lossTerms: T.data.length,
    localAvailable: false,
    complexAvailable: true,
    derivative: opts.model !== 'linear',
  };
  return { fw: { Z: fw.Z2, Y: fw.Y }, loss, objective, params, settings };
}
