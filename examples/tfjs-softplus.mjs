// A TensorFlow.js layer with a hand-written backward pass, tf.customGrad:
//   softplus(z) = log(1 + eᶻ),  its gradient dy·σ(z)
//   l(W) = Σ softplus(X·W)
// `gradcheck --module examples/tfjs-softplus.mjs` checks the gradient tf.grads computes
// (through the customGrad) against differences of the loss through TF.js, in float32: exit 0.
// Needs @tensorflow/tfjs (an optional peer dependency of gradcheck).
import * as tf from '@tensorflow/tfjs';

/** The backward pass as written: `wrong` gives the typical slip of tfjs-softplus-wrong.mjs. */
export const softplusWith = (derivative) =>
  tf.customGrad((z, save) => {
    save([z]);
    return { value: tf.log1p(tf.exp(z)), gradFunc: (dy, [saved]) => [tf.mul(dy, derivative(saved))] };
  });

const X = tf.tensor2d([
  [0.5, -1.2, 0.3],
  [1.5, 0.2, -0.7],
  [-0.3, 0.8, 1.1],
  [0.9, -0.4, 0.6],
]);

export const parameters = {
  W: tf.tensor2d([
    [0.3, -0.6],
    [0.8, 0.1],
    [-0.5, 0.4],
  ]),
};

export const lossWith =
  (softplus) =>
  ({ W }) =>
    tf.sum(softplus(tf.matMul(X, W)));

export const loss = lossWith(softplusWith((z) => tf.sigmoid(z)));
