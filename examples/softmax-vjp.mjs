// A softmax layer's backward pass, checked as a vector-Jacobian product:
//   Z = X·W,  P = softmax(Z) row by row  (the output: 3×3)
//   vjp(W, c) = Xᵀ·G  with  G[i,j] = P[i,j]·(c[i,j] − Σₖ c[i,k]·P[i,k])
// `gradcheck --module examples/softmax-vjp.mjs` checks every entry ∂P[i,j]/∂W[k,l] and exits 0.

const X = [
  [0.5, -1.2, 0.3],
  [1.5, 0.2, -0.7],
  [-0.3, 0.8, 1.1],
];

/** W drawn from gradcheck's seeded random() in [0, 1). */
export function parameters(random) {
  return { W: X.map(() => X[0].map(() => random() - 0.5)) };
}

export function output({ W }) {
  return X.map((x) => {
    const z = W[0].map((_, j) => x.reduce((s, xk, k) => s + xk * W[k][j], 0));
    const top = Math.max(...z);
    const e = z.map((v) => Math.exp(v - top));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / sum);
  });
}

/** How the cotangent is read: c[i][j] here; softmax-vjp-transposed.mjs reads it the other way. */
export const cotangentAt = (c, i, j) => c[i][j];

export function vjp(params, c, at = cotangentAt) {
  const P = output(params);
  const G = P.map((row, i) => {
    const dot = row.reduce((s, p, k) => s + at(c, i, k) * p, 0);
    return row.map((p, j) => p * (at(c, i, j) - dot));
  });
  return { W: X[0].map((_, k) => G[0].map((_, j) => X.reduce((s, x, i) => s + x[k] * G[i][j], 0))) };
}
