/** One entry's numeric side, before it is compared: what the measure stage takes of it. */
export interface Measurement {
  param: string;
  index: number[];
  analytic: number;
  numeric: number;
  step: number;
  /** Estimated arithmetic error of the numeric value (numeric/roundoff.ts). */
  roundoff: number;
  /** The step crossed a kink: the lowest and highest subgradient there, from one-sided differences. */
  subgradients?: readonly [number, number];
  /** The gradient with the activation's σ′ dropped: one more wrong gradient to tell apart. */
  withoutDerivative?: number;
  /** Under the estimate rule: how far analytic and numeric may differ here (judge.ts estimateBound). */
  bound?: number;
}

/** One checked entry of a parameter, as the JSON report writes it. */
export interface Entry {
  param: string;
  index: number[];
  analytic: number;
  numeric: number;
  difference: number;
  absError: number;
  relError: number;
  step: number;
  roundoff: number;
  pass: boolean;
  /** "kink": at a point with no derivative, analytic lies between the one-sided differences (a subgradient). */
  status: EntryStatus;
  /** A wrong gradient of the usual kinds (sign, factor 2 or ½) would fail this entry, or it failed beyond roundoff. */
  informative: boolean;
  /** Under the estimate rule: the entry's own bound on |analytic − numeric|. */
  bound?: number;
  /** At a kink: the range of subgradients, from one-sided differences; `numeric` is its point nearest analytic. */
  low?: number;
  high?: number;
  /** A Jacobian's entry (vjp, jvp): ∂output[output]/∂param[index]; hvp's: ∂²l/∂outputParam[output]∂param[index]. */
  output?: number[];
  outputParam?: string;
  /** A large Jacobian seen through random cotangents: ∂⟨c_cotangent, output⟩/∂param[index] (numbered from 1). */
  cotangent?: number;
}

export type EntryStatus = 'pass' | 'fail' | 'kink' | 'nonfinite';

/** What names an entry in a report: its parameter and index, and for a Jacobian's the output it belongs to. */
export type EntryName = Pick<Entry, 'param' | 'index' | 'output' | 'outputParam' | 'cotangent'>;

export interface Summary {
  checked: number;
  passed: number;
  failed: number;
  /** Entries that could tell a right gradient from a wrong one (Entry.informative). */
  informative: number;
  /** Entries where the analytic or the numeric value is NaN or ±∞. */
  nonFinite: number;
  /** Failing entries whose |analytic − numeric| is within the numeric value's roundoff. */
  withinRoundoff: number;
  /** Entries whose step crossed a kink (relu at 0), judged against both one-sided differences. */
  kinks: number;
  maxAbsError: number;
  maxRelError: number;
  /** The entry furthest outside its tolerance (absError / allowed), first on ties. */
  worst: EntryName;
}

/** Items grouped by a key, in first-seen order; linear in the items (a check may have millions). */
export function groupedBy<T, V = T>(
  items: Iterable<T>,
  key: (item: T) => string,
  value: (item: T) => V = (item) => item as unknown as V,
): Map<string, V[]> {
  const by = new Map<string, V[]>();
  for (const item of items) {
    const group = by.get(key(item));
    if (group) group.push(value(item));
    else by.set(key(item), [value(item)]);
  }
  return by;
}

/** Row-major flat position → multi-index for a shape. */
export function unravel(k: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    index[axis] = k % shape[axis];
    k = Math.floor(k / shape[axis]);
  }
  return index;
}

/** The value in [lo, hi] nearest to x (NaN stays NaN). */
export function nearest(x: number, [a, b]: readonly [number, number]): number {
  return Math.min(Math.max(x, Math.min(a, b)), Math.max(a, b));
}

/** `W[1,0]`: how tables and messages name an entry (a direction has no index). */
const at = (name: string, index: readonly number[]) => (index.length === 0 ? name : `${name}[${index.join(',')}]`);

/** W[0,2]; of a Jacobian ∂output[3,1]/∂W[0,2] or ∂⟨c1, output⟩/∂W[0,2]; of a Hessian ∂²l/∂b[1]∂W[0,2]. */
export function entryLabel(e: EntryName): string {
  const wrt = at(e.param, e.index);
  if (e.cotangent !== undefined) return `∂⟨c${e.cotangent}, output⟩/∂${wrt}`;
  if (e.output === undefined) return wrt;
  if (e.outputParam !== undefined) return `∂²l/∂${at(e.outputParam, e.output)}∂${wrt}`;
  return `∂${at('output', e.output)}/∂${wrt}`;
}
