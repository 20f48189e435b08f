import type { Vocabulary } from '../render/diagnosis.js';

/** The library names its options as a caller writes them in the options object: `scheme: 'five-point'`. */
export const LIBRARY_WORDS: Vocabulary = {
  option: (name, ...values) =>
    values.length === 0
      ? name === 'fast'
        ? 'fast: true'
        : name
      : `${name}: ${values.map((v) => `'${v}'`).join(' or ')}`,
};
