import type { RowTerms, StripWeight } from '../../model/strip-sums.js';
import { stripSum, stripTerms, stripTermsOfRange } from '../../model/strip-sums.js';
import type { Strips } from '../../model/strips.js';
import { SCHEMES } from '../../numeric/schemes.js';
import { strikesFromDerivatives } from '../../numeric/steps.js';
import { once } from '../../pipeline/measure.js';
import type { ModelCheckOptions } from './options.js';

/** Entries a page of remembered sums holds. */
export const PAGE_BITS = 12;

/**
 * Numbers by entry, `width` of them each, computed at the first ask and remembered in pages
 * made as they are needed, until forget(): the measurement forgets them after each block
 * of entries, so that 10⁶ entries never hold them all (asked again, they are computed again).
 * Given `wholePage`, a page is computed whole when first asked for (every entry will be).
 */
class Remembered {
  private pages: (Float64Array | undefined)[] = [];

  constructor(
    private readonly width: number,
    private readonly compute: (k: number, out: Float64Array, at: number) => void,
    private readonly wholePage?: (k0: number, k1: number, out: Float64Array) => void,
  ) {}

  /** Entry k's i-th number. */
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

/** Σ over entry k's strip of weight(c)·v (stripSum), computed the first time it is asked for (the step, the roundoff and the bound each ask). */
function stripSums(strips: Strips, v: () => Float64Array, weight: StripWeight): Remembered {
  return new Remembered(1, (k, out, at) => {
    out[at] = stripSum(strips, k, v(), weight);
  });
}

/** Each of RowTerms, made when first asked for. */
export type RowsWhenAsked = { [K in keyof RowTerms]: () => RowTerms[K] };

/** What an entry's roundoff, bound and balanced step are summed from, entry by entry as first asked. */
export interface EntrySums {
  noise(k: number): number;
  analyticRounding(k: number): number;
  first(k: number): number;
  third(k: number): number;
  /** Drops the sums remembered so far. */
  forget(): void;
}

/**
 * All four of an entry's sums in one pass (stripTerms) at its first ask: the default check asks for every one. When it
 * checks every one of the parameter's `size` entries (`everyEntry`), a page of them at once (stripTermsOfRange).
 */
export function sumsTogether(
  strips: Strips,
  rows: RowsWhenAsked,
  noiseBySize: boolean,
  everyEntry: boolean,
  size: number,
): EntrySums {
  const allRows = once(() => ({
    noise: rows.noise(),
    absDelta: rows.absDelta(),
    first: rows.first(),
    third: rows.third(),
  }));
  const terms = new Remembered(
    4,
    (k, out, at) => stripTerms(strips, k, allRows(), noiseBySize, out, at),
    everyEntry
      ? (k0, k1, out) => stripTermsOfRange(strips, allRows(), noiseBySize, k0, Math.min(k1, size), out)
      : undefined,
  );
  return {
    noise: (k) => terms.get(k, 0),
    analyticRounding: (k) => terms.get(k, 1),
    first: (k) => terms.get(k, 2),
    third: (k) => terms.get(k, 3),
    forget: () => terms.forget(),
  };
}

/** Each sum on its own at its first ask (stripSum): other settings ask for some of them only. */
export function sumsApart(strips: Strips, rows: RowsWhenAsked, noiseBySize: boolean): EntrySums {
  const sums = {
    noise: stripSums(strips, rows.noise, noiseBySize ? 'size' : 'moved'),
    analyticRounding: stripSums(strips, rows.absDelta, 'size'),
    first: stripSums(strips, rows.first, 'value'),
    third: stripSums(strips, rows.third, 'cube'),
  };
  return {
    noise: (k) => sums.noise.get(k, 0),
    analyticRounding: (k) => sums.analyticRounding.get(k, 0),
    first: (k) => sums.first.get(k, 0),
    third: (k) => sums.third.get(k, 0),
    forget: () => {
      for (const remembered of Object.values(sums)) remembered.forget();
    },
  };
}

/**
 * Whether a check asks for all four of each entry's sums (made in one pass, sumsTogether): where the balanced step is
 * struck from the loss's derivatives and the estimate rule bounds each entry. Fast mode's direction asks for two (its
 * noise and rounding), never the derivatives, whose rows cost four exponentials each.
 */
export function asksEverySum(opts: ModelCheckOptions, kinks: boolean): boolean {
  return (
    !opts.fast &&
    opts.eps === 'auto' &&
    strikesFromDerivatives(SCHEMES[opts.scheme], kinks) &&
    opts.tolerance === 'estimate'
  );
}

/**
 * Whether a check measures every entry of its parameters (no sample, no recheck of some `only`): then each entry's
 * sums are made a page of 4096 entries at a time, which a check of a few entries would pay 4096 times over.
 */
export function checksEveryEntry(
  opts: Pick<ModelCheckOptions, 'sample'>,
  only?: ReadonlyMap<string, Uint32Array>,
): boolean {
  return opts.sample === null && !only;
}
