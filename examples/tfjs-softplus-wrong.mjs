// tfjs-softplus.mjs with a typical slip in the backward pass: σ(−z) for σ(z), the derivative of
// log(1 + e⁻ᶻ) instead. tf.grads returns it without complaint; gradcheck does not:
// `gradcheck --module examples/tfjs-softplus-wrong.mjs` exits 1.
import * as tf from '@tensorflow/tfjs';
import { lossWith, parameters, softplusWith } from './tfjs-softplus.mjs';

export { parameters };

export const loss = lossWith(softplusWith((z) => tf.sigmoid(tf.neg(z))));
