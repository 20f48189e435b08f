import { machineEpsilon } from '../numeric/dtype.js';
import { allIndices } from '../numeric/gradient.js';
import type { LossProbe } from '../numeric/probe.js';
import { roundoffScale } from '../numeric/roundoff.js';
import { balancedStep } from '../numeric/steps.js';
import type { RandomStream } from '../problem/random.js';
import { shareSample, stratifiedSample, unitDirection } from '../problem/sample.js';
import type { CheckedParameter, DirectionGuard, MeasureSettings } from './parameter.js';

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

/** The automatic (balanced) step of entry k: truncation against roundoff, from what the function knows or a pilot. */
export function autoStepOf(p: CheckedParameter, k: number, s: MeasureSettings): number {
  const epsilon = machineEpsilon(s.dtype);
  const w = p.values[k];
  const { known } = p;
  const scale = (n: number) =>
    roundoffScale(s.scheme, epsilon, s.lossMagnitude, known.lossRounding?.(k) ?? 0, Math.abs(w), n);
  const { derivativesAlong } = known;
  const derivatives = derivativesAlong && (() => derivativesAlong.call(known, k));
  const kinks = known.kink !== undefined || known.severalKinks === true;
  return balancedStep(p.probe, k, w, s.scheme, epsilon, scale, kinks, derivatives);
}

/** The step each entry is measured at: the rule's fixed step, or its own automatic one. */
export function stepRuleOf(p: CheckedParameter, s: MeasureSettings): (k: number) => number {
  return s.eps === 'auto' ? (k) => autoStepOf(p, k, s) : () => s.eps as number;
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
  const u = params.map((p) => unitDirection(p.values.length, stream).map((x) => x / Math.sqrt(params.length)));
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
