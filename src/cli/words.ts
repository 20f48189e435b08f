import type { Vocabulary } from '../render/diagnosis.js';

/** The command line names an option by its flag: `--scheme five-point or complex-step`. */
export const CLI_WORDS: Vocabulary = {
  option: (name, ...values) => [`--${name}`, ...(values.length > 0 ? [values.join(' or ')] : [])].join(' '),
};
