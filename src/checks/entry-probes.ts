// The entries of a user's function as a check probes them: one leaf of the parameters moved at a time, on a copy a
// thread keeps of its own; and the test that the function left the parameters it was given as they were.
import { asAsked, type LossProbe } from '../numeric/probe.js';
import type { CheckedParameter } from '../pipeline/parameter.js';
import {
  ContractError,
  copyParameters,
  type FlatParameter,
  flatten,
  leafAt,
  type ParameterSet,
  type Parameters,
  setLeaf,
} from './parameters.js';

/** Differences of the user's loss along one entry: only that leaf is set and restored, O(depth) a call, not O(P). */
export function entryProbe<P extends ParameterSet<P>>(
  loss: (params: P) => number,
  live: P,
  p: FlatParameter,
  base?: number,
): LossProbe {
  const set = (k: number, v: number) => setLeaf(live, p.name, p.paths[k], v);
  // The offset the loss saw: a Float32Array stores w + a rounded to float32. At no offset, the loss at θ is
  // `base` when given: a forward difference then costs one call.
  const lossAt = (k: number, a: number) => {
    const w = p.values[k];
    if (a === 0 && base !== undefined) return { loss: base, at: w };
    set(k, w + a);
    return { loss: loss(live), at: leafAt(live, p.name, p.paths[k]) };
  };
  return {
    difference(k, a, b) {
      const w = p.values[k];
      const [A, B] = [lossAt(k, a), lossAt(k, b)];
      set(k, w);
      // Rescaled to the steps the scheme asked for when storage rounded them (exact otherwise).
      return asAsked(A.loss - B.loss, a, b, A.at - B.at);
    },
    imaginary() {
      throw new Error("a user's loss cannot be evaluated in complex arithmetic");
    },
  };
}

/**
 * Refuses a function that changed the parameters it was given: every difference after that would compare losses at
 * points nobody chose. Names the first value changed.
 */
export function unchanged(what: 'loss' | 'gradient', given: Parameters, flat: readonly FlatParameter[]): void {
  const now = flatten(given);
  for (const [q, p] of flat.entries())
    for (let k = 0; k < p.values.length; k++) {
      const after = now[q]?.values[k];
      if (Object.is(after, p.values[k])) continue;
      throw new ContractError(
        `${what} changed the parameters it was given ` +
          `(${p.name}[${p.paths[k].join(',')}]: ${p.values[k]} → ${after}): ` +
          'it must leave them as they are; copy what it changes',
      );
    }
}

/** What another thread builds the same parameters from: the drawn parameters, the loss there, the gradient checked. */
export interface GradientTask<P extends ParameterSet<P> = Parameters> {
  initial: P;
  l0: number;
  gradient: Float64Array[];
  /** Whether each parameter's gradient came back in a Float32Array (rounded to float32). */
  rounded: boolean[];
}

/**
 * The parameters a check of a gradient measures: each entry probed by setting one leaf of a copy of the
 * parameters of its own (a thread's), its loss at no offset the known l0.
 */
export function gradientParameters<P extends ParameterSet<P>>(
  loss: (params: P) => number,
  { initial, l0, gradient, rounded }: GradientTask<P>,
  flat: FlatParameter[] = flatten(initial),
): CheckedParameter[] {
  const live: P = copyParameters(initial);
  return flat.map((p, q) => ({
    name: p.name,
    values: p.values,
    shape: p.shape,
    analytic: gradient[q],
    probe: entryProbe(loss, live, p, l0),
    indexOf: (k) => p.paths[k],
    known: {
      kinksUnknown: true,
      ...(rounded[q] ? { analyticRounding: (k: number) => 2 ** -23 * Math.abs(gradient[q][k]) } : {}),
    },
  }));
}
