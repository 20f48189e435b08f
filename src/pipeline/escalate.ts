import { machineEpsilon } from '../numeric/dtype.js';
import { groupedBy, type Measurement } from './entry.js';
import { estimateBound } from './judge.js';
import { judgedRange, kinkRange } from './measure.js';
import type { CheckedParameter, MeasureSettings } from './parameter.js';
import { autoStepOf } from './plan.js';
import type { InconclusiveReason } from './remedies.js';
import type { EntryTable } from './table.js';

/** The escalate stage: what the first measurement cannot decide, measured again (foundKink, Retake, a recheck). */

/**
 * A kink where none was known: on a smooth function the extrapolated one-sided differences agree to O(h³) (both
 * f′ − h²f‴/12), so they differ by more than 4× roundoff + |n(h) − n(h/2)| only where the slope jumps. Then the
 * entry is judged as a subgradient, as relu's are; otherwise undefined.
 */
export function foundKink(
  p: CheckedParameter,
  k: number,
  m: Measurement,
  atHalf: number,
  s: MeasureSettings,
): Measurement | undefined {
  const epsilon = machineEpsilon(s.dtype);
  const found = kinkRange(p, k, m.step, s, epsilon);
  const { roundoff } = found;
  const allowed = 4 * roundoff + Math.abs(m.numeric - atHalf);
  if (!(found.range[1] - found.range[0] > allowed)) return undefined;
  const range = judgedRange(p, found.range, m.analytic);
  const worst = Math.max(m.roundoff, roundoff);
  // As at a known kink: the extrapolated ends carry no O(h) error, so the bound is roundoff and rounding alone.
  const rounding = p.known.analyticRounding?.(k) ?? 0;
  const bound =
    m.bound === undefined
      ? undefined
      : estimateBound(m.numeric, m.numeric, s.scheme.order, worst, m.analytic, rounding, epsilon);
  return { ...m, subgradients: range, roundoff: worst, bound };
}

/** What the diagnosis and the verdict may ask of a judged row, measured lazily by row: they ask of only a few. */
export interface Retake {
  /** The numeric value again at half the row's step (absent for complex-step). */
  halfStep?(i: number): number;
  /** The numeric value at the automatic step (absent when that is the step used). */
  autoStep?(i: number): number;
  /** Whether every row of the function the entry moves has σ′ < 1e-6; undefined when the function cannot say. */
  saturated(i: number): boolean | undefined;
  /** Whether moving the entry moves anything; undefined when the function cannot say. */
  moves(i: number): boolean | undefined;
  /** The gradient with σ′ dropped, at the row. */
  withoutDerivative(i: number): number | undefined;
  /** Fast mode: the kinks held every move of the direction, so there was nothing to compare. */
  blockedByKinks?(i: number): boolean;
}

/** The Retake of a table of parameters' entries (row i is entry table.flat[i] of params[table.param[i]]). */
export function retakeOf(params: readonly CheckedParameter[], s: MeasureSettings, table: EntryTable): Retake {
  const at = (i: number) => ({ p: params[table.param[i]], k: table.flat[i] });
  return {
    halfStep: s.scheme.subtracts
      ? (i) => {
          const { p, k } = at(i);
          return s.scheme.estimate(p.probe, k, table.step[i] / 2);
        }
      : undefined,
    autoStep:
      s.eps === 'auto'
        ? undefined
        : (i) => {
            const { p, k } = at(i);
            return s.scheme.estimate(p.probe, k, autoStepOf(p, k, s));
          },
    saturated: (i) => {
      const { p, k } = at(i);
      return p.known.saturated ? p.known.saturated(k) : undefined;
    },
    moves: (i) => {
      const { p, k } = at(i);
      return p.known.moves ? p.known.moves(k) : undefined;
    },
    withoutDerivative: (i) => {
      const { p, k } = at(i);
      return p.known.withoutDerivative?.[k];
    },
  };
}

/** Several tables' Retakes as one, for the rows of those tables laid end to end (a Jacobian's rows). */
export function joinedRetake(parts: readonly { retake: Retake; length: number }[]): Retake {
  const starts: number[] = [];
  let total = 0;
  for (const part of parts) {
    starts.push(total);
    total += part.length;
  }
  const partOf = (i: number) => {
    let q = 0;
    while (q + 1 < starts.length && starts[q + 1] <= i) q++;
    return { retake: parts[q].retake, i: i - starts[q] };
  };
  const ask =
    <R>(get: (r: Retake, i: number) => R) =>
    (i: number) => {
      const found = partOf(i);
      return get(found.retake, found.i);
    };
  return {
    halfStep: parts[0]?.retake.halfStep && ask((r, i) => r.halfStep?.(i) ?? Number.NaN),
    autoStep: parts[0]?.retake.autoStep && ask((r, i) => r.autoStep?.(i) ?? Number.NaN),
    saturated: ask((r, i) => r.saturated(i)),
    moves: ask((r, i) => r.moves(i)),
    withoutDerivative: ask((r, i) => r.withoutDerivative(i)),
  };
}

/** Why a float32 check may prove nothing that float64 can: failures within roundoff, values below the noise floor. */
const FLOAT32_LIMITS: readonly InconclusiveReason[] = ['roundoff', 'noise-floor'];

/** Whether a check that proved nothing for this reason is decided by a recheck in float64. */
export function needsRecheck(reason: InconclusiveReason | null): boolean {
  return reason !== null && FLOAT32_LIMITS.includes(reason);
}

/** The entries that failed or could not tell, by parameter: what a recheck measures again. */
export function undecided(table: EntryTable): Map<string, Uint32Array> {
  const rows = table.rows((i) => !(table.pass(i) && table.informative(i)));
  const byName = groupedBy(
    rows,
    (i) => table.paramName(i),
    (i) => table.flat[i],
  );
  return new Map([...byName].map(([name, flat]) => [name, Uint32Array.from(flat)]));
}
