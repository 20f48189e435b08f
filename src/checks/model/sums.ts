import type { RowTerms, StripWeight } from '../../model/strip-sums.js';
import { stripSum, stripTerms, stripTermsOfRange } from '../../model/strip-sums.js';
import type { Strips } from '../../model/strips.js';
import { SCHEMES } from '../../numeric/schemes.js';
import { strikesFromDerivatives } from '../../numeric/steps.js';
import { once } from '../../pipeline/measure.js';
import type { ModelCheckOptions } from './options.js';

/** log2 of the entries a page of remembered sums holds. */
export const PAGE_BITS = 12;

/**
 * `width` numbers an entry, computed at first ask and remembered in pages until forget(): the measurement forgets after
 * each block, so 10⁶ entries are never all held. `wholePage` computes a page at once (every entry will be asked).
 */
class Remembered {
  private pages: (Float64Array | undefined)[] = [];

  constructor(
    private readonly width: number,
    private readonly compute: (k: number, out: Float64Array, at: number) => void,
    private readonly wholePage?: (k0: number, k1: number, out: Float64Array) => void,
  ) {}

  get(k: number, i: number): number {
    const page = this.pages[k >>> PAGE_BITS] ?? this.newPage(k >>> PAGE_BITS);
    const at = (k & ((1 << PAGE_BITS) - 1)) * this.width;
    // NaN until computed: the last number is written last.
    if (Number.isNaN(page[at + this.width - 1])) this.compute(k, page, at);
    return page[at + i];
  }

  forget(): void {
    this.pages = [];
  }

  private newPage(number: number): Float64Array {
    const page = new Float64Array(this.width << PAGE_BITS).fill(Number.NaN);
    this.wholePage?.(number << PAGE_BITS, (number + 1) << PAGE_BITS, page);
    this.pages[number] = page;
    return page;
  }
}

/** Σ over entry k's strip of weight(c)·v, remembered: the step, the roundoff and the bound each ask for it. */
function stripSums(strips: Strips, v: () => Float64Array, weight: StripWeight): Remembered {
  return new Remembered(1, (k, out, at) => {
    out[at] = stripSum(strips, k, v(), weight);
  });
}

/** Each of RowTerms, made when first asked for. */
export type RowsWhenAsked = { [K in keyof RowTerms]: () => RowTerms[K] };

/** What an entry's roundoff, bound and balanced step are summed from, entry by entry as first asked. */
export interface EntrySums {
  lossRounding(k: number): number;
  analyticRounding(k: number): number;
  first(k: number): number;
  third(k: number): number;
  /** Drops the sums remembered so far. */
  forget(): void;
}

/** An entry's four sums in one pass at first ask (the default check asks for all); `everyEntry`: a page at once. */
export function sumsTogether(
  strips: Strips,
  rows: RowsWhenAsked,
  roundingBySize: boolean,
  everyEntry: boolean,
  size: number,
): EntrySums {
  const allRows = once(() => ({
    rounding: rows.rounding(),
    absDelta: rows.absDelta(),
    first: rows.first(),
    third: rows.third(),
  }));
  const terms = new Remembered(
    4,
    (k, out, at) => stripTerms(strips, k, allRows(), roundingBySize, out, at),
    everyEntry
      ? (k0, k1, out) => stripTermsOfRange(strips, allRows(), roundingBySize, k0, Math.min(k1, size), out)
      : undefined,
  );
  return {
    lossRounding: (k) => terms.get(k, 0),
    analyticRounding: (k) => terms.get(k, 1),
    first: (k) => terms.get(k, 2),
    third: (k) => terms.get(k, 3),
    forget: () => terms.forget(),
  };
}

/** Each sum on its own at its first ask (stripSum): other settings ask for some of them only. */
export function sumsApart(strips: Strips, rows: RowsWhenAsked, roundingBySize: boolean): EntrySums {
  const sums = {
    lossRounding: stripSums(strips, rows.rounding, roundingBySize ? 'size' : 'moved'),
    analyticRounding: stripSums(strips, rows.absDelta, 'size'),
    first: stripSums(strips, rows.first, 'value'),
    third: stripSums(strips, rows.third, 'cube'),
  };
  return {
    lossRounding: (k) => sums.lossRounding.get(k, 0),
    analyticRounding: (k) => sums.analyticRounding.get(k, 0),
    first: (k) => sums.first.get(k, 0),
    third: (k) => sums.third.get(k, 0),
    forget: () => {
      for (const remembered of Object.values(sums)) remembered.forget();
    },
  };
}

/**
 * Whether a check asks for all four sums of each entry: the balanced step struck from the loss's derivatives, and the
 * estimate rule's bound. Fast mode asks for the two roundings only, never the derivatives (four exponentials a row).
 */
export function asksEverySum(opts: ModelCheckOptions, kinks: boolean): boolean {
  return (
    !opts.fast &&
    opts.eps === 'auto' &&
    strikesFromDerivatives(SCHEMES[opts.scheme], kinks) &&
    opts.tolerance === 'estimate'
  );
}

/** Every entry measured (no sample, no `only`): sums are then made a page at a time, a waste for a few entries. */
export function checksEveryEntry(
  opts: Pick<ModelCheckOptions, 'sample'>,
  only?: ReadonlyMap<string, Uint32Array>,
): boolean {
  return opts.sample === null && !only;
}
