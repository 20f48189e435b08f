import { machineEpsilon, roundingFor } from '../numeric/dtype.js';
import { directionProbe, type Objective } from '../numeric/probe.js';
import { roundoffOf, roundoffScale } from '../numeric/roundoff.js';
import type { RandomStream } from '../problem/random.js';
import type { Measurement } from './entry.js';
import { foundKink, type Retake } from './escalate.js';
import { estimateBound } from './judge.js';
import { once } from './measure.js';
import type { CheckedParameter, DirectionGuard, MeasureSettings } from './parameter.js';
import { directionOf, directionStep } from './plan.js';

/** The per-entry quantities of a check, taken along the direction u: ⟨·, u⟩ or Σ|u|·(·). */
function alongDirection(params: readonly CheckedParameter[], u: readonly Float64Array[], epsilon: number) {
  let analytic = 0;
  let lossRounding = 0;
  let withoutDerivative = 0;
  let analyticRounding = 0;
  params.forEach((p, q) => {
    const { known } = p;
    for (let k = 0; k < p.values.length; k++) {
      analytic += p.analytic[k] * u[q][k];
      lossRounding += Math.abs(u[q][k]) * (known.lossRounding?.(k) ?? 0);
      withoutDerivative += (known.withoutDerivative?.[k] ?? 0) * u[q][k];
      analyticRounding +=
        Math.abs(u[q][k]) * ((known.analyticRounding?.(k) ?? 0) + 2 * epsilon * Math.abs(p.analytic[k]));
    }
  });
  return { analytic, lossRounding, withoutDerivative, analyticRounding };
}

/** Fast mode's one measured direction: its measurement (already bounded), and what may be asked of it later. */
export interface MeasuredDirection {
  measurement: Measurement;
  retake: Retake;
  /** Where kinks are unknown: the measurement as a kink, if its one-sided differences disagree. */
  atKink?(): Measurement | undefined;
  /** The direction, by parameter, and the step it was measured at. */
  u: Float64Array[];
  h: number;
}

/**
 * torch's fast mode: ⟨g, u⟩ against the loss's difference along one seeded unit u over all parameters. A guard
 * keeps u and the step clear of kinks; a direction they leave no room for compares 0 with 0.
 */
export function measureDirection(
  objective: Objective,
  params: readonly CheckedParameter[],
  stream: RandomStream,
  s: MeasureSettings,
  guard?: DirectionGuard,
  analyticAlong?: (u: readonly Float64Array[]) => number,
): MeasuredDirection {
  const epsilon = machineEpsilon(s.dtype);
  const direction = directionOf(params, stream, guard);
  const { u } = direction;
  const probe = directionProbe(objective, params, u, roundingFor(s.dtype));
  const maxAbs = Math.max(...params.map((p) => p.values.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));
  const along = alongDirection(params, u, epsilon);
  const { lossRounding, withoutDerivative } = along;
  const analytic = analyticAlong ? analyticAlong(u) : along.analytic;
  // A rule given only along directions: its own rounding, a few ulps of its value.
  const analyticRounding = analyticAlong ? 4 * epsilon * Math.abs(analytic) : along.analyticRounding;
  const scale = (n: number) => roundoffScale(s.scheme, epsilon, s.lossMagnitude, lossRounding, maxAbs, n);
  const severalKinks = params.some((p) => p.known.severalKinks === true);
  const { h, blocked } = directionStep(probe, direction, s, scale, maxAbs, { guard, several: severalKinks });
  const numeric = blocked ? 0 : s.scheme.estimate(probe, 0, h);
  const roundoff = roundoffOf(s.scheme, epsilon, s.lossMagnitude, lossRounding, maxAbs, h, numeric);
  const atHalf = s.scheme.subtracts && !blocked ? once(() => s.scheme.estimate(probe, 0, h / 2)) : undefined;
  const measurement: Measurement = {
    param: 'direction',
    index: [],
    analytic,
    numeric,
    step: h,
    roundoff,
    withoutDerivative: params.every((p) => p.known.withoutDerivative) ? withoutDerivative : undefined,
    bound: s.estimate
      ? estimateBound(numeric, atHalf?.() ?? numeric, s.scheme.order, roundoff, analytic, analyticRounding, epsilon)
      : undefined,
    // Blocked by a kink it moves: any value of the analytic side down to 0 is a subgradient's, and proves nothing.
    ...(blocked && direction.norm > 0 ? { subgradients: [Math.min(analytic, 0), Math.max(analytic, 0)] as const } : {}),
  };
  // The direction as one parameter of one entry, for the kink test of a function whose kinks are unknown.
  const asParameter: CheckedParameter = {
    name: 'direction',
    values: Float64Array.of(maxAbs),
    shape: [],
    analytic: [analytic],
    probe,
    known: { lossRounding: () => lossRounding, analyticRounding: () => analyticRounding, severalKinks },
  };
  const kinksUnknown = params.some((p) => p.known.kinksUnknown) && s.scheme.subtracts && !blocked;
  // Saturated along the direction when every entry it moves is.
  const saturated = () =>
    params.every((p) => p.known.saturated !== undefined && p.values.every((_, k) => p.known.saturated?.(k) === true));
  return {
    u,
    h,
    measurement,
    atKink: kinksUnknown ? () => foundKink(asParameter, 0, measurement, atHalf?.() ?? numeric, s) : undefined,
    retake: {
      halfStep: atHalf,
      saturated,
      moves: () => undefined,
      withoutDerivative: () => measurement.withoutDerivative,
      blockedByKinks: () => blocked,
    },
  };
}

/** What fast mode's direction proved: the error on one entry it would have caught. */
export interface DirectionFindings {
  threshold?: DirectionThreshold;
  /** A failing direction bisected: whether every entry its error comes from is named, or MOST_NAMED were. */
  bisected?: { complete: boolean };
}

export interface DirectionThreshold {
  /** Any one entry the direction moves, off by more than this, fails the check. */
  absolute: number;
  /** The smallest error it would have caught, relative to its entry's own value (the entry it sees best). */
  relative: number;
}

/**
 * An error e on entry k moves ⟨g, u⟩ by e·uₖ: beyond `allowed` + |a − n| it fails whatever the rest. Undefined where
 * the rule is given only along directions (no entry's value to be relative to).
 */
export function thresholdOf(
  params: readonly CheckedParameter[],
  direction: MeasuredDirection,
  allowed: number,
): DirectionThreshold | undefined {
  const { analytic, numeric } = direction.measurement;
  const margin = Math.max(allowed, direction.measurement.roundoff) + Math.abs(analytic - numeric);
  let [absolute, relative] = [0, Number.POSITIVE_INFINITY];
  params.forEach((p, q) => {
    for (let k = 0; k < p.values.length; k++) {
      const uk = Math.abs(direction.u[q][k]);
      if (uk === 0) continue;
      absolute = Math.max(absolute, margin / uk);
      relative = Math.min(relative, margin / (uk * Math.abs(p.analytic[k])));
    }
  });
  return Number.isFinite(relative) && absolute > 0 ? { absolute, relative } : undefined;
}

/** Entries fast mode names at most: beyond them a failure is everywhere, and a full check says more. */
const MOST_NAMED = 8;

/**
 * A failing direction narrowed to the entries its error comes from: the first half of a set of entries measured
 * along the same direction and step, the other half's error by difference, into the half with the larger share
 * and into the other too if it fails on its own, down to single entries: 2·log₂P loss values a failing entry
 * (central).
 */
export function bisect(
  objective: Objective,
  params: readonly CheckedParameter[],
  direction: MeasuredDirection,
  s: MeasureSettings,
  allowed: number,
): { named: Map<string, number[]>; complete: boolean } {
  const starts = params.map((_, q) => params.slice(0, q).reduce((n, p) => n + p.values.length, 0));
  const total = params.reduce((n, p) => n + p.values.length, 0);
  const r = roundingFor(s.dtype);
  /** a − n along u restricted to the entries [from, to) of all parameters end to end. */
  const errorOf = (from: number, to: number) => {
    let analytic = 0;
    const part = params.map((p, q) =>
      direction.u[q].map((x, k) => {
        const inside = starts[q] + k >= from && starts[q] + k < to;
        if (inside) analytic += p.analytic[k] * x;
        return inside ? x : 0;
      }),
    );
    return analytic - s.scheme.estimate(directionProbe(objective, params, part, r), 0, direction.h);
  };
  const { analytic, numeric } = direction.measurement;
  const open = [{ from: 0, to: total, error: analytic - numeric }];
  const named = new Map<string, number[]>();
  let count = 0;
  while (open.length > 0 && count < MOST_NAMED) {
    open.sort((a, b) => Math.abs(a.error) - Math.abs(b.error));
    const { from, to, error } = open.pop() as (typeof open)[number];
    if (to - from === 1) {
      let q = 0;
      while (q + 1 < starts.length && starts[q + 1] <= from) q++;
      named.set(params[q].name, [...(named.get(params[q].name) ?? []), from - starts[q]]);
      count++;
      continue;
    }
    const middle = Math.floor((from + to) / 2);
    const first = errorOf(from, middle);
    const halves = [
      { from, to: middle, error: first },
      { from: middle, to, error: error - first },
    ];
    // The larger share always holds at least half the error; the other is followed only if it fails on its own.
    const [larger, smaller] = Math.abs(first) >= Math.abs(error - first) ? halves : [halves[1], halves[0]];
    open.push(larger, ...(Math.abs(smaller.error) > allowed ? [smaller] : []));
  }
  return { named, complete: open.length === 0 };
}
