// A layer written in TypeScript, its parameters declared as an interface:
//   y = tanh(w·x + b) for 4 inputs, l = ½ Σ (y − t)²
// `gradcheck --module examples/layer.ts` loads it through tsx (from your project's
// node_modules) and exits 0.
interface Layer {
  w: number[];
  b: number;
}

const X = [
  [0.5, -1.2, 0.3],
  [1.5, 0.2, -0.7],
  [-0.3, 0.8, 1.1],
  [0.9, -0.4, 0.6],
];
const T = [0.2, -0.5, 0.7, 0.1];

const forward = ({ w, b }: Layer): number[] => X.map((x) => Math.tanh(x.reduce((s, v, j) => s + v * w[j], b)));

export const parameters: Layer = { w: [0.3, -0.6, 0.8], b: 0.1 };

export function loss(p: Layer): number {
  return forward(p).reduce((s, y, i) => s + 0.5 * (y - T[i]) ** 2, 0);
}

export function gradient(p: Layer): Layer {
  const dz = forward(p).map((y, i) => (y - T[i]) * (1 - y * y));
  return {
    w: p.w.map((_, j) => dz.reduce((s, d, i) => s + d * X[i][j], 0)),
    b: dz.reduce((s, d) => s + d, 0),
  };
}
