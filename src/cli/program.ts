import { Command, Option } from 'commander';
import { RULES, type Rule } from '../checks/function.js';
import { NUMERIC_MODES, type NumericMode, WRT, type WrtName } from '../checks/model/options.js';
import { MIN_TAYLOR_STEPS } from '../checks/taylor.js';
import { MODEL_NAMES, type ModelName } from '../model/activations.js';
import { BUGS, type BugName } from '../model/bugs.js';
import { DTYPES, type Dtype } from '../numeric/dtype.js';
import { SCHEME_NAMES, type SchemeName } from '../numeric/schemes.js';
import type { StepRule } from '../numeric/steps.js';
import { ESTIMATE_FACTOR, TOLERANCE_RULES, type ToleranceRule } from '../pipeline/compare.js';
import { DEFAULT_NUMERIC_OPTIONS } from '../pipeline/options.js';
import { INITS, MIN_DOMAIN, type ProblemOptions } from '../problem/generate.js';
import { RNG_NAMES } from '../problem/random.js';
import { TOOL } from '../version.js';
import { UsageError } from './errors.js';
import {
  integerBetween,
  listOf,
  nonEmpty,
  nonNegativeNumber,
  positiveInteger,
  positiveIntegerOr,
  positiveNumber,
  stepRule,
} from './values.js';

export const FORMATS = ['table', 'json', 'csv', 'tsv', 'markdown', 'junit'] as const;
export type Format = (typeof FORMATS)[number];
/** sweep and taylor print tables of steps, not of entries. */
export const SERIES_FORMATS = ['table', 'json', 'csv'] as const;

/** Largest problem accepted: entries of X, W and T together (about 400 MB of doubles). */
export { checkedEntries, MAX_CHECKED, MAX_ELEMENTS } from '../problem/generate.js';

/** Options every command shares: the problem, the model, and how to print. */
export interface CommonFlags extends ProblemOptions {
  model: ModelName;
  format: Format;
  json?: boolean;
  color: boolean;
  debug?: boolean;
  config?: string;
  printConfig?: boolean;
}

export interface CheckFlags extends CommonFlags {
  numeric: NumericMode;
  dtype: Dtype;
  scheme: SchemeName;
  eps: StepRule;
  atol: number;
  rtol: number;
  tolerance: ToleranceRule;
  bug?: BugName | 'none';
  showInputs?: boolean;
  header: boolean;
  sample?: number;
  fast?: boolean;
  all?: boolean;
  digits?: number;
  quiet?: boolean;
  wrt: WrtName[];
  hidden?: number;
  recheck: boolean;
  input?: string;
  module?: string;
  timeout: number;
  jobs: number | 'auto';
}

/** What sweep and taylor take besides the problem: another source of it, a module or an input. */
export interface SourceFlags {
  input?: string;
  module?: string;
  timeout: number;
}

export interface SweepFlags extends CommonFlags, SourceFlags {
  numeric: NumericMode;
  dtype: Dtype[];
  scheme: SchemeName[];
  from: number;
  to: number;
  perDecade: number;
}

export interface TaylorFlags extends CommonFlags, SourceFlags {
  dtype: Dtype;
  bug?: BugName | 'none';
  steps: number;
  rule?: Rule;
}

/** --input and --module for sweep and taylor, as the check takes them, and --timeout for a module. */
function addSourceOptions(cmd: Command, what: string): Command {
  return cmd
    .addOption(
      new Option('--input <file>', `X, W, T (or a check's --json report, its config replayed) from a JSON file, - for standard input`),
    )
    .addOption(new Option('--module <path>', `${what} of your own module instead of the built-in model`).argParser(nonEmpty))
    .addOption(
      new Option('--timeout <seconds>', 'stop a --module when a call of one of its functions has not returned by then (0: never)')
        .argParser(nonNegativeNumber)
        .default(60),
    );
}

function addProblemOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--model <name>', 'activation σ in Y = σ(XW); linear is Y = XW').choices(MODEL_NAMES).default('sigmoid'))
    .addOption(new Option('-n <rows>', 'rows of X and T (samples)').argParser(positiveInteger).default(4))
    .addOption(new Option('-d <features>', 'columns of X, rows of W').argParser(positiveInteger).default(3))
    .addOption(new Option('-C <outputs>', 'columns of W and T').argParser(positiveInteger).default(2))
    .addOption(
      new Option('--domain <int>', 'notebook: T in [0, domain), X and W in [0, trunc(domain/2.9)); scaled: see --init')
        .argParser(integerBetween(MIN_DOMAIN, 2 ** 31 - 1, ` (below ${MIN_DOMAIN}, the notebook's X and W are all 0)`))
        .default(10),
    )
    .addOption(new Option('--seed <seed>', 'seed of the generator, used as the text given').argParser(nonEmpty).default('42'))
    .addOption(
      new Option('--rng <name>', "random generator: seedrandom's, or MT19937 as torch.randint / numpy's legacy randint draw")
        .choices(RNG_NAMES)
        .default('arc4'),
    )
    .addOption(
      new Option('--init <recipe>', 'notebook: non-negative integers as drawn; scaled: signed, W scaled so that z = x·w has variance ≈ 1')
        .choices(INITS)
        .default('notebook'),
    );
}

const numericOption = () =>
  new Option('--numeric <mode>', 'perturbed losses: local (moved column of Z only) or full (whole forward pass)')
    .choices(NUMERIC_MODES)
    .default('local');

function addOutputOptions(cmd: Command, formats: readonly string[]): Command {
  return cmd
    .addOption(new Option('--format <name>', 'output format').choices(formats).default('table'))
    .addOption(new Option('--json', 'same as --format json').conflicts('format'))
    .addOption(new Option('--no-color', 'never color (also off when NO_COLOR is set or stdout is not a terminal)'))
    .addOption(new Option('--debug', 'print the stack trace of an internal error'))
    .addOption(
      new Option(
        '--config <file>',
        'options from this file (.json, .js, .mjs, .cjs or a package.json "gradcheck" key) instead of the nearest gradcheck.config.*',
      ),
    )
    .addOption(new Option('--print-config', 'print the options after the config file and the command line, and run nothing'));
}

/** none: no bug, to switch off a replayed --bug (translateOptions makes it null). */
const bugOption = () =>
  new Option('--bug <kind>', 'corrupt the analytic gradient on purpose, to see what the failure looks like (none: no bug)').choices([
    ...BUGS,
    'none',
  ]);

const CHECK_EXAMPLES = `
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
  $ gradcheck --module examples/mlp.cjs           your own loss and gradient
  $ gradcheck sweep --scheme forward,central,five-point   which step to use
  $ gradcheck taylor --bug sign                   the step-free test: order 1 means wrong

Exit codes: 0 pass (every entry within tolerance, and some could tell a wrong gradient), 1 fail (an entry
is wrong beyond roundoff, or its analytic value NaN/∞), 2 bad usage or input, 3 internal error,
4 inconclusive (the check ran but proved nothing: saturated, all-zero inputs, kinks, σ′ = 1 wherever
checked (relu with no z < 0), values below the noise floor, failures within roundoff or from too large
a step, or a NaN/∞ numeric value).`;

const DEFAULTS = DEFAULT_NUMERIC_OPTIONS;

export interface Actions {
  check(flags: CheckFlags, cmd: Command): Promise<void>;
  sweep(flags: SweepFlags, cmd: Command): Promise<void>;
  taylor(flags: TaylorFlags, cmd: Command): Promise<void>;
}

export function buildProgram(actions: Actions): Command {
  const program = new Command('gradcheck')
    .description('Check the backpropagation gradient ∂l/∂W of Y = σ(XW), l = ½Σ(Y−T)², against finite differences.')
    .version(TOOL.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .enablePositionalOptions();
  addProblemOptions(program)
    .addOption(numericOption())
    .addOption(new Option('--dtype <type>', 'floating-point type of every value and operation').choices(DTYPES).default('float64'))
    .addOption(new Option('--scheme <name>', 'finite-difference scheme').choices(SCHEME_NAMES).default(DEFAULTS.scheme))
    .addOption(
      new Option(
        '--eps <step>',
        'finite-difference step: auto (per entry, truncation balanced against roundoff; a power of two) or a number',
      )
        .argParser(stepRule)
        .default(DEFAULTS.eps),
    )
    .addOption(new Option('--atol <number>', 'absolute tolerance').argParser(nonNegativeNumber).default(DEFAULTS.atol))
    .addOption(new Option('--rtol <number>', 'relative tolerance').argParser(nonNegativeNumber).default(DEFAULTS.rtol))
    .addOption(
      new Option(
        '--tolerance <rule>',
        `allclose: |a − n| ≤ atol + rtol·|n| (torch's); estimate: each entry's own bound, ${ESTIMATE_FACTOR}·(truncation + roundoff) + rounding of a`,
      )
        .choices(TOLERANCE_RULES)
        .default(DEFAULTS.tolerance),
    )
    .addOption(bugOption())
    .addOption(
      new Option('--hidden <units>', 'add a hidden layer of this many units: Y = σ(σ(XW1)W2), checking ∂l/∂W1 and ∂l/∂W2').argParser(
        positiveInteger,
      ),
    )
    .addOption(
      new Option('--wrt <list>', 'the parameters to check: W, X or W,X; with --hidden W1, W2, X (default W1,W2)')
        .argParser(listOf(WRT))
        .default(['W'], 'W'),
    )
    .addOption(
      new Option(
        '--module <path>',
        'check your own function: a module exporting parameters and loss with gradient, output with vjp or jvp, or gradient with hvp',
      ).argParser(nonEmpty),
    )
    .addOption(
      new Option('--timeout <seconds>', 'stop a --module when a call of one of its functions has not returned by then (0: never)')
        .argParser(nonNegativeNumber)
        .default(60),
    )
    .addOption(new Option('--input <file>', 'X, W, T (or a --json report to replay) from a JSON file, - for standard input'))
    .addOption(
      new Option('--sample <count>', 'check only this many entries, spread evenly by the seeded generator').argParser(positiveInteger),
    )
    .addOption(
      new Option(
        '--jobs <threads>',
        "threads the numeric differences are split over (the same numbers): a count, or auto: the machine's cores when one thread would take over 0.2 s and the problem is small enough to copy",
      )
        .argParser(positiveIntegerOr('auto'))
        .default('auto'),
    )
    // Not commander's conflicts('sample'): it would refuse --no-fast --sample too; the CLI checks the pair after a replay.
    .addOption(new Option('--fast', "one seeded random direction instead of every entry (torch's fast mode)"))
    .addOption(new Option('--no-fast', 'every entry (switches off a replayed --fast)'))
    .addOption(new Option('--all', 'list every entry in the table (by default the worst 20 when there are more)'))
    .addOption(new Option('--show-inputs', 'print X, W, T, Z, Y and both losses before the table'))
    .addOption(
      new Option(
        '--digits <count>',
        'significant digits of analytic, numeric and difference in a table or markdown (default: all, fewer to fit the terminal)',
      ).argParser(integerBetween(1, 17)),
    )
    .addOption(new Option('-q, --quiet', 'print the verdict line only (the exit code says the rest)'))
    .addOption(new Option('--no-header', 'csv and tsv without their header line'))
    .addOption(new Option('--no-recheck', 'leave float32 failures within roundoff inconclusive instead of checking them again in float64'));
  addOutputOptions(program, FORMATS)
    .addHelpText('after', CHECK_EXAMPLES)
    // Stray words reach the action, which names them, instead of commander's "too many arguments".
    .allowExcessArguments(true)
    .action((flags: CheckFlags, cmd: Command) => {
      if (cmd.args.length > 0) {
        throw new UsageError(`unknown command '${cmd.args[0]}'. Expected sweep, taylor, or options only (see gradcheck --help).`);
      }
      return actions.check(flags, cmd);
    });

  const sweep = new Command('sweep')
    .description('Repeat the check over a range of steps and chart the error of each scheme against complex-step in float64.')
    .helpOption('-h, --help', 'show this help');
  addProblemOptions(sweep)
    .addOption(numericOption())
    .addOption(new Option('--scheme <list>', 'comma-separated schemes').argParser(listOf(SCHEME_NAMES)).default(['central'], 'central'))
    .addOption(new Option('--dtype <list>', 'comma-separated dtypes').argParser(listOf(DTYPES)).default(['float64'], 'float64'))
    .addOption(
      new Option('--from <step>', 'largest step (the default reaches past the V of float32 too)').argParser(positiveNumber).default(10),
    )
    .addOption(new Option('--to <step>', 'smallest step').argParser(positiveNumber).default(1e-12))
    .addOption(new Option('--per-decade <count>', 'steps per power of ten').argParser(integerBetween(1, 20)).default(4));
  addSourceOptions(sweep, 'the differences of the loss');
  addOutputOptions(sweep, SERIES_FORMATS)
    .addHelpText('after', '\nExample:\n  $ gradcheck sweep --scheme forward,central,five-point --dtype float64,float32')
    .action((flags: SweepFlags, cmd: Command) => actions.sweep(flags, cmd));

  const taylor = new Command('taylor')
    .description('The step-free test: r(h) = |l(W+hD) − l(W) − h⟨g,D⟩| falls as h² when the gradient g is right, as h when it is wrong.')
    .helpOption('-h, --help', 'show this help');
  addProblemOptions(taylor)
    .addOption(new Option('--dtype <type>', 'floating-point type of every value and operation').choices(DTYPES).default('float64'))
    .addOption(
      new Option('--steps <count>', 'steps h = 2^0 … 2^-(count-1)')
        .argParser(integerBetween(MIN_TAYLOR_STEPS, 60, ' (a fit needs 3 points at h ≤ ¼)'))
        .default(24),
    )
    .addOption(bugOption())
    .addOption(
      new Option('--rule <name>', "a module's rule to test (default: the first it exports of gradient, vjp, jvp, hvp)").choices(RULES),
    );
  addSourceOptions(taylor, 'a Taylor test');
  addOutputOptions(taylor, SERIES_FORMATS)
    .addHelpText(
      'after',
      '\nExit codes: 0 when the fitted order is ≥ 1.8, 1 when it is ≤ 1.2, 4 inconclusive (no direction clear of\n' +
        'kinks, residuals at roundoff, too few points, or an order in between), 2 bad usage.\n\nExample:\n  $ gradcheck taylor --bug sign',
    )
    .action((flags: TaylorFlags, cmd: Command) => actions.taylor(flags, cmd));

  return program.addCommand(sweep).addCommand(taylor);
}
