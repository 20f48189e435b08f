// The help's text after the options (examples, exit codes), laid out for the terminal it is printed on.
import { wrap } from '../render/format.js';

/** The examples' folder as the user reaches it from where they run gradcheck (node_modules/gradcheck/examples). */
const EXAMPLES = '{examples}';

export const CHECK_EXAMPLES = `
Examples:
  $ gradcheck --model sigmoid --eps 1e-4          check the notebook's sigmoid model
  $ gradcheck --model linear -n 100 -d 20 -C 5    a larger linear problem
  $ gradcheck --json | jq .summary                machine-readable report
  $ gradcheck --format tsv --no-header            the notebook's three columns
  $ gradcheck --bug sign; echo $?                 a check that fails: exit code 1
  $ gradcheck --bug half                          what a missing ½ looks like, diagnosed
  $ gradcheck -n 1000 -d 128 -C 32 --init scaled --sample 100
                                                  a large problem, 100 entries spread over W
  $ gradcheck -n 1000 -d 128 -C 32 --init scaled --fast
                                                  one directional derivative: the quickest verdict
  $ gradcheck -n 1000 -d 128 -C 32; echo $?       the notebook's recipe saturates σ at this size:
                                                  inconclusive, exit code 4 (--init scaled fixes it)
  $ gradcheck --rng torch --dtype float32 --numeric full --eps 1e-4 --model sigmoid --show-inputs
                                                  the notebook's own matrices and arithmetic
  $ gradcheck --json > report.json; gradcheck --input report.json   replay a report
  $ gradcheck --wrt W,X                           ∂l/∂X as well as ∂l/∂W
  $ gradcheck --hidden 4 --init scaled            the next lecture: Y = σ(σ(XW1)W2), ∂l/∂W1 and ∂l/∂W2
  $ gradcheck --module ${EXAMPLES}/mlp.cjs
                                                  your own loss and gradient (TypeScript too: layer.ts)
  $ gradcheck sweep --scheme forward,central,five-point   which step to use
  $ gradcheck taylor --bug sign                   the step-free test: order 1 means wrong

Exit codes: 0 pass (every entry within tolerance, and some could tell a wrong gradient), 1 fail (an entry \
is wrong beyond roundoff, or its analytic value NaN/∞), 2 bad usage or input, 3 internal error, \
4 inconclusive (the check ran but proved nothing: saturated, all-zero inputs, kinks, σ′ = 1 wherever \
checked (relu with no z < 0), values below the noise floor, failures within roundoff or from too large \
a step, or differences NaN/∞ at every step).`;

export const TAYLOR_HELP =
  '\nExit codes: 0 when the fitted order is ≥ 1.8, 1 when it is ≤ 1.2, 4 inconclusive (no direction clear of ' +
  'kinks, residuals at roundoff, too few points, or an order in between), 2 bad usage.\n\n' +
  'Example:\n  $ gradcheck taylor --bug sign';

/** How help is laid out: the terminal's width, and where the shipped examples are from the working directory. */
export interface HelpLayout {
  width: number;
  examples: string;
}

/**
 * Help text after the options, fitted to the width: an example's description goes under its command (6 in) when the
 * two do not fit on one line, a longer command goes on over lines ending in a backslash, and prose is wrapped.
 */
export function fitted(text: string, { width, examples }: HelpLayout): string {
  const under = (words: string) => wrap(`      ${words}`, width);
  // A command longer than the terminal goes on over lines ending in a backslash, as a shell reads it.
  const command = (line: string) =>
    [...line].length <= width
      ? [line]
      : wrap(line.slice(4), width - 8)
          .split('\n')
          .map((l, i, all) => `${i === 0 ? '  $ ' : '    '}${l}${i < all.length - 1 ? ' \\' : ''}`);
  return text
    .replaceAll(EXAMPLES, examples)
    .split('\n')
    .flatMap((line) => {
      if ([...line].length <= width) return [line];
      const example = /^( {2}\$ \S.*?)( {2,})(\S.*)$/.exec(line);
      if (example) return [...command(example[1]), under(example[3])];
      if (line.startsWith('  $ ')) return command(line);
      const described = /^ {6,}(\S.*)$/.exec(line);
      return [described ? under(described[1]) : wrap(line, width)];
    })
    .join('\n');
}
