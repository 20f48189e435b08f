/**
 * gradcheck's matcher for jest:
 *
 *   const { gradcheckMatchers } = require('gradcheck/jest');
 *   expect.extend(gradcheckMatchers);
 *   expect({ parameters, loss, gradient }).toHaveCorrectGradient();
 */

import type {} from 'expect';
import type { CheckGradientOptions } from '../checks/function.js';

import { matchers } from './matcher.js';

export { type MatcherResult, toHaveCorrectGradient } from './matcher.js';

/** For expect.extend: toHaveCorrectGradient. */
export const gradcheckMatchers = matchers(true);

interface GradcheckMatchers<R = unknown> {
  /** The value is a problem { parameters, loss, gradient } whose gradient agrees with finite differences (checkGradient passes). */
  toHaveCorrectGradient(options?: CheckGradientOptions): R;
}

// The global expect of @types/jest, and @jest/globals' (the 'expect' package's).
declare global {
  namespace jest {
    // biome-ignore lint/complexity/noBannedTypes: an augmentation repeats @types/jest's own declaration, Matchers<R, T = {}>.
    interface Matchers<R, T = {}> extends GradcheckMatchers<R> {}
  }
}
declare module 'expect' {
  interface Matchers<R extends void | Promise<void>, T = unknown> extends GradcheckMatchers<R> {}
}
