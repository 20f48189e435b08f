import { compare, errors, severity, type Tolerance } from './compare.js';
import { type Entry, type EntryStatus, entryLabel, type Measurement, unravel } from './entry.js';
import { entryOf, failsWithinRoundoff, type Judgement } from './judge.js';

/** A parameter a table's rows belong to, and the index the report gives its flat position k. */
export interface TableParameter {
  name: string;
  indexOf(k: number): number[];
  /** The shape the index is row-major in, when it is: a worker thread can then index the rows itself. */
  shape?: readonly number[];
}

/** A table as a worker thread receives it: its columns in shared memory (not copied), its parameters by shape. */
export interface SharedColumns {
  params: { name: string; shape: readonly number[] }[];
  columns: [Uint16Array, Uint32Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Uint8Array];
  ranges: [number, readonly [number, number]][];
}

// A row's flags: pass, informative and has-a-bound bits, the status above them.
const [PASS, INFORMATIVE, BOUND, STATUS_SHIFT] = [1, 2, 4, 3];
const STATUSES: readonly EntryStatus[] = ['pass', 'fail', 'kink', 'nonfinite'];

/**
 * A check's judged entries as typed-array columns, a row an entry, not an object an entry. What judgement decided
 * is stored, what follows from it (the errors) computed when read; an Entry is made only when asked (entry(i)).
 */
export class EntryTable {
  /** Made by EntryTable.filled(…).build() or EntryTable.of(entries). */
  constructor(
    readonly params: readonly TableParameter[],
    /** Which of params each row is of. */
    readonly param: Uint16Array,
    /** The row's flat position in its parameter. */
    readonly flat: Uint32Array,
    readonly analytic: Float64Array,
    /** The value analytic was compared with: at a kink, the point of the range nearest it. */
    readonly numeric: Float64Array,
    readonly step: Float64Array,
    readonly roundoff: Float64Array,
    /** Under the estimate rule, the row's bound (read it through bound(i): the flags say whether there is one). */
    readonly bounds: Float64Array,
    /** Bits: pass, informative, has a bound; above them the status (pass, fail, kink, nonfinite). */
    readonly flags: Uint8Array,
    /** At kinks: the range of subgradients, by row. */
    readonly ranges: ReadonlyMap<number, readonly [number, number]>,
    /** The entries the table was made from, when it was (EntryTable.of): given back as they were. */
    readonly listed?: readonly Entry[],
  ) {}

  get length(): number {
    return this.flat.length;
  }

  /** As worker threads read it, uncopied: undefined unless its columns are shared and every index follows a shape. */
  get shareable(): SharedColumns | undefined {
    const params = this.params.map(({ name, shape }) => (shape ? { name, shape } : undefined));
    if (this.listed || !(this.flat.buffer instanceof SharedArrayBuffer) || params.some((p) => p === undefined))
      return undefined;
    return { params: params as SharedColumns['params'], columns: this.columns, ranges: [...this.ranges] };
  }

  /** The columns, in the constructor's order. */
  private get columns(): SharedColumns['columns'] {
    const { param, flat, analytic, numeric, step, roundoff, bounds, flags } = this;
    return [param, flat, analytic, numeric, step, roundoff, bounds, flags];
  }

  /** The table a worker thread received (shareable). */
  static fromShared({ params, columns, ranges }: SharedColumns): EntryTable {
    const indexed = params.map(({ name, shape }) => ({ name, shape, indexOf: (k: number) => unravel(k, shape) }));
    return new EntryTable(indexed, ...columns, new Map(ranges));
  }

  /** A table to fill with `length` judged entries of the given parameters. */
  static filled(params: readonly TableParameter[], length: number): TableBuilder {
    return new TableBuilder(params, length);
  }

  /** The table of entries already made (a Jacobian's rows, a report read back): entry(i) is entries[i]. */
  static of(entries: readonly Entry[]): EntryTable {
    const names = [...new Set(entries.map((e) => e.param))];
    const builder = EntryTable.filled(
      names.map((name) => ({ name, indexOf: () => [] })),
      entries.length,
    );
    entries.forEach((e, i) => {
      builder.set(i, names.indexOf(e.param), 0, e);
    });
    return builder.build(entries);
  }

  /** The rows given, as a table of their own (one parameter's share of a check). */
  select(rows: readonly number[]): EntryTable {
    const pick = (column: SharedColumns['columns'][number]) => {
      const picked = new (column.constructor as new (n: number) => typeof column)(rows.length);
      for (let r = 0; r < rows.length; r++) picked[r] = column[rows[r]];
      return picked;
    };
    const ranges = new Map<number, readonly [number, number]>();
    rows.forEach((i, r) => {
      const range = this.ranges.get(i);
      if (range) ranges.set(r, range);
    });
    const listed = this.listed && rows.map((i) => this.listed?.[i] as Entry);
    return new EntryTable(this.params, ...(this.columns.map(pick) as SharedColumns['columns']), ranges, listed);
  }

  /** The rows that `keep` keeps, in order: every row when it is absent. */
  rows(keep: (i: number) => boolean = () => true): number[] {
    const rows: number[] = [];
    for (let i = 0; i < this.length; i++) if (keep(i)) rows.push(i);
    return rows;
  }

  rowsOf(name: string): number[] {
    const q = this.params.findIndex((p) => p.name === name);
    return this.rows((i) => this.param[i] === q);
  }

  paramName(i: number): string {
    return this.params[this.param[i]].name;
  }

  index(i: number): number[] {
    return this.listed ? this.listed[i].index : this.params[this.param[i]].indexOf(this.flat[i]);
  }

  pass(i: number): boolean {
    return (this.flags[i] & PASS) !== 0;
  }

  informative(i: number): boolean {
    return (this.flags[i] & INFORMATIVE) !== 0;
  }

  status(i: number): EntryStatus {
    return STATUSES[this.flags[i] >> STATUS_SHIFT];
  }

  bound(i: number): number | undefined {
    return this.flags[i] & BOUND ? this.bounds[i] : undefined;
  }

  /** At a kink, the range of subgradients; undefined elsewhere. */
  range(i: number): readonly [number, number] | undefined {
    return this.ranges.get(i);
  }

  /** How many rows sit at kinks. */
  get kinks(): number {
    return this.ranges.size;
  }

  /** analytic − numeric, |analytic − numeric| and the relative error of row i. */
  errors(i: number) {
    return errors(this.analytic[i], this.numeric[i]);
  }

  /** Whether row i fails by no more than its numeric value's arithmetic error. */
  failsWithinRoundoff(i: number): boolean {
    return failsWithinRoundoff({ pass: this.pass(i), absError: this.errors(i).absError, roundoff: this.roundoff[i] });
  }

  /** How far outside its tolerance row i is (compare.ts severity). */
  severity(i: number, tol: Tolerance): number {
    // An entry whose differences were NaN or ±∞ proved nothing: below every judged one, worst only if all are.
    if (this.status(i) === 'nonfinite') return -1;
    return severity(compare(this.analytic[i], this.numeric[i], tol, this.bound(i)));
  }

  /** Row i's index as text, joined by `separator`: a matrix's from its shape, without making an array. */
  indexText(i: number, separator: string): string {
    const { shape } = this.params[this.param[i]];
    if (this.listed || shape?.length !== 2) return this.index(i).join(separator);
    const k = this.flat[i];
    return `${Math.floor(k / shape[1])}${separator}${k % shape[1]}`;
  }

  /** How tables and messages name row i: W[1,0], or a Jacobian's ∂output[3]/∂W[1,0]. */
  label(i: number): string {
    if (this.listed) return entryLabel(this.listed[i]);
    const index = this.indexText(i, ',');
    const name = this.paramName(i);
    return index === '' ? name : `${name}[${index}]`;
  }

  /** Row i as the report's Entry: made now (a new object each call), or the one the table was made from. */
  entry(i: number): Entry {
    if (this.listed) return this.listed[i];
    const judged: Judgement = {
      numeric: this.numeric[i],
      pass: this.pass(i),
      status: this.status(i),
      informative: this.informative(i),
    };
    return entryOf(this.measurement(i), judged);
  }

  /** Row i as measured, as far as judging kept it: at a kink `numeric` is the value compared, not the difference. */
  measurement(i: number): Measurement {
    return {
      param: this.paramName(i),
      index: this.index(i),
      analytic: this.analytic[i],
      numeric: this.numeric[i],
      step: this.step[i],
      roundoff: this.roundoff[i],
      subgradients: this.ranges.get(i),
      bound: this.bound(i),
    };
  }

  entries(): Entry[] {
    if (this.listed) return [...this.listed];
    const all = new Array<Entry>(this.length);
    for (let i = 0; i < this.length; i++) all[i] = this.entry(i);
    return all;
  }
}

/** Fills an EntryTable row by row from judged entries (each may be thrown away once set). */
export class TableBuilder {
  private readonly param: Uint16Array;
  private readonly flat: Uint32Array;
  private readonly analytic: Float64Array;
  private readonly numeric: Float64Array;
  private readonly step: Float64Array;
  private readonly roundoff: Float64Array;
  private readonly bounds: Float64Array;
  private readonly flags: Uint8Array;
  private readonly ranges = new Map<number, readonly [number, number]>();

  constructor(
    private readonly params: readonly TableParameter[],
    length: number,
  ) {
    // In shared memory: worker threads may write the table's lines (render/parallel-lines.ts).
    const shared = (bytes: number) => new SharedArrayBuffer(bytes * length);
    this.param = new Uint16Array(shared(2));
    this.flat = new Uint32Array(shared(4));
    this.analytic = new Float64Array(shared(8));
    this.numeric = new Float64Array(shared(8));
    this.step = new Float64Array(shared(8));
    this.roundoff = new Float64Array(shared(8));
    this.bounds = new Float64Array(shared(8));
    this.flags = new Uint8Array(shared(1));
  }

  /** Row i: entry e, judged, of params[q] at flat position k. */
  set(i: number, q: number, k: number, e: Entry): void {
    const range = e.low !== undefined && e.high !== undefined ? ([e.low, e.high] as const) : undefined;
    const { analytic, step, roundoff, bound } = e;
    this.judged(i, q, k, { analytic, step, roundoff, bound, subgradients: range }, e);
  }

  /** Row i: a measurement of params[q] at flat position k, and what judging decided of it (no Entry made). */
  judged(
    i: number,
    q: number,
    k: number,
    m: Pick<Measurement, 'analytic' | 'step' | 'roundoff' | 'bound' | 'subgradients'>,
    j: Judgement,
  ): void {
    this.param[i] = q;
    this.flat[i] = k;
    this.analytic[i] = m.analytic;
    this.numeric[i] = j.numeric;
    this.step[i] = m.step;
    this.roundoff[i] = m.roundoff;
    this.bounds[i] = m.bound ?? 0;
    const bound = m.bound === undefined ? 0 : BOUND;
    this.flags[i] =
      (j.pass ? PASS : 0) | (j.informative ? INFORMATIVE : 0) | bound | (STATUSES.indexOf(j.status) << STATUS_SHIFT);
    if (m.subgradients) this.ranges.set(i, m.subgradients);
    else this.ranges.delete(i);
  }

  build(listed?: readonly Entry[]): EntryTable {
    const { params, param, flat, analytic, numeric, step, roundoff, bounds, flags, ranges } = this;
    return new EntryTable(params, param, flat, analytic, numeric, step, roundoff, bounds, flags, ranges, listed);
  }
}

/** The `count` entries furthest outside their tolerance, worst first (ties in row order): one pass, no sort. */
export function worstEntries(table: EntryTable, tol: Tolerance, count: number): Entry[] {
  const top: { i: number; s: number }[] = [];
  for (let i = 0; i < table.length && count > 0; i++) {
    const s = table.severity(i, tol);
    if (top.length === count && !(s > top[count - 1].s)) continue;
    let at = top.length;
    while (at > 0 && s > top[at - 1].s) at--;
    top.splice(at, 0, { i, s });
    if (top.length > count) top.pop();
  }
  return top.map(({ i }) => table.entry(i));
}
