// A loss with kinks: |w − c|, max(0, ·) and clamp, each a hair from where its slope jumps,
// beside smooth terms. gradcheck finds the kinks itself (the one-sided differences disagree
// there) and judges those entries against the range of subgradients; each parameter also has
// an entry away from its kinks, which can tell a wrong gradient: this passes (exit 0).
const c = [1e-9, -2e-9, 0];
const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));

export const parameters = { w: [0, 0, 0.7], r: [1e-12, 0.75], k: [1 + 1e-11, 0.25], v: [0.5, -1.5] };

export function loss({ w, r, k, v }) {
  const abs = w.reduce((s, x, i) => s + Math.abs(x - c[i]), 0);
  const relu = r.reduce((s, x) => s + 2 * Math.max(0, x), 0);
  const clipped = k.reduce((s, x) => s + 3 * clamp(x, -1, 1), 0);
  const smooth = v.reduce((s, x) => s + Math.tanh(x) ** 2, 0);
  return abs + relu + clipped + smooth;
}

export function gradient({ w, r, k, v }) {
  return {
    w: w.map((x, i) => Math.sign(x - c[i])),
    r: r.map((x) => (x > 0 ? 2 : 0)),
    k: k.map((x) => (x > -1 && x < 1 ? 3 : 0)),
    v: v.map((x) => 2 * Math.tanh(x) * (1 - Math.tanh(x) ** 2)),
  };
}
