// A softmax cross-entropy layer, checked by `gradcheck --module examples/softmax.mjs`.
//   logits = X·W + b,  P = softmax(logits) row by row,  l = −(1/n) Σᵢ log P[i, yᵢ]
//   ∂l/∂W = Xᵀ(P − Y)/n,  ∂l/∂b = Σᵢ (P − Y)[i, :]/n   (Y: one-hot labels)

const X = [
  [0.5, -1.2, 0.3],
  [1.5, 0.2, -0.7],
  [-0.3, 0.8, 1.1],
  [0.9, -0.4, 0.6],
];
const labels = [2, 0, 1, 2];
const n = X.length,
  d = 3,
  C = 3;

/** W and b drawn from gradcheck's seeded random() in [0, 1). */
export function parameters(random) {
  return {
    W: Array.from({ length: d }, () => Array.from({ length: C }, () => random() - 0.5)),
    b: Array.from({ length: C }, () => 0.1 * (random() - 0.5)),
  };
}

function probabilities({ W, b }) {
  return X.map((x) => {
    const logits = b.map((bj, j) => bj + x.reduce((s, xk, k) => s + xk * W[k][j], 0));
    const top = Math.max(...logits);
    const e = logits.map((z) => Math.exp(z - top));
    const sum = e.reduce((a, c) => a + c, 0);
    return e.map((v) => v / sum);
  });
}

export function loss(params) {
  return -probabilities(params).reduce((s, p, i) => s + Math.log(p[labels[i]]), 0) / n;
}

export function gradient(params) {
  const P = probabilities(params);
  const D = P.map((p, i) => p.map((v, j) => (v - (j === labels[i] ? 1 : 0)) / n));
  return {
    W: Array.from({ length: d }, (_, k) =>
      Array.from({ length: C }, (_, j) => X.reduce((s, x, i) => s + x[k] * D[i][j], 0)),
    ),
    b: Array.from({ length: C }, (_, j) => D.reduce((s, row) => s + row[j], 0)),
  };
}
