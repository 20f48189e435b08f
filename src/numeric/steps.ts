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

/**
 * The predicted step, and its power of two (the textbook step of a weight of size ≤ 1), of
 * the scheme and dtype last asked for: asked once an entry or more, always of the check's one
 * scheme and dtype, the powers are taken once (10⁶ entries).
 */
function predicted(scheme: Scheme, epsilon: number) {
  if (scheme !== last.scheme || epsilon !== last.epsilon) {
    const step = epsilon ** (1 / (scheme.order + 1));
    last = { scheme, epsilon, step, rounded: powerOfTwo(step) };
  }
  return last;
}

let last = { scheme: undefined as Scheme | undefined, epsilon: Number.NaN, step: Number.NaN, rounded: Number.NaN };

/** The nearest power of two in the log2 sense, 2^round(log2 h): w ± h is then exact for the w's gradcheck draws (and most others). */
export function powerOfTwo(h: number): number {
  // Read from h's bits (a log2 and a power an entry cost 0.1 s at 10⁶ entries): its exponent, plus one when its
  // mantissa is past √2. Near √2, and for 0, subnormal, negative or non-finite h, the formula itself decides.
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

/**
 * The textbook step, blind to the function: truncation ≈ hᵖ against roundoff ≈ ε/h for a
 * scheme of order p gives h = ε^(1/(p+1))·max(1, |w|). The balanced rule starts from it.
 */
export function autoStep(w: number, scheme: Scheme, epsilon: number): number {
  if (!scheme.subtracts) return COMPLEX_STEP;
  const size = Math.max(1, Math.abs(w));
  return size === 1 ? predicted(scheme, epsilon).rounded : powerOfTwo(predicted(scheme, epsilon).step * size);
}

/** How far above the textbook step the first pilot is taken, and how far each next one goes when roundoff drowns it. */
const PILOT = 32;
const PILOT_GROWTH = 16;
/** The longest pilot, relative to max(1, |w|): beyond it the loss is no polynomial in the step. */
const LONGEST_PILOT = 1 / 16;
/**
 * What the balance is struck with: a typical roundoff, not the bound (roundoff.ts), which
 * adds every term's worst case while the real errors partly cancel.
 */
const TYPICAL_ROUNDOFF = 1 / 16;

/**
 * The step that balances this entry's two errors, error(h) ≈ T·hᵖ + R/h, at its minimum
 * h = (R / (p·T))^(1/(p+1)). R is the entry's roundoff times h (roundoff.ts, for a numeric
 * value n). T is read from a pilot: the scheme at h₁ and h₁/2 differs by T·h₁ᵖ·(1 − 2⁻ᵖ),
 * trusted once that difference clearly exceeds the roundoff bound of both (3R/h₁); until
 * then the pilot moves up. The step is kept within [textbook/256, h₁] (h₁ when the loss
 * shows no curvature, as a linear model's central differences), rounded to a power of
 * two, and, where the function has kinks, at most the textbook step, so that a balanced step never
 * reaches across a kink the textbook one would not. A function that knows its derivatives
 * along the entry (`known`, asked only where it is used: the built-in one-layer model) gives T
 * without a pilot.
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
): number {
  const textbook = autoStep(w, scheme, epsilon);
  if (!scheme.subtracts) return textbook;
  const p = scheme.order;
  const farthest = Math.max(PILOT * textbook, Math.max(1, Math.abs(w)) * LONGEST_PILOT);
  const fromKnown =
    known && strikesFromDerivatives(scheme, kinks)
      ? knownBalance(known(), textbook, farthest, roundoffScale)
      : undefined;
  if (fromKnown !== undefined) return fromKnown;
  let pilot = PILOT * textbook;
  let T = 0;
  let R = 0;
  for (; ; pilot = Math.min(pilot * PILOT_GROWTH, farthest)) {
    const atHalf = scheme.estimate(probe, k, pilot / 2);
    const drift = Math.abs(scheme.estimate(probe, k, pilot) - atHalf);
    R = roundoffScale(atHalf);
    T = drift / (pilot ** p * (1 - 2 ** -p));
    if (drift > (4 * 3 * R) / pilot || kinks || pilot === farthest) break;
  }
  const balanced = T > 0 ? ((TYPICAL_ROUNDOFF * R) / (p * T)) ** (1 / (p + 1)) : pilot;
  const highest = kinks ? textbook : pilot;
  return powerOfTwo(Math.min(Math.max(balanced, textbook / 256), highest));
}

/** The loss's first and third derivatives along an entry, as a function that knows them gives them. */
export interface KnownDerivatives {
  first: number;
  third: number;
}

/**
 * Whether balancedStep takes T from the function's own derivatives (knownBalance) rather than a
 * pilot: for central differences, away from kinks. Asked by whoever would compute them.
 */
export function strikesFromDerivatives(scheme: Scheme, kinks: boolean): boolean {
  return scheme === central && !kinks;
}

/**
 * The balanced step when the function knows its derivatives along the entry: central
 * differences are off by T·h² with T = |f‴|/6, and the roundoff R is taken at f′, so no
 * pilot is run (two of a default check's four differences an entry) — where the pilot
 * would have stopped at its first step and found the same T. A balanced step beyond the
 * first pilot is left to the pilot (undefined): there f‴ is small, and the next terms of
 * the series, which only a pilot measures, may rule. Where f‴ is 0 (a loss quadratic along
 * the entry, or every row saturated) there is no truncation: the farthest pilot's step, as
 * a pilot finding no drift takes. Kinks keep the pilot: f‴ is 0 between them, and says
 * nothing of a step that crosses one.
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
