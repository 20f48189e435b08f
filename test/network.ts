// A two-layer network as a user writes one for checkGradient (W1 a Float64Array, the rest nested arrays, a
// hand-written backward pass), seeded, counting its loss calls: the corpora of right and wrong gradients that the
// screen (issue 30) is held to.

export type NetworkActivation = 'tanh' | 'sigmoid' | 'relu';
type Params = { W1: Float64Array; b1: number[]; W2: number[][]; b2: number[] };

const ACTIVATIONS: Record<NetworkActivation, [(z: number) => number, (z: number) => number]> = {
  tanh: [Math.tanh, (z) => 1 - Math.tanh(z) ** 2],
  sigmoid: [(z) => 1 / (1 + Math.exp(-z)), (z) => Math.exp(-z) / (1 + Math.exp(-z)) ** 2],
  relu: [(z) => Math.max(0, z), (z) => (z > 0 ? 1 : 0)],
};

/** Sizes [inputs, hidden, outputs, rows]: P = inputs·hidden + hidden + hidden·outputs + outputs. */
export type Sizes = readonly [number, number, number, number];
/** About 50 parameters (issue 30's small module), and about 10,000 at one row (cheap enough for a test). */
export const SMALL: Sizes = [4, 7, 2, 5];
export const LARGE: Sizes = [100, 96, 4, 1];

export function network(sizes: Sizes, activation: NetworkActivation, seed: number) {
  let s = seed >>> 0;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32) * 2 - 1;
  };
  const [nIn, nHidden, nOut, nRows] = sizes;
  const X = Array.from({ length: nRows }, () => Array.from({ length: nIn }, rand));
  const T = Array.from({ length: nRows }, () => Array.from({ length: nOut }, rand));
  const [act, actPrime] = ACTIVATIONS[activation];
  const parameters: Params = {
    // Row-major, inputs × hidden.
    W1: Float64Array.from({ length: nIn * nHidden }, () => rand() / Math.sqrt(nIn)),
    b1: Array.from({ length: nHidden }, () => rand() * 0.1),
    W2: Array.from({ length: nHidden }, () => Array.from({ length: nOut }, () => rand() / Math.sqrt(nHidden))),
    b2: Array.from({ length: nOut }, () => rand() * 0.1),
  };
  let calls = 0;
  const forward = ({ W1, b1, W2, b2 }: Params, x: number[]) => {
    const z1 = Float64Array.from(b1);
    for (let i = 0, row = 0; i < nIn; i++, row += nHidden) {
      const xi = x[i];
      for (let j = 0; j < nHidden; j++) z1[j] += xi * W1[row + j];
    }
    const a = Array.from(z1, act);
    const y = b2.slice();
    for (let j = 0; j < nHidden; j++) for (let c = 0; c < nOut; c++) y[c] += a[j] * W2[j][c];
    return { z1, a, y };
  };
  const loss = (p: Params) => {
    calls++;
    let l = 0;
    X.forEach((x, r) => {
      forward(p, x).y.forEach((y, c) => {
        l += 0.5 * (y - T[r][c]) ** 2;
      });
    });
    return l;
  };
  const gradient = (p: Params): Params => {
    const g: Params = {
      W1: new Float64Array(p.W1.length),
      b1: p.b1.map(() => 0),
      W2: p.W2.map((row) => row.map(() => 0)),
      b2: p.b2.map(() => 0),
    };
    X.forEach((x, r) => {
      const { z1, a, y } = forward(p, x);
      const dy = y.map((v, c) => v - T[r][c]);
      for (let c = 0; c < nOut; c++) g.b2[c] += dy[c];
      for (let j = 0; j < nHidden; j++) {
        let da = 0;
        for (let c = 0; c < nOut; c++) {
          g.W2[j][c] += a[j] * dy[c];
          da += dy[c] * p.W2[j][c];
        }
        const dz = da * actPrime(z1[j]);
        g.b1[j] += dz;
        for (let i = 0; i < nIn; i++) g.W1[i * nHidden + j] += x[i] * dz;
      }
    });
    return g;
  };
  const size = nIn * nHidden + nHidden + nHidden * nOut + nOut;
  return { parameters, loss, gradient, size, calls: () => calls };
}

/** The network's gradient with one entry k of W1 off by `relative` of its value. */
export function withWrongEntry(net: ReturnType<typeof network>, k: number, relative: number) {
  return {
    ...net,
    gradient: (p: Params) => {
      const g = net.gradient(p);
      g.W1[k] *= 1 + relative;
      return g;
    },
    wrong: [k],
  };
}

/** The network's gradient with `error` added to entry k of W1 (an absolute amount: a zero entry can be wrong too). */
export function withAddedError(net: ReturnType<typeof network>, k: number, error: number) {
  return {
    ...net,
    gradient: (p: Params) => {
      const g = net.gradient(p);
      g.W1[k] += error;
      return g;
    },
  };
}

/**
 * A W1 entry drawn by `seed` among those whose gradient is not 0 and at least the median's: where a relative error
 * means something.
 */
export function largeEntry(net: ReturnType<typeof network>, seed: number): number {
  const g = Array.from(net.gradient(net.parameters).W1, Math.abs);
  const median = [...g].sort((a, b) => a - b)[Math.floor(g.length / 2)];
  const large = g.flatMap((v, k) => (v >= median && v > 0 ? [k] : []));
  return large[(Math.imul(seed, 2654435761) >>> 0) % large.length];
}
