import { Command, Option } from 'commander';
import type { ModelName } from '../model/activations.js';
import type { BugName } from '../model/bugs.js';
import type { Dtype } from '../numeric/dtype.js';
import type { SchemeName } from '../numeric/schemes.js';
import type { StepRule } from '../numeric/steps.js';
import { ESTIMATE_FACTOR } from '../pipeline/compare.js';
import type { ProblemOptions } from '../problem/generate.js';
import {
  FORMATS,
  type OptionRule,
  type ProbeMode,
  type Rule,
  SERIES_FORMATS,
  SURFACES,
  type Surface,
  type ToleranceRule,
  type WrtName,
} from '../rules/options.js';
import { TOOL } from '../version.js';
import { UsageError } from './errors.js';
import { CHECK_EXAMPLES, fitted, type HelpLayout, TAYLOR_HELP } from './help.js';
import { parserFor } from './values.js';

export type Format = (typeof FORMATS)[number];

/** Options every command shares: the problem, the model, and how to print. */
export interface CommonFlags extends ProblemOptions {
  model: ModelName;
  format: Format;
  json?: boolean;
  color: boolean;
  debug?: boolean;
  config?: string;
  printConfig?: boolean;
  reportHtml?: string;
}

export interface CheckFlags extends CommonFlags {
  numeric: ProbeMode;
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
  numeric: ProbeMode;
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

/** The command line's name and words for each option of the rule book: [flags, description]. */
const FLAGS: Record<string, readonly [string, string]> = {
  model: ['--model <name>', 'activation σ in Y = σ(XW); linear is Y = XW'],
  n: ['-n <rows>', 'rows of X and T (samples)'],
  d: ['-d <features>', 'columns of X, rows of W'],
  C: ['-C <outputs>', 'columns of W and T'],
  domain: ['--domain <int>', 'notebook: T in [0, domain), X and W in [0, trunc(domain/2.9)); scaled: see --init'],
  seed: ['--seed <seed>', 'seed of the generator, used as the text given'],
  rng: ['--rng <name>', "random generator: seedrandom's, or MT19937 as torch.randint / numpy's legacy randint draw"],
  init: [
    '--init <recipe>',
    'notebook: non-negative integers as drawn; scaled: signed, W scaled so that z = x·w has variance ≈ 1',
  ],
  numeric: ['--numeric <mode>', 'perturbed losses: local (moved column of Z only) or full (whole forward pass)'],
  dtype: ['--dtype <type>', 'floating-point type of every value and operation'],
  scheme: ['--scheme <name>', 'finite-difference scheme'],
  eps: [
    '--eps <step>',
    'finite-difference step: auto (per entry, truncation balanced against roundoff; a power of two) or a number',
  ],
  atol: ['--atol <number>', 'absolute tolerance'],
  rtol: ['--rtol <number>', 'relative tolerance'],
  tolerance: [
    '--tolerance <rule>',
    `allclose: |a − n| ≤ atol + rtol·|n| (torch's); ` +
      `estimate: each entry's own bound, ${ESTIMATE_FACTOR}·(truncation + roundoff) + rounding of a`,
  ],
  bug: ['--bug <kind>', 'corrupt the analytic gradient on purpose, to see what the failure looks like (none: no bug)'],
  hidden: ['--hidden <units>', 'add a hidden layer of this many units: Y = σ(σ(XW1)W2), checking ∂l/∂W1 and ∂l/∂W2'],
  wrt: ['--wrt <list>', 'the parameters to check: W, X or W,X; with --hidden W1, W2 or X (W1,W2 unless given)'],
  module: [
    '--module <path>',
    'check your own function: ' +
      'a module exporting parameters and loss with gradient, output with vjp or jvp, or gradient with hvp',
  ],
  timeout: [
    '--timeout <seconds>',
    'stop a --module when a call of one of its functions has not returned by then (0: never)',
  ],
  input: ['--input <file>', 'X, W, T (or a --json report to replay) from a JSON file, - for standard input'],
  sample: ['--sample <count>', 'check only this many entries, spread evenly by the seeded generator'],
  jobs: [
    '--jobs <threads>',
    'threads the numeric differences are split over (the same numbers): ' +
      "a count, or auto: the machine's cores when one thread would take over 0.2 s " +
      'and the problem is small enough to copy',
  ],
  fast: ['--fast', "one seeded random direction instead of every entry (torch's fast mode)"],
  all: ['--all', 'list every entry in the table (by default the worst 20 when there are more)'],
  showInputs: ['--show-inputs', 'print X, W, T, Z, Y and both losses before the table'],
  digits: [
    '--digits <count>',
    'significant digits of analytic, numeric and difference in a table or markdown ' +
      '(default: all, fewer to fit the terminal)',
  ],
  quiet: ['-q, --quiet', 'print the verdict line only (the exit code says the rest)'],
  header: ['--no-header', 'csv and tsv without their header line'],
  recheck: [
    '--no-recheck',
    'leave float32 failures within roundoff inconclusive instead of checking them again in float64',
  ],
  format: ['--format <name>', 'output format'],
  reportHtml: [
    '--report-html <file>',
    'also write the report as one HTML page to this file (heat maps, plots; no network), whatever --format prints',
  ],
  from: ['--from <step>', 'largest step (the default reaches past the V of float32 too)'],
  to: ['--to <step>', 'smallest step'],
  perDecade: ['--per-decade <count>', 'steps per power of ten'],
  steps: ['--steps <count>', 'steps h = 2^0 … 2^-(count-1)'],
  rule: ['--rule <name>', "a module's rule to test (default: the first it exports of gradient, vjp, jvp, hvp)"],
};

/** Where sweep and taylor say otherwise: sweep's lists, and the input their report replays. */
const SERIES_INPUT = [
  '--input <file>',
  "X, W, T (or a check's --json report, its config replayed) from a JSON file, - for standard input",
] as const;
const LISTS: Record<string, readonly [string, string]> = {
  scheme: ['--scheme <list>', 'comma-separated schemes'],
  dtype: ['--dtype <list>', 'comma-separated dtypes'],
};
const MODULE_WORDS: Record<string, string> = { sweep: 'the differences of the loss', taylor: 'a Taylor test' };

/** A flag for the rule book's option: its parser, choices and default (a list's shown as typed). */
function flagOf(surface: Surface, key: string, rule: OptionRule): Option {
  const series = surface !== 'check';
  const [flags, description] =
    series && key === 'module'
      ? ['--module <path>', `${MODULE_WORDS[surface]} of your own module instead of the built-in model`]
      : series && key === 'input'
        ? SERIES_INPUT
        : ((rule.accepts.kind === 'list' ? LISTS[key] : undefined) ?? FLAGS[key]);
  const option = new Option(flags, description);
  const { accepts } = rule;
  if (accepts.kind === 'choice') option.choices(rule.orNull ? [...accepts.choices, 'none'] : accepts.choices);
  const parse = parserFor(accepts);
  if (parse) option.argParser(parse);
  const value = rule.default;
  if (Array.isArray(value)) option.default(value, value.join(','));
  else if (value !== null && value !== undefined && value !== false && !option.negate) option.default(value);
  return option;
}

/** The flags of each option a surface of the rule book takes, in its order; --fast is followed by --no-fast. */
function addRuleOptions(cmd: Command, surface: Surface, formats: readonly string[]): Command {
  for (const [key, rule] of Object.entries(SURFACES[surface])) {
    if (key === 'format') continue;
    cmd.addOption(flagOf(surface, key, rule));
    // Not conflicts('sample'): commander would refuse --no-fast --sample too; the rule book judges after a replay.
    if (key === 'fast') cmd.addOption(new Option('--no-fast', 'every entry (switches off a replayed --fast)'));
  }
  return cmd
    .addOption(new Option('--format <name>', 'output format').choices(formats).default('table'))
    .addOption(new Option('--json', 'same as --format json').conflicts('format'))
    .addOption(new Option('--no-color', 'never color (also off when NO_COLOR is set or stdout is not a terminal)'))
    .addOption(new Option('--debug', 'print the stack trace of an internal error'))
    .addOption(
      new Option(
        '--config <file>',
        'options from this file (.json, .js, .mjs, .cjs or a package.json "gradcheck" key) ' +
          'instead of the nearest gradcheck.config.*',
      ),
    )
    .addOption(
      new Option('--print-config', 'print the options after the config file and the command line, and run nothing'),
    );
}

export interface Actions {
  check(flags: CheckFlags, cmd: Command): Promise<void>;
  sweep(flags: SweepFlags, cmd: Command): Promise<void>;
  taylor(flags: TaylorFlags, cmd: Command): Promise<void>;
}

export function buildProgram(actions: Actions, layout: HelpLayout = { width: 80, examples: 'examples' }): Command {
  const program = new Command('gradcheck')
    .description(
      "Check a gradient against finite differences: the course notebook's model Y = σ(XW), l = ½Σ(Y−T)² " +
        '(∂l/∂W, ∂l/∂X, a hidden layer), or your own function (--module: a loss and its gradient, a vjp, jvp ' +
        'or hvp, a TF.js loss); sweep charts the error against the step, taylor tests without one.',
    )
    .configureHelp({ helpWidth: layout.width, minWidthToWrap: 10 })
    .version(TOOL.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .enablePositionalOptions();
  addRuleOptions(program, 'check', FORMATS)
    .addHelpText('after', fitted(CHECK_EXAMPLES, layout))
    // Stray words reach the action, which names them, instead of commander's "too many arguments".
    .allowExcessArguments(true)
    .action((flags: CheckFlags, cmd: Command) => {
      if (cmd.args.length > 0) {
        throw new UsageError(
          `unknown command '${cmd.args[0]}'. Expected sweep, taylor, or options only (see gradcheck --help).`,
        );
      }
      return actions.check(flags, cmd);
    });
  const series = (name: 'sweep' | 'taylor', description: string, help: string) =>
    addRuleOptions(
      new Command(name)
        .description(description)
        .helpOption('-h, --help', 'show this help')
        .configureHelp({ helpWidth: layout.width, minWidthToWrap: 10 }),
      name,
      SERIES_FORMATS,
    )
      .addHelpText('after', fitted(help, layout))
      .action((flags, cmd: Command) => actions[name](flags, cmd));
  const sweep = series(
    'sweep',
    'Repeat the check over a range of steps and chart the error of each scheme against complex-step in float64.',
    '\nExample:\n  $ gradcheck sweep --scheme forward,central,five-point --dtype float64,float32',
  );
  const taylor = series(
    'taylor',
    'The step-free test: r(h) = |l(W+hD) − l(W) − h⟨g,D⟩| falls as h² when the gradient g is right, ' +
      'as h when it is wrong.',
    TAYLOR_HELP,
  );
  return program.addCommand(sweep).addCommand(taylor).helpCommand('help [command]', 'show the help of a command');
}
