// softmax-vjp.mjs with a typical bug: the vjp reads its cotangent transposed, c[j][i] for
// c[i][j]. The output is square (3×3), so nothing throws and only the numbers betray it:
// `gradcheck --module examples/softmax-vjp-transposed.mjs` exits 1 and diagnoses `transpose`.
import { output, parameters, vjp as right } from './softmax-vjp.mjs';

export { output, parameters };

export const vjp = (params, c) => right(params, c, (c, i, j) => c[j][i]);
