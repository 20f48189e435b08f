// The README's test-suite example, verbatim (README test checks they match): it must type-check, run and pass.
import { test } from 'node:test';
import { assertGradient } from 'gradcheck';

test('my layer\'s gradient', () => {
  assertGradient({
    parameters: (random) => ({ w: [random(), random()], b: 0.5 }),
    loss: ({ w, b }) => (w[0] * w[1] + b) ** 2,
    gradient: ({ w, b }) => {
      const r = 2 * (w[0] * w[1] + b);
      return { w: [r * w[1], r * w[0]], b: r };
    },
  });
});
