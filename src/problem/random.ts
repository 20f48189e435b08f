import seedrandom from 'seedrandom';

/**
 * A seeded source of random integers. `integer(high)` is uniform on 0 … high−1;
 * `uniform()` is uniform on [0, 1). Each generator documents exactly how it draws,
 * so that anyone can rebuild the same matrices with the original library.
 */
export interface RandomStream {
  integer(high: number): number;
  uniform(): number;
}

/** The generators of the seedrandom package, by the names it uses. */
export const SEEDRANDOM_GENERATORS = ['arc4', 'alea', 'xor128', 'xorwow', 'xorshift7', 'xor4096', 'tychei'] as const;
export type SeedrandomName = (typeof SEEDRANDOM_GENERATORS)[number];

export const RNG_NAMES: readonly SeedrandomName[] = [...SEEDRANDOM_GENERATORS];
export type RngName = SeedrandomName;

/**
 * seedrandom's generators, seeded with the seed *string* exactly as given:
 * `seedrandom('42')`, `seedrandom.alea('42')`, … (seedrandom mixes the number 42
 * differently from the string '42', so the string is the contract).
 * Integers are `Math.floor(prng() * high)`.
 */
function seedrandomStream(name: SeedrandomName, seed: string): RandomStream {
  const prng = name === 'arc4' ? seedrandom(seed) : seedrandom[name](seed);
  return {
    integer: (high) => Math.floor(prng() * high),
    uniform: () => prng(),
  };
}

export function createStream(name: RngName, seed: string): RandomStream {
  return seedrandomStream(name, seed);
}
