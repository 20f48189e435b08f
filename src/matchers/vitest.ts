/**
 * gradcheck's matcher for vitest:
 *   import { expect } from 'vitest';
 *   import { gradcheckMatchers } from 'gradcheck/vitest';
 *   expect.extend(gradcheckMatchers);
 *   expect({ parameters, loss, gradient }).toHaveCorrectGradient();
 */

import type {} from 'vitest';
import type { CheckGradientOptions } from '../checks/function.js';

import { matchers } from './matcher.js';

export { type MatcherResult, toHaveCorrectGradient } from './matcher.js';

/** For expect.extend: toHaveCorrectGradient. */
export const gradcheckMatchers = matchers(false);

interface GradcheckMatchers<R = unknown> {
  /** Passes when checkGradient passes on the problem { parameters, loss, gradient }. */
  toHaveCorrectGradient(options?: CheckGradientOptions): R;
}

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: an augmentation repeats vitest's own declaration, Matchers<T = any>.
  interface Matchers<T = any> extends GradcheckMatchers<T> {}
}
