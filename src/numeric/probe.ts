import { type Round, unrounded } from './dtype.js';

/** What a finite-difference scheme may ask about entry k: loss values only, no derivative formula. */
export interface LossProbe {
  /** l(θ + a·eₖ) − l(θ + b·eₖ). */
  difference(k: number, a: number, b: number): number;
  /** Im l(θ + i·h·eₖ): the loss evaluated in complex arithmetic. */
  imaginary(k: number, h: number): number;
}

/** A difference over the steps storage really took (float32 rounds w + a), rescaled to the asked a − b. */
export function asAsked(difference: number, a: number, b: number, taken: number): number {
  return taken === a - b || taken === 0 ? difference : (difference * (a - b)) / taken;
}

/** A loss over parameter arrays that probes change in place ("live" values). */
export interface Objective {
  /** l at the parameters' current contents, by one whole pass. */
  loss(): number;
  /** Im l(θ + i·V), V by parameter name (absent = 0); undefined without complex arithmetic (a user's module). */
  imaginary?(V: Readonly<Record<string, Float64Array>>): number;
  /** l(θ + a·u) − l(θ + b·u) without a whole pass a value (the model: Z moves on a line); undefined if none. */
  along?(u: Readonly<Record<string, Float64Array>>): (a: number, b: number) => number;
}

/** A parameter as probes see it: its name and its live values. */
export interface LiveParameter {
  name: string;
  values: Float64Array;
}

/** Whole-loss probe: losses in the model's dtype, differenced in float64 as the notebook's `.item()` is. */
export function fullProbe(objective: Objective, param: LiveParameter, r: Round): LossProbe {
  const { values } = param;
  const V = new Float64Array(values.length);
  return {
    difference(k, a, b) {
      const w = values[k];
      values[k] = r(w + a);
      const la = objective.loss();
      values[k] = r(w + b);
      const lb = objective.loss();
      values[k] = w;
      return la - lb;
    },
    imaginary(k, h) {
      if (!objective.imaginary) throw new Error('this loss cannot be evaluated in complex arithmetic');
      V[k] = h;
      const im = objective.imaginary({ [param.name]: V });
      V[k] = 0;
      return im;
    },
  };
}

/** Probes along one direction u of all parameters at once (torch's fast mode); the entry index is ignored. */
export function directionProbe(
  objective: Objective,
  params: readonly LiveParameter[],
  u: readonly Float64Array[],
  r: Round,
): LossProbe {
  const byName = Object.fromEntries(params.map((p, q) => [p.name, u[q]]));
  // float64 takes the objective's shortcut when it has one; float32 keeps its whole passes' rounding.
  const along = r === unrounded ? objective.along?.(byName) : undefined;
  if (along)
    return { difference: (_k, a, b) => along(a, b), imaginary: (_k, h) => imaginaryAlong(objective, byName, h) };
  const saved = params.map((p) => Float64Array.from(p.values));
  const lossAt = (a: number) => {
    params.forEach((p, q) => {
      for (let k = 0; k < p.values.length; k++) p.values[k] = r(saved[q][k] + r(a * u[q][k]));
    });
    return objective.loss();
  };
  return {
    difference(_k, a, b) {
      const d = lossAt(a) - lossAt(b);
      for (const [q, p] of params.entries()) p.values.set(saved[q]);
      return d;
    },
    imaginary: (_k, h) => imaginaryAlong(objective, byName, h),
  };
}

/** Im l(θ + i·h·u). */
function imaginaryAlong(objective: Objective, u: Readonly<Record<string, Float64Array>>, h: number): number {
  if (!objective.imaginary) throw new Error('this loss cannot be evaluated in complex arithmetic');
  return objective.imaginary(Object.fromEntries(Object.entries(u).map(([name, v]) => [name, v.map((x) => h * x)])));
}

/** A count of the loss values a check evaluates, shared with its worker threads (Atomics): the report's lossCalls. */
export const lossCounter = () => new Int32Array(new SharedArrayBuffer(4));

/** The probe, counting in `calls` the loss values it evaluates: two a difference, one a complex value. */
export function countedProbe(probe: LossProbe, calls: Int32Array): LossProbe {
  return {
    difference(k, a, b) {
      Atomics.add(calls, 0, 2);
      return probe.difference(k, a, b);
    },
    imaginary(k, h) {
      Atomics.add(calls, 0, 1);
      return probe.imaginary(k, h);
    },
  };
}

/** The objective, counting in `calls` each whole loss it evaluates (real or complex). */
export function countedObjective(objective: Objective, calls: Int32Array): Objective {
  const { imaginary, along } = objective;
  return {
    // Two loss values a difference along u, as a difference of whole passes would count them.
    along:
      along &&
      ((u) => {
        const difference = along.call(objective, u);
        return (a, b) => {
          Atomics.add(calls, 0, 2);
          return difference(a, b);
        };
      }),
    loss() {
      Atomics.add(calls, 0, 1);
      return objective.loss();
    },
    imaginary:
      imaginary &&
      ((V) => {
        Atomics.add(calls, 0, 1);
        return imaginary.call(objective, V);
      }),
  };
}
