import { machineEpsilon } from '../numeric/dtype.js';
import { allIndices } from '../numeric/gradient.js';
import type { LossProbe } from '../numeric/probe.js';
import { roundoffScale } from '../numeric/roundoff.js';
import { balancedStep, balanceOf, firstPilot, pilotAt, powerOfTwo, textbookStep } from '../numeric/steps.js';
import type { RandomStream } from '../problem/random.js';
import { shareSample, signDirection, stratifiedSample } from '../problem/sample.js';
import type { CheckedParameter, DirectionGuard, MeasureSettings, Screen } from './parameter.js';

/** The plan stage: which entries a check measures and at which step, as data the measure stage carries out. */

/** Which entries: all, a sample shared out over the parameters, or those a recheck names (`only`, by name). */
export interface EntryChoice {
  sample: number | null;
  only?: ReadonlyMap<string, Uint32Array>;
}

/** The entries of each parameter to check, as flat positions. */
export function chosenEntries(
  params: readonly CheckedParameter[],
  choice: EntryChoice,
  stream: RandomStream,
): Uint32Array[] {
  const sizes = params.map((p) => p.values.length);
  const share = choice.sample === null ? sizes : shareSample(sizes, choice.sample);
  return params.map((p, q) => {
    if (choice.only) return choice.only.get(p.name) ?? new Uint32Array(0);
    return choice.sample === null ? allIndices(p.values.length) : stratifiedSample(p.values.length, share[q], stream);
  });
}

/** Entry k's roundoff times the step, as a function of the numeric value (numeric/roundoff.ts). */
function roundoffScaleOf(p: CheckedParameter, k: number, s: MeasureSettings) {
  const epsilon = machineEpsilon(s.dtype);
  const rounding = p.known.lossRounding?.(k) ?? 0;
  return (n: number) => roundoffScale(s.scheme, epsilon, s.lossMagnitude, rounding, Math.abs(p.values[k]), n);
}

/** The automatic (balanced) step of entry k, from what the function knows or a pilot; its T written to `struck`. */
export function autoStepOf(p: CheckedParameter, k: number, s: MeasureSettings, struck?: { T: number }): number {
  const epsilon = machineEpsilon(s.dtype);
  const w = p.values[k];
  const { known } = p;
  const scale = roundoffScaleOf(p, k, s);
  const { derivativesAlong } = known;
  const derivatives = derivativesAlong && (() => derivativesAlong.call(known, k));
  const kinks = known.kink !== undefined || known.severalKinks === true;
  return balancedStep(p.probe, k, w, s.scheme, epsilon, scale, kinks, derivatives, struck);
}

/**
 * The step each entry is measured at: a screen's planned step, its truncation bound T·hᵖ written to
 * `truncation` (from `at`); else the rule's fixed step, or the entry's own balanced one.
 */
export function stepRuleOf(
  p: CheckedParameter,
  s: MeasureSettings,
  truncation?: Float64Array,
  at = 0,
): (k: number, e: number) => number {
  const { screen } = s;
  const order = s.scheme.order;
  const bounded = (e: number, h: number, T: number) => {
    if (truncation) truncation[at + e] = T * h ** order;
    return h;
  };
  const struck = { T: 0 };
  switch (screen?.steps) {
    case 'scaled':
      return (k, e) =>
        bounded(e, powerOfTwo(screen.unit[p.name] * Math.max(1, Math.abs(p.values[k]))), screen.T[p.name] ?? 0);
    case 'fixed':
      return (_, e) => bounded(e, s.eps as number, screen.T[p.name] ?? 0);
    case 'own':
      return (k, e) => bounded(e, autoStepOf(p, k, s, struck), struck.T);
    default:
      return s.eps === 'auto' ? (k) => s.steps?.get(k) ?? autoStepOf(p, k, s) : () => s.eps as number;
  }
}

/** Entries a screen's pilot looks at: one for a small check, at most 16 (each costs two differences). */
const pilotCount = (total: number) => Math.max(1, Math.min(16, Math.floor(total / 256)));

/**
 * The pilot's entries, spread evenly over the entries checked; `everyParameter`: at least one in each
 * parameter (a first-order scheme's truncation, h·|f″|/2, follows f″ closely, and f″ differs by parameter).
 */
function pilotEntries(chosen: readonly Uint32Array[], everyParameter: boolean): [number, number][] {
  const total = chosen.reduce((n, indices) => n + indices.length, 0);
  const spread = (indices: Uint32Array, count: number) =>
    Array.from({ length: count }, (_, j) => indices[Math.floor(((j + 0.5) * indices.length) / count)]);
  const share = (n: number) => (n < 4 ? 0 : Math.max(1, Math.round((pilotCount(total) * n) / total)));
  const own = everyParameter
    ? chosen.flatMap((indices, q) => spread(indices, share(indices.length)).map((k) => [q, k] as [number, number]))
    : [];
  if (own.length > 0) return own;
  const all = chosen.flatMap((indices, q) => Array.from(indices, (k) => [q, k] as [number, number]));
  return spread(Uint32Array.from(all.keys()), Math.min(all.length, pilotCount(all.length))).map((e) => all[e]);
}

/**
 * The screen a check's entries get first (undefined: none, every entry measured in full). Where the
 * function knows its derivatives along an entry (the built-in model, central differences), each entry's own
 * step and T; where a loss value is a whole pass (`wholePasses`: a user's function, a hidden layer), steps
 * planned by one pilot on a few entries (their median step per unit of |w|; T the largest a parameter's
 * pilots found, or any pilot's); allclose needs no T, so no pilot: the textbook step. Where probes are local
 * and cheap, none: each entry's own balanced step.
 */
export function screenOf(
  params: readonly CheckedParameter[],
  chosen: readonly Uint32Array[],
  s: MeasureSettings,
  wholePasses: boolean,
): Screen | undefined {
  if (!s.scheme.subtracts) return undefined;
  const known = params.every((p) => p.known.derivativesAlong !== undefined && p.known.kink === undefined);
  if (s.eps === 'auto' && known && s.scheme.name === 'central') return { steps: 'own' };
  if (!wholePasses || chosen.every((indices) => indices.length === 0)) return undefined;
  const epsilon = machineEpsilon(s.dtype);
  if (!s.estimate)
    return s.eps === 'auto'
      ? {
          steps: 'scaled',
          unit: Object.fromEntries(params.map((p) => [p.name, textbookStep(1, s.scheme, epsilon)])),
          T: {},
        }
      : { steps: 'fixed', T: {} };
  const piloted = pilotEntries(chosen, s.scheme.order === 1)
    .map(([q, k]) => {
      const p = params[q];
      const w = p.values[k];
      const h = s.eps === 'auto' ? firstPilot(w, s.scheme, epsilon) : s.eps;
      const measured = pilotAt(p.probe, k, s.scheme, h, roundoffScaleOf(p, k, s));
      const step = balanceOf(measured, s.scheme, textbookStep(w, s.scheme, epsilon), h);
      return { q, unit: step / Math.max(1, Math.abs(w)), T: measured.T };
    })
    // A pilot whose steps left the function's domain (NaN or ±∞) says nothing of the others' truncation.
    .filter((pilot) => Number.isFinite(pilot.T));
  if (piloted.length === 0) return undefined;
  // Each parameter's own pilots where it has some, else all of them.
  const of = (q: number) => {
    const own = piloted.filter((pilot) => pilot.q === q);
    return own.length > 0 ? own : piloted;
  };
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const T = Object.fromEntries(params.map((p, q) => [p.name, Math.max(...of(q).map((pilot) => pilot.T))]));
  if (s.eps !== 'auto') return { steps: 'fixed', T };
  // A first-order scheme's step follows its parameter's f″ (its own pilots); a higher order's, the median of all,
  // which one odd pilot cannot move.
  const units = (q: number) => (s.scheme.order === 1 ? of(q) : piloted).map((pilot) => pilot.unit);
  const unit = Object.fromEntries(params.map((p, q) => [p.name, median(units(q))]));
  return { steps: 'scaled', unit, T };
}

/** The largest power of two not above x (x > 0). */
const powerOfTwoBelow = (x: number) => 2 ** Math.floor(Math.log2(x));

/** Fast mode's one direction: a seeded unit vector over every parameter, kept clear of kinks by the guard. */
export interface Direction {
  u: Float64Array[];
  /** Its length once the guard held the entries on kinks (0: nothing left to move). */
  norm: number;
}

/** The seeded unit direction u over all parameters together, with the entries a guard holds at kinks left still. */
export function directionOf(
  params: readonly CheckedParameter[],
  stream: RandomStream,
  guard?: DirectionGuard,
): Direction {
  const u = params.map((p) => signDirection(p.values.length, stream).map((x) => x / Math.sqrt(params.length)));
  const held = guard ? guard.hold(u) : 0;
  const norm = Math.sqrt(u.reduce((s, v) => v.reduce((t, x) => t + x * x, s), 0));
  if (held > 0 && norm > 0) {
    for (const v of u) for (let k = 0; k < v.length; k++) v[k] /= norm;
  }
  return { u, norm };
}

/** The direction's balanced (or fixed) step, cut to a power of two taking no z across a kink; `blocked`: none left. */
export function directionStep(
  probe: LossProbe,
  direction: Direction,
  s: MeasureSettings,
  scale: (numeric: number) => number,
  maxAbs: number,
  kinks: { guard?: DirectionGuard; several: boolean },
): { h: number; blocked: boolean } {
  const epsilon = machineEpsilon(s.dtype);
  const { guard } = kinks;
  const wanted =
    s.eps === 'auto'
      ? balancedStep(probe, 0, maxAbs, s.scheme, epsilon, scale, guard !== undefined || kinks.several)
      : s.eps;
  const limit = guard && s.scheme.subtracts ? guard.maxStep(direction.u) / s.scheme.reach : Infinity;
  const blocked = direction.norm === 0 || !(limit > 0);
  return { h: wanted < limit ? wanted : blocked ? wanted : powerOfTwoBelow(limit / 2), blocked };
}
