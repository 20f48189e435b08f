import type { RandomStream } from './random.js';

/**
 * k sorted positions of 0 … size−1, one drawn in each of k near-equal strata, so every row of W gets its
 * share (CS231n's sparse gradient check, made reproducible).
 */
export function stratifiedSample(size: number, k: number, stream: RandomStream): Uint32Array {
  const count = Math.min(k, size);
  const out = new Uint32Array(count);
  for (let s = 0; s < count; s++) {
    const lo = Math.floor((s * size) / count);
    const hi = Math.floor(((s + 1) * size) / count);
    out[s] = lo + Math.min(hi - lo - 1, Math.floor(stream.uniform() * (hi - lo)));
  }
  return out;
}

/** A seeded direction of unit length, entries drawn uniformly in [−1, 1) and normalized. */
export function unitDirection(size: number, stream: RandomStream): Float64Array {
  const u = Float64Array.from({ length: size }, () => 2 * stream.uniform() - 1);
  let sumOfSquares = 0;
  for (const v of u) sumOfSquares += v * v;
  const norm = Math.sqrt(sumOfSquares);
  return u.map((v) => v / norm);
}

/**
 * A seeded direction of unit length whose entries are a random sign times a size in [½, 1), normalized: every entry
 * moves it within a factor 2 of every other, so an error on any one entry shows (fast mode states what it would
 * have caught), and no sum of integer gradients cancels exactly (as signs alone would). One draw an entry.
 */
export function signDirection(size: number, stream: RandomStream): Float64Array {
  const u = Float64Array.from({ length: size }, () => {
    const x = stream.uniform() - 0.5;
    return Math.sign(x || 1) * (0.5 + Math.abs(x));
  });
  let sumOfSquares = 0;
  for (const v of u) sumOfSquares += v * v;
  const norm = Math.sqrt(sumOfSquares);
  return u.map((v) => v / norm);
}

/** k entries shared out over parameters in proportion to their sizes, at least one each while k allows. */
export function shareSample(sizes: readonly number[], k: number): number[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  const share = sizes.map((n) => Math.min(n, Math.max(k >= sizes.length ? 1 : 0, Math.floor((k * n) / total))));
  // The minimum of one each can overshoot k: take back from the largest shares.
  for (let over = share.reduce((a, b) => a + b, 0) - k; over > 0; over--) {
    const largest = share.indexOf(Math.max(...share));
    share[largest]--;
  }
  for (let q = 0, left = k - share.reduce((a, b) => a + b, 0); left > 0 && q < 10 * sizes.length; q++) {
    const p = q % sizes.length;
    if (share[p] < sizes[p]) {
      share[p]++;
      left--;
    }
  }
  return share;
}
