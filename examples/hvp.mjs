// A Hessian-vector product for a second-order optimizer, of a small quadratic-plus-tanh loss:
//   l(w) = ½ wᵀAw + Σᵢ tanh(wᵢ)
//   ∇l = A·w + (1 − tanh²(w)),   H·v = A·v − 2·tanh(w)·(1 − tanh²(w))·v   (A symmetric)
// `gradcheck --module examples/hvp.mjs` checks the gradient against differences of the loss,
// then H·v entry by entry against differences of the gradient, and exits 0.

const A = [
  [2, 0.5, -0.3],
  [0.5, 1, 0.2],
  [-0.3, 0.2, 3],
];
const times = (M, v) => M.map((row) => row.reduce((s, a, j) => s + a * v[j], 0));

export const parameters = { w: [0.4, -0.8, 1.2] };

export function loss({ w }) {
  return 0.5 * w.reduce((s, wi, i) => s + wi * times(A, w)[i], 0) + w.reduce((s, wi) => s + Math.tanh(wi), 0);
}

export function gradient({ w }) {
  return { w: times(A, w).map((a, i) => a + 1 - Math.tanh(w[i]) ** 2) };
}

export function hvp({ w }, { w: v }) {
  return { w: times(A, v).map((a, i) => a - 2 * Math.tanh(w[i]) * (1 - Math.tanh(w[i]) ** 2) * v[i]) };
}
