import { type Round, unrounded } from '../numeric/dtype.js';
import type { LossProbe } from '../numeric/probe.js';
import { type Activation, logistic, tanh } from './activations.js';
import { complex } from './complex.js';
import { sharedStripDifference } from './shared-exponentials.js';
import type { Strips } from './strips.js';

/** Whether a strip probe uses shared exponentials: float64 sigmoid (the default check) and tanh. */
export function sharesExponentials(act: Activation, r: Round): boolean {
  return r === unrounded && (act === logistic || act === tanh);
}

/**
 * Local probes: a difference sums the moved strip's row differences, O(strip) per entry, never subtracting the
 * unchanged rest of the loss (so float32 loses far less). Rows take ½(ya − yb)(ya + yb − 2t), which does not
 * cancel against t; the step is the one the entry really takes after rounding to the dtype.
 */
export function stripProbe(s: Strips, values: Float64Array, act: Activation, r: Round): LossProbe {
  const { length, z, t, coef } = s;
  const shared = sharesExponentials(act, r)
    ? sharedStripDifference(s, values, act === tanh ? 'tanh' : 'sigmoid')
    : undefined;
  return {
    difference(k, a, b) {
      if (shared) return shared(k, a, b);
      const w = values[k];
      const da = r(w + a) - w;
      const db = r(w + b) - w;
      const z0 = s.zStart(k);
      const c0 = s.coefStart(k);
      let acc = 0;
      if (r === unrounded) {
        // float64: the same arithmetic without the rounding calls, for speed.
        for (let m = 0; m < length; m++) {
          const c = coef[c0 + m];
          if (c === 0) continue;
          const zm = z[z0 + m];
          const ya = act.value(zm + c * da, unrounded);
          const yb = act.value(zm + c * db, unrounded);
          acc += (ya - yb) * (ya + yb - 2 * t[z0 + m]);
        }
        return acc / 2;
      }
      for (let m = 0; m < length; m++) {
        const c = coef[c0 + m];
        if (c === 0) continue;
        const zm = z[z0 + m];
        const ya = act.value(r(zm + r(c * da)), r);
        const yb = act.value(r(zm + r(c * db)), r);
        acc = r(acc + r(r(ya - yb) * r(r(ya + yb) - 2 * t[z0 + m])));
      }
      return acc / 2;
    },
    imaginary(k, h) {
      const z0 = s.zStart(k);
      const c0 = s.coefStart(k);
      let acc = 0;
      for (let m = 0; m < length; m++) {
        const c = coef[c0 + m];
        if (c === 0) continue;
        const y = act.complexValue(complex(z[z0 + m], r(c * h)), r);
        acc = r(acc + r(r(y.re - t[z0 + m]) * y.im));
      }
      return acc;
    },
  };
}

/**
 * The range of entry k's derivative at a kink. A moved row within the step of a kink is its own relu, its
 * subgradient anywhere between its one-sided differences (extrapolated, 2·D(h/2) − D(h), to cancel O(h)); the
 * range sums those and the other rows' central differences, so every choice (relu′(0) = 0 as torch, or 1) lies
 * inside. One-sided differences of the whole loss miss some when rows on a kink move in opposite directions.
 */
export function stripSubgradients(
  s: Strips,
  k: number,
  values: Float64Array,
  act: Activation,
  r: Round,
  h: number,
): [number, number] {
  const w = values[k];
  const z0 = s.zStart(k);
  const c0 = s.coefStart(k);
  // One row's loss at w + a minus at w + b.
  const rowDifference = (m: number, a: number, b: number) => {
    const c = s.coef[c0 + m];
    const z = s.z[z0 + m];
    const ya = act.value(r(z + r(c * (r(w + a) - w))), r);
    const yb = act.value(r(z + r(c * (r(w + b) - w))), r);
    return (r(ya - yb) * r(r(ya + yb) - 2 * s.t[z0 + m])) / 2;
  };
  const extrapolated = (m: number, sign: 1 | -1) => {
    const side = (step: number) => (sign > 0 ? rowDifference(m, step, 0) : rowDifference(m, 0, -step)) / step;
    return 2 * side(h / 2) - side(h);
  };
  let low = 0;
  let high = 0;
  for (let m = 0; m < s.length; m++) {
    const c = s.coef[c0 + m];
    if (c === 0) continue;
    const nearKink = act.kinks.some((kink) => Math.abs(s.z[z0 + m] - kink) <= Math.abs(c) * h);
    if (nearKink) {
      const left = extrapolated(m, -1);
      const right = extrapolated(m, 1);
      low += Math.min(left, right);
      high += Math.max(left, right);
    } else {
      const central = rowDifference(m, h, -h) / (2 * h);
      low += central;
      high += central;
    }
  }
  return [low, high];
}
