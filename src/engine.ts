import { type Diagnosis, diagnose } from './check/diagnose.js';
import { type Entry, type ParameterGradients, type Summary, compareAll } from './check/report.js';
import { type Dtype, machineEpsilon, roundingFor } from './model/dtype.js';
import { type LiveParameter, type LossProbe, type Objective, directionProbe } from './numeric/difference.js';
import { type Progress, allIndices, numericGradient } from './numeric/gradient.js';
import { fullPassMagnitude, roundoffOf } from './numeric/roundoff.js';
import { SCHEMES, type SchemeName } from './numeric/schemes.js';
import { type StepRule, autoStep, predictedStep, stepFor } from './numeric/steps.js';
import type { RandomStream } from './problem/random.js';
import { stratifiedSample, unitDirection } from './problem/sample.js';

/** One parameter to check: its live values, the analytic gradient, and how to probe it. */
export interface CheckedParameter extends LiveParameter {
  shape: readonly number[];
  analytic: ArrayLike<number>;
  probe: LossProbe;
  /** The Σ the roundoff estimate needs at entry k (roundoff.ts); 0 when absent. */
  noise?(k: number): number;
  /** Whether entry k's steps (up to ±reach) cross a kink of the activation. */
  kink?(k: number, reach: number): boolean;
  /** Whether all of entry k's moved rows have σ′ < 1e-6. */
  saturated?(k: number): boolean;
  /** The index JSON gives entry k; row-major in `shape` when absent. */
  indexOf?(k: number): number[];
}

export interface CheckSettings {
  dtype: Dtype;
  scheme: SchemeName;
  eps: StepRule;
  atol: number;
  rtol: number;
  sample: number | null;
  fast: boolean;
  /** Whether per-entry probes run whole passes (--numeric full, or a module). */
  wholePasses: boolean;
  /** The loss at θ and how many terms it sums: the L of the roundoff of whole passes. */
  loss: number;
  lossTerms: number;
  /** How to say "use local probes" and "use complex-step", when they can be used. */
  localAvailable: boolean;
  complexAvailable: boolean;
}

export type CheckSummary = Summary & { diagnosis: Diagnosis | null };

/** What to try instead, in the words of the command line. */
function remedies(s: CheckSettings) {
  const scheme = SCHEMES[s.scheme];
  const best = predictedStep(scheme, machineEpsilon(s.dtype)).toExponential(0);
  const againstRoundoff: string[] = [];
  if (s.dtype !== 'float64') againstRoundoff.push('--dtype float64');
  if (s.wholePasses && s.localAvailable) againstRoundoff.push('--numeric local (it never forms the whole loss)');
  if (s.eps !== 'auto') againstRoundoff.push(`--eps auto (a step near ${best})`);
  if (againstRoundoff.length === 0) {
    againstRoundoff.push(scheme.noise > 0 && s.complexAvailable ? '--scheme complex-step (it subtracts nothing)' : 'a larger --atol');
  }
  const higher = s.complexAvailable ? '--scheme five-point or complex-step' : '--scheme five-point';
  return {
    roundoff: `For a conclusive check use ${againstRoundoff.join(', or ')}.`,
    truncation: `Use a smaller step (--eps auto picks about ${best}) or a higher-order scheme (${higher}).`,
  };
}

/** k entries shared out over parameters in proportion to their sizes, at least one each while k allows. */
function shareSample(sizes: readonly number[], k: number): number[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  const share = sizes.map((n) => Math.min(n, Math.max(k >= sizes.length ? 1 : 0, Math.floor((k * n) / total))));
  for (let q = 0, left = k - share.reduce((a, b) => a + b, 0); left > 0 && q < 10 * sizes.length; q++) {
    const p = q % sizes.length;
    if (share[p] < sizes[p]) {
      share[p]++;
      left--;
    }
  }
  return share;
}

/**
 * The numeric side of a check and the comparison: every entry (or a sample, or one
 * direction) of every parameter, its step, numeric value and roundoff, the verdicts,
 * and a diagnosis when something fails. `stream` supplies the sample or the direction.
 */
export function runChecks(
  objective: Objective, params: readonly CheckedParameter[], s: CheckSettings, stream: RandomStream, onProgress?: Progress,
): { entries: Entry[]; summary: CheckSummary } {
  const scheme = SCHEMES[s.scheme];
  const epsilon = machineEpsilon(s.dtype);
  const r = roundingFor(s.dtype);
  const L = fullPassMagnitude(s.loss, s.lossTerms);
  const gradients: ParameterGradients[] = [];
  const halfSteps: (() => Float64Array)[] = [];

  if (s.fast) {
    const u = params.map((p) => unitDirection(p.values.length, stream));
    // One unit direction over all parameters together.
    const norm = Math.sqrt(params.length);
    u.forEach((v) => v.forEach((x, k) => (v[k] = x / norm)));
    const probe = directionProbe(objective, params, u, r);
    const maxAbs = Math.max(...params.map((p) => p.values.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));
    const h = s.eps === 'auto' ? autoStep(maxAbs, scheme, epsilon) : s.eps;
    const numeric = scheme.estimate(probe, 0, h);
    onProgress?.(1, 1);
    let analytic = 0;
    let noise = 0;
    params.forEach((p, q) => {
      for (let k = 0; k < p.values.length; k++) {
        analytic += p.analytic[k] * u[q][k];
        noise += Math.abs(u[q][k]) * (p.noise?.(k) ?? 0);
      }
    });
    gradients.push({
      name: 'direction', shape: [], analytic: [analytic], numeric: [numeric], steps: [h],
      roundoff: [roundoffOf(scheme, epsilon, L, noise, maxAbs, h, numeric)],
    });
    halfSteps.push(() => Float64Array.of(scheme.estimate(probe, 0, h / 2)));
  } else {
    const share = s.sample === null ? params.map((p) => p.values.length) : shareSample(params.map((p) => p.values.length), s.sample);
    const total = share.reduce((a, b) => a + b, 0);
    let done = 0;
    for (const [q, p] of params.entries()) {
      const indices = s.sample === null ? allIndices(p.values.length) : stratifiedSample(p.values.length, share[q], stream);
      const stepOf = (k: number) => stepFor(s.eps, p.values[k], scheme, epsilon);
      const progress: Progress | undefined = onProgress && ((e) => onProgress(done + e, total));
      const numeric = numericGradient(indices, p.probe, scheme, stepOf, progress);
      done += indices.length;
      gradients.push({
        name: p.name, shape: p.shape, indices, indexOf: p.indexOf,
        analytic: Array.from(indices, (k) => p.analytic[k]),
        numeric: numeric.values, steps: numeric.steps,
        roundoff: Array.from(indices, (k, e) =>
          roundoffOf(scheme, epsilon, s.wholePasses ? L : 0, p.noise?.(k) ?? 0, Math.abs(p.values[k]), numeric.steps[e], numeric.values[e])),
        kink: p.kink && Array.from(indices, (k, e) => p.kink!(k, scheme.reach * numeric.steps[e])),
      });
      halfSteps.push(() => numericGradient(indices, p.probe, scheme, (k) => stepOf(k) / 2).values);
    }
  }

  const { entries, summary } = compareAll(gradients, s);
  let diagnosis: Diagnosis | undefined;
  if (entries.some((e) => e.status === 'fail')) {
    const saturatedFlags = s.fast ? undefined : gradients.flatMap((g, q) => Array.from(g.indices!, (k) => params[q].saturated?.(k) ?? false));
    diagnosis = diagnose(entries, {
      tol: s,
      shape: gradients.length === 1 ? gradients[0].shape : [],
      shapes: Object.fromEntries(gradients.map((g) => [g.name, g.shape])),
      order: scheme.order,
      remedies: remedies(s),
      directional: s.fast,
      halfStep: scheme.noise === 0 ? undefined : Float64Array.from(halfSteps.flatMap((f) => Array.from(f()))),
      saturated: saturatedFlags,
    });
  }
  return { entries, summary: { ...summary, diagnosis: diagnosis ?? null } };
}
