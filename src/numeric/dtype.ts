/** The floating-point type the model computes in. */
export type Dtype = 'float64' | 'float32';
export const DTYPES: readonly Dtype[] = ['float64', 'float32'];

/** Rounds one operation's result to the dtype: identity for float64, Math.fround for float32. */
export type Round = (x: number) => number;

/** float64 needs no rounding; hot loops test for this function to skip the calls. */
export const unrounded: Round = (x) => x;

export function roundingFor(dtype: Dtype): Round {
  return dtype === 'float32' ? Math.fround : unrounded;
}

/** Unit roundoff ε of the dtype: the gap between 1 and the next representable number. */
export function machineEpsilon(dtype: Dtype): number {
  return dtype === 'float32' ? 2 ** -23 : 2 ** -52;
}

/** The gap between |x| and the next larger number of the dtype (x finite, not 0). */
export function ulp(x: number, dtype: Dtype): number {
  const bits = dtype === 'float32' ? 23 : 52;
  return 2 ** (Math.floor(Math.log2(Math.abs(x))) - bits);
}
