/**
 * gradcheck's matcher for jest:
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
  /** Passes when checkGradient passes on the problem { parameters, loss, gradient }. */
  toHaveCorrectGradient(options?: CheckGradientOptions): R;
}

// The global expect of @types/jest, and @jest/globals' (the 'expect' package's).
declare global {
  namespace jest {
    // biome-ignore lint/complexity/noBannedTypes: repeats @types/jest's own declaration, Matchers<R, T = {}>.
    interface Matchers<R, T = {}> extends GradcheckMatchers<R> {}
  }
}
declare module 'expect' {
  interface Matchers<R extends void | Promise<void>, T = unknown> extends GradcheckMatchers<R> {}
}
