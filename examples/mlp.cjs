// A two-layer perceptron, as a CommonJS module with one default object:
//   H = tanh(X·W1 + b1),  Y = H·W2 + b2,  l = ½ Σ (Y − T)²
// backpropagated by hand. `gradcheck --module examples/mlp.cjs`
const X = [
  [0.2, -0.5],
  [1.0, 0.3],
  [-0.7, 0.8],
  [0.4, 0.4],
  [-1.1, -0.2],
];
const T = [[0.5], [-0.2], [0.9], [0.1], [-0.6]];
const hidden = 4;

const matmul = (A, B) => A.map((row) => B[0].map((_, j) => row.reduce((s, a, k) => s + a * B[k][j], 0)));
const addRow = (A, b) => A.map((row) => row.map((v, j) => v + b[j]));
const transpose = (A) => A[0].map((_, j) => A.map((row) => row[j]));
const sumRows = (A) => A[0].map((_, j) => A.reduce((s, row) => s + row[j], 0));

function forward({ W1, b1, W2, b2 }) {
  const H = addRow(matmul(X, W1), b1).map((row) => row.map(Math.tanh));
  return { H, Y: addRow(matmul(H, W2), b2) };
}

module.exports = {
  parameters(random) {
    const r = () => random() - 0.5;
    return {
      W1: Array.from({ length: 2 }, () => Array.from({ length: hidden }, r)),
      b1: Array.from({ length: hidden }, r),
      W2: Array.from({ length: hidden }, () => [r()]),
      b2: [r()],
    };
  },
  loss(params) {
    return forward(params).Y.reduce((s, row, i) => s + row.reduce((t, y, j) => t + 0.5 * (y - T[i][j]) ** 2, 0), 0);
  },
  gradient(params) {
    const { H, Y } = forward(params);
    const dY = Y.map((row, i) => row.map((y, j) => y - T[i][j]));
    const dH = matmul(dY, transpose(params.W2)).map((row, i) => row.map((g, j) => g * (1 - H[i][j] ** 2)));
    return { W1: matmul(transpose(X), dH), b1: sumRows(dH), W2: matmul(transpose(H), dY), b2: sumRows(dY) };
  },
};
