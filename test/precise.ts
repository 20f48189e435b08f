/**
 * An independent reference for the sigmoid and linear models: the gradient
 * Xᵀ(σ′(Z)∘(σ(Z) − T)) worked out in 60-digit fixed-point arithmetic on BigInt,
 * from the exact values of the doubles given. Nothing here shares code with src/.
 */
const DIGITS = 60n;
const ONE = 10n ** DIGITS;

/** A double as an exact fixed-point number (rounded at 1e-60). */
function fixed(x: number): bigint {
  if (!Number.isFinite(x)) throw new Error(`not finite: ${x}`);
  if (x === 0) return 0n;
  // x = mantissa · 2^exponent exactly, with an integer mantissa.
  let exponent = 0;
  let m = x;
  while (!Number.isInteger(m)) {
    m *= 2;
    exponent--;
  }
  const mantissa = BigInt(m);
  return exponent >= 0 ? mantissa * ONE * 2n ** BigInt(exponent) : (mantissa * ONE) / 2n ** BigInt(-exponent);
}

const mul = (a: bigint, b: bigint) => (a * b) / ONE;
const div = (a: bigint, b: bigint) => (a * ONE) / b;

/** e^x by halving until small, a Taylor series, and squaring back. */
function exp(x: bigint): bigint {
  let halvings = 0;
  while (x > ONE / 2n || x < -ONE / 2n) {
    x /= 2n;
    halvings++;
  }
  let term = ONE;
  let sum = ONE;
  for (let k = 1n; k < 80n; k++) {
    term = mul(term, x) / k;
    sum += term;
    if (term === 0n) break;
  }
  for (let k = 0; k < halvings; k++) sum = mul(sum, sum);
  return sum;
}

const sigmoid = (z: bigint) => div(ONE, ONE + exp(-z));

/** tanh z = 2σ(2z) − 1, and its derivative 1 − tanh², both worked out in fixed point. */
const tanh = (z: bigint) => 2n * sigmoid(2n * z) - ONE;

export function preciseGradient(
  model: 'linear' | 'sigmoid' | 'tanh',
  X: number[][],
  W: number[][],
  T: number[][],
): number[][] {
  const x = X.map((row) => row.map(fixed));
  const w = W.map((row) => row.map(fixed));
  const t = T.map((row) => row.map(fixed));
  const delta = x.map((row, r) =>
    w[0].map((_, j) => {
      const z = row.reduce((s, xk, k) => s + mul(xk, w[k][j]), 0n);
      if (model === 'linear') return z - t[r][j];
      if (model === 'tanh') {
        const y = tanh(z);
        return mul(ONE - mul(y, y), y - t[r][j]);
      }
      const y = sigmoid(z);
      return mul(mul(y, ONE - y), y - t[r][j]);
    }),
  );
  return w.map((_, i) =>
    w[0].map((__, j) => {
      return toNumber(x.reduce((s, row, r) => s + mul(row[i], delta[r][j]), 0n));
    }),
  );
}

/** The loss ½Σ(σ(XW) − T)² (or tanh) in fixed point (units of 1e-60), for exact loss differences. */
export function preciseLoss(model: 'sigmoid' | 'tanh', X: number[][], W: number[][], T: number[][]): bigint {
  const activation = model === 'tanh' ? tanh : sigmoid;
  const x = X.map((row) => row.map(fixed));
  const w = W.map((row) => row.map(fixed));
  const t = T.map((row) => row.map(fixed));
  let loss = 0n;
  x.forEach((row, r) => {
    w[0].forEach((_, j) => {
      const residual = activation(row.reduce((s, xk, k) => s + mul(xk, w[k][j]), 0n)) - t[r][j];
      loss += mul(residual, residual) / 2n;
    });
  });
  return loss;
}

/** A fixed-point value (units of 1e-60) as a double, within an ulp: integer part and fraction apart, so that integers come out exact. */
export function toNumber(v: bigint): number {
  return Number(v / ONE) + Number(v % ONE) / Number(ONE);
}
