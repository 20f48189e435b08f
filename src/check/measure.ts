import { type Dtype, machineEpsilon, roundingFor } from '../model/dtype.js';
import { numericGradient, type Progress } from '../numeric/gradient.js';
import { directionProbe, type LiveParameter, type LossProbe, type Objective } from '../numeric/probe.js';
import { roundoffOf } from '../numeric/roundoff.js';
import type { Scheme } from '../numeric/schemes.js';
import { autoStep, type StepRule, stepFor } from '../numeric/steps.js';
import type { RandomStream } from '../problem/random.js';
import { unitDirection } from '../problem/sample.js';
import { type Measurement, unravel } from './entries.js';

/** One parameter to check: its live values, the analytic gradient, and how to probe it. */
export interface CheckedParameter extends LiveParameter {
  shape: readonly number[];
  analytic: ArrayLike<number>;
  probe: LossProbe;
  /** The Σ the roundoff estimate needs at entry k (numeric/roundoff.ts); 0 when absent. */
  noise?(k: number): number;
  /** Whether entry k's steps (up to ±reach) cross a kink of the function. */
  kink?(k: number, reach: number): boolean;
  /** Whether all of entry k's moved rows have σ′ < 1e-6. */
  saturated?(k: number): boolean;
  /** The index the report gives entry k; row-major in `shape` when absent. */
  indexOf?(k: number): number[];
}

/** How numeric values are taken: the scheme, the step rule, the dtype, and the loss-size term of roundoff. */
export interface MeasureSettings {
  scheme: Scheme;
  eps: StepRule;
  dtype: Dtype;
  /** L of the roundoff estimate: the loss's own size when probes run whole passes, else 0. */
  lossMagnitude: number;
}

/** A measured entry, with the evidence a diagnosis may ask for later (evaluated only then). */
export interface MeasuredEntry {
  measurement: Measurement;
  numericAtHalfStep?(): number;
  saturated?(): boolean;
}

/** The given entries of one parameter: step, numeric value, roundoff and kink of each. */
export function measureEntries(p: CheckedParameter, indices: Uint32Array, s: MeasureSettings, onProgress?: Progress): MeasuredEntry[] {
  const epsilon = machineEpsilon(s.dtype);
  const stepOf = (k: number) => stepFor(s.eps, p.values[k], s.scheme, epsilon);
  const numeric = numericGradient(indices, p.probe, s.scheme, stepOf, onProgress);
  const indexOf = p.indexOf ?? ((k: number) => unravel(k, p.shape));
  const saturated = p.saturated?.bind(p);
  return Array.from(indices, (k, e) => {
    const step = numeric.steps[e];
    const value = numeric.values[e];
    const measurement: Measurement = {
      param: p.name,
      index: indexOf(k),
      analytic: p.analytic[k],
      numeric: value,
      step,
      roundoff: roundoffOf(s.scheme, epsilon, s.lossMagnitude, p.noise?.(k) ?? 0, Math.abs(p.values[k]), step, value),
      kink: p.kink?.(k, s.scheme.reach * step) ?? false,
    };
    return {
      measurement,
      numericAtHalfStep: s.scheme.subtracts ? () => s.scheme.estimate(p.probe, k, stepOf(k) / 2) : undefined,
      saturated: saturated && (() => saturated(k)),
    };
  });
}

/**
 * torch's fast mode: one seeded unit direction u over all parameters together, and
 * ⟨g, u⟩ against the directional difference of the loss along u.
 */
export function measureDirection(
  objective: Objective,
  params: readonly CheckedParameter[],
  stream: RandomStream,
  s: MeasureSettings,
): MeasuredEntry {
  const epsilon = machineEpsilon(s.dtype);
  const norm = Math.sqrt(params.length);
  const u = params.map((p) => unitDirection(p.values.length, stream).map((x) => x / norm));
  const probe = directionProbe(objective, params, u, roundingFor(s.dtype));
  const maxAbs = Math.max(...params.map((p) => p.values.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));
  const h = s.eps === 'auto' ? autoStep(maxAbs, s.scheme, epsilon) : s.eps;
  const numeric = s.scheme.estimate(probe, 0, h);
  let analytic = 0;
  let noise = 0;
  params.forEach((p, q) => {
    for (let k = 0; k < p.values.length; k++) {
      analytic += p.analytic[k] * u[q][k];
      noise += Math.abs(u[q][k]) * (p.noise?.(k) ?? 0);
    }
  });
  return {
    measurement: {
      param: 'direction',
      index: [],
      analytic,
      numeric,
      step: h,
      roundoff: roundoffOf(s.scheme, epsilon, s.lossMagnitude, noise, maxAbs, h, numeric),
      kink: false,
    },
    numericAtHalfStep: s.scheme.subtracts ? () => s.scheme.estimate(probe, 0, h / 2) : undefined,
  };
}
