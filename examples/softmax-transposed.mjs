// The softmax layer of softmax.mjs with a typical bug: ∂l/∂W computed as (P − Y)ᵀX/n,
// the transpose of Xᵀ(P − Y)/n. W is square here (d = C = 3), so the shapes still fit and
// only the numbers betray it: `gradcheck --module examples/softmax-transposed.mjs`
// exits 1 and diagnoses `transpose` in W.
import { gradient as correct, loss, parameters } from './softmax.mjs';

export { loss, parameters };

export function gradient(params) {
  const g = correct(params);
  return { W: g.W[0].map((_, j) => g.W.map((row) => row[j])), b: g.b };
}
