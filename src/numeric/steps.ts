import type { LossProbe } from './probe.js';
import { central, type Scheme } from './schemes.js';

/** The step complex-step differentiation uses: far below any roundoff, since nothing is subtracted. */
export const COMPLEX_STEP = 1e-20;

/** `auto` (a step per entry) or a fixed step. */
export type StepRule = 'auto' | number;

/** The step the theory predicts for a scheme and dtype, for a weight of size ≤ 1: ε^(1/(p+1)). */
export function predictedStep(scheme: Scheme, epsilon: number): number {
  return scheme.subtracts ? predicted(scheme, epsilon).step : COMPLEX_STEP;
}

/** The predicted step and its power of two, cached for the last scheme and dtype: a check asks once an entry. */
function predicted(scheme: Scheme, epsilon: number) {
  if (scheme !== last.scheme || epsilon !== last.epsilon) {
    const step = epsilon ** (1 / (scheme.order + 1));
    last = { scheme, epsilon, step, rounded: powerOfTwo(step) };
  }
  return last;
}

let last = { scheme: undefined as Scheme | undefined, epsilon: Number.NaN, step: Number.NaN, rounded: Number.NaN };

/** 2^round(log2 h): w ± h is then exact for the w's gradcheck draws (and most others). */
export function powerOfTwo(h: number): number {
  // Read from h's bits (log2 and ** per entry are slow): the exponent, plus one when the mantissa is past √2.
  // Near √2, and for 0, subnormal, negative or non-finite h, the formula itself decides.
  bits[0] = h;
  const high = words[HIGH];
  const exponent = high >>> 20;
  if (exponent === 0 || exponent >= 0x7ff) return 2 ** Math.round(Math.log2(h));
  words[HIGH] = (high & 0xfffff) | 0x3ff00000;
  const mantissa = bits[0];
  if (Math.abs(mantissa - Math.SQRT2) < 1e-9) return 2 ** Math.round(Math.log2(h));
  const rounded = exponent + (mantissa > Math.SQRT2 ? 1 : 0);
  if (rounded >= 0x7ff) return Number.POSITIVE_INFINITY;
  words[HIGH] = rounded << 20;
  words[1 - HIGH] = 0;
  return bits[0];
}

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
/** Which of a double's two 32-bit words holds its sign and exponent: [1] on a little-endian machine. */
const HIGH = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1 ? 1 : 0;

/** The textbook step, blind to the function: hᵖ against ε/h gives h = ε^(1/(p+1))·max(1, |w|). */
export function textbookStep(w: number, scheme: Scheme, epsilon: number): number {
  if (!scheme.subtracts) return COMPLEX_STEP;
  const size = Math.max(1, Math.abs(w));
  return size === 1 ? predicted(scheme, epsilon).rounded : powerOfTwo(predicted(scheme, epsilon).step * size);
}

/** The first pilot's factor above the textbook step, and each next one's when roundoff drowns it. */
const PILOT = 32;
const PILOT_GROWTH = 16;
/** The longest pilot, relative to max(1, |w|): beyond it the loss is no polynomial in the step. */
const LONGEST_PILOT = 1 / 16;
/** How far below the textbook step a pilot shrinks to find the loss finite near an edge of its domain. */
const EDGE_SHRINK_LIMIT = 2 ** 20;
/** The balance uses a typical roundoff, not the bound (roundoff.ts): real errors partly cancel. */
const TYPICAL_ROUNDOFF = 1 / 16;

/**
 * The step minimizing error(h) ≈ T·hᵖ + R/h: h = (R / (p·T))^(1/(p+1)), R the entry's roundoff times h.
 * T comes from a pilot: the scheme at h₁ and h₁/2 differs by T·h₁ᵖ·(1 − 2⁻ᵖ), trusted once that clearly
 * exceeds both's roundoff bound (3R/h₁); until then the pilot moves up. The step stays in
 * [textbook/256, h₁] (h₁ when the loss shows no curvature), a power of two, and with kinks at most the
 * textbook step, never reaching across a kink the textbook one would not. `known` (the built-in model's
 * derivatives along the entry, asked only where used) gives T without a pilot.
 */
export function balancedStep(
  probe: LossProbe,
  k: number,
  w: number,
  scheme: Scheme,
  epsilon: number,
  roundoffScale: (numeric: number) => number,
  kinks: boolean,
  known?: () => KnownDerivatives,
  /** Where the T the step was struck with is written (error(h) ≈ T·hᵖ + R/h): a screen bounds truncation by it. */
  struck?: { T: number },
): number {
  const textbook = textbookStep(w, scheme, epsilon);
  if (struck) struck.T = 0;
  if (!scheme.subtracts) return textbook;
  const farthest = Math.max(PILOT * textbook, Math.max(1, Math.abs(w)) * LONGEST_PILOT);
  const derivatives = known && strikesFromDerivatives(scheme, kinks) ? known() : undefined;
  const fromKnown = derivatives && knownBalance(derivatives, textbook, farthest, roundoffScale);
  if (derivatives && fromKnown !== undefined) {
    if (struck) struck.T = Math.abs(derivatives.third) / 6;
    return fromKnown;
  }
  let pilot = PILOT * textbook;
  let measured = pilotAt(probe, k, scheme, pilot, roundoffScale);
  // An edge of the function's domain (log, sqrt, asin near theirs) within the pilot's reach: the loss is NaN or ±∞
  // there. The pilot shrinks until both its steps stay inside, and the step is never struck beyond it.
  if (!Number.isFinite(measured.T)) {
    while (!Number.isFinite(measured.T) && pilot > textbook / EDGE_SHRINK_LIMIT) {
      pilot /= PILOT_GROWTH;
      measured = pilotAt(probe, k, scheme, pilot, roundoffScale);
    }
    if (struck) struck.T = measured.T;
    return balanceOf(measured, scheme, Math.min(textbook, pilot / 2), pilot / 2);
  }
  while (!measured.clear && !kinks && pilot < farthest) {
    pilot = Math.min(pilot * PILOT_GROWTH, farthest);
    measured = pilotAt(probe, k, scheme, pilot, roundoffScale);
  }
  if (struck) struck.T = measured.T;
  return balanceOf(measured, scheme, textbook, kinks ? textbook : pilot);
}

/** The first pilot's step for a weight w: PILOT times the textbook step. */
export const firstPilot = (w: number, scheme: Scheme, epsilon: number) => PILOT * textbookStep(w, scheme, epsilon);

/**
 * One pilot at step h: the scheme at h and h/2 differs by T·hᵖ·(1 − 2⁻ᵖ), R is the roundoff times h, and
 * `clear` says the drift exceeds both's roundoff bound (3R/h) by 4×, so T is truncation, not roundoff.
 */
export function pilotAt(
  probe: LossProbe,
  k: number,
  scheme: Scheme,
  h: number,
  roundoffScale: (numeric: number) => number,
): { T: number; R: number; clear: boolean } {
  const p = scheme.order;
  const atHalf = scheme.estimate(probe, k, h / 2);
  const drift = Math.abs(scheme.estimate(probe, k, h) - atHalf);
  const R = roundoffScale(atHalf);
  return { T: drift / (h ** p * (1 - 2 ** -p)), R, clear: drift > (4 * 3 * R) / h };
}

/** The balanced step for a pilot's T and R, a power of two in [textbook/256, highest] (highest where T is 0). */
export function balanceOf({ T, R }: { T: number; R: number }, scheme: Scheme, textbook: number, highest: number) {
  const p = scheme.order;
  const balanced = T > 0 ? ((TYPICAL_ROUNDOFF * R) / (p * T)) ** (1 / (p + 1)) : highest;
  return powerOfTwo(Math.min(Math.max(balanced, textbook / 256), highest));
}

/** The loss's first and third derivatives along an entry, from a function that knows them. */
export interface KnownDerivatives {
  first: number;
  third: number;
}

/** Whether balancedStep takes T from known derivatives, not a pilot; asked before computing them. */
export function strikesFromDerivatives(scheme: Scheme, kinks: boolean): boolean {
  return scheme === central && !kinks;
}

/**
 * The balanced step from known derivatives: central differences are off by T·h², T = |f‴|/6, R taken
 * at f′. This saves the pilot (half a default check's differences) where it would stop at once with the
 * same T. A step beyond the first pilot is left to the pilot (undefined): there f‴ is small and higher
 * terms, which only a pilot measures, may rule. f‴ = 0 (quadratic along the entry, or all saturated)
 * means no truncation: the farthest pilot's step. Kinks keep the pilot: f‴ says nothing across one.
 */
function knownBalance(
  known: KnownDerivatives,
  textbook: number,
  farthest: number,
  roundoffScale: (numeric: number) => number,
): number | undefined {
  if (!Number.isFinite(known.first) || !Number.isFinite(known.third)) return undefined;
  if (known.third === 0) return powerOfTwo(farthest);
  const balanced = Math.cbrt((TYPICAL_ROUNDOFF * roundoffScale(known.first)) / (2 * (Math.abs(known.third) / 6)));
  return balanced < PILOT * textbook ? powerOfTwo(Math.max(balanced, textbook / 256)) : undefined;
}

/** Steps from `from` down to `to`, evenly spaced in log10, `perDecade` to a power of ten. */
export function sweepSteps(from: number, to: number, perDecade: number): number[] {
  const top = Math.log10(from);
  const count = Math.floor((top - Math.log10(to)) * perDecade + 1e-9);
  return Array.from({ length: count + 1 }, (_, k) => 10 ** (top - k / perDecade));
}
