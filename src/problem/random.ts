import { mersenne } from 'pure-rand/generator/mersenne';
import seedrandom from 'seedrandom';

/**
 * Seeded randomness: `integer(high)` uniform on 0 … high−1, `uniform()` on [0, 1). Each generator documents
 * exactly how it draws, so anyone can rebuild the same matrices with the original library.
 */
export interface RandomStream {
  integer(high: number): number;
  uniform(): number;
}

/** The generators of the seedrandom package, by the names it uses. */
export const SEEDRANDOM_GENERATORS = ['arc4', 'alea', 'xor128', 'xorwow', 'xorshift7', 'xor4096', 'tychei'] as const;
export type SeedrandomName = (typeof SEEDRANDOM_GENERATORS)[number];

/** Streams on MT19937 that replay torch's and numpy's integer draws. */
export const MT19937_STREAMS = ['torch', 'numpy'] as const;
export type Mt19937Name = (typeof MT19937_STREAMS)[number];

export type RngName = SeedrandomName | Mt19937Name;
export const RNG_NAMES: readonly RngName[] = [...SEEDRANDOM_GENERATORS, ...MT19937_STREAMS];

/** MT19937 takes a 32-bit seed, as torch.manual_seed and np.random.seed do for these streams. */
export const MAX_MT19937_SEED = 2 ** 32 - 1;

export function isMt19937(name: RngName): name is Mt19937Name {
  return (MT19937_STREAMS as readonly string[]).includes(name);
}

/** The seed text as an MT19937 seed, or undefined when it is not an integer 0 … 2³²−1. */
export function mt19937Seed(seed: string): number | undefined {
  if (!/^\d+$/.test(seed)) return undefined;
  const s = Number(seed);
  return s <= MAX_MT19937_SEED ? s : undefined;
}

/**
 * seedrandom's generators, seeded with the seed *string* as given (`seedrandom('42')`, `seedrandom.alea('42')`):
 * the number 42 mixes differently. Integers are `Math.floor(prng() * high)`.
 */
function seedrandomStream(name: SeedrandomName, seed: string): RandomStream {
  const prng = name === 'arc4' ? seedrandom(seed) : seedrandom[name](seed);
  return {
    integer: (high) => Math.floor(prng() * high),
    uniform: () => prng(),
  };
}

/** Smallest 2ᵏ−1 ≥ x: numpy's mask for bounded integers. */
function maskFor(x: number): number {
  let mask = x;
  for (let shift = 1; shift <= 16; shift *= 2) mask |= mask >>> shift;
  return mask >>> 0;
}

/**
 * MT19937 (pure-rand's `mersenne`, init_genrand seeding), drawing integers as
 * - torch: `torch.manual_seed(s)` + `torch.randint(high, shape)` on CPU: next32() % high;
 * - numpy: `np.random.seed(s)` + legacy `np.random.randint(high, size)`: next32() & mask,
 *   drawn again while above high−1, and no draw at all when high is 1.
 * uniform() is next32() / 2³² for both (used for sampling, never for the matrices).
 */
function mt19937Stream(name: Mt19937Name, seed: string): RandomStream {
  const s = mt19937Seed(seed);
  if (s === undefined) throw new RangeError(`seed '${seed}' is not an integer from 0 to ${MAX_MT19937_SEED}`);
  const mt = mersenne(s);
  const next32 = () => mt.next() >>> 0;
  const integer =
    name === 'torch'
      ? (high: number) => next32() % high
      : (high: number) => {
          if (high === 1) return 0;
          const mask = maskFor(high - 1);
          let v: number;
          do v = (next32() & mask) >>> 0;
          while (v > high - 1);
          return v;
        };
  return { integer, uniform: () => next32() / 2 ** 32 };
}

export function createStream(name: RngName, seed: string): RandomStream {
  return isMt19937(name) ? mt19937Stream(name, seed) : seedrandomStream(name, seed);
}
