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
