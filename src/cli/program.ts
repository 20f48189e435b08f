import { Command, Option } from 'commander';
import { MODEL_NAMES } from '../model/activations.js';
import { DTYPES } from '../model/dtype.js';
import { SCHEME_NAMES } from '../numeric/schemes.js';
import { RNG_NAMES } from '../problem/random.js';
import { NUMERIC_MODES } from '../run.js';
import { TOOL } from '../version.js';
import { integerAtLeast, nonEmpty, nonNegativeNumber, positiveInteger, positiveNumber } from './values.js';

export const FORMATS = ['table', 'json', 'csv', 'tsv', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

/** Largest problem accepted: entries of X, W and T together (about 400 MB of doubles). */
export const MAX_ELEMENTS = 2 ** 24;

/** What commander hands the action, already parsed and range-checked. */
export interface CheckFlags {
  n: number;
  d: number;
  C: number;
  domain: number;
  seed: string;
  rng: (typeof RNG_NAMES)[number];
  model: (typeof MODEL_NAMES)[number];
  dtype: (typeof DTYPES)[number];
  scheme: (typeof SCHEME_NAMES)[number];
  numeric: (typeof NUMERIC_MODES)[number];
  eps: number;
  atol: number;
  rtol: number;
  format: Format;
  json?: boolean;
  showInputs?: boolean;
  header: boolean;
  color: boolean;
  debug?: boolean;
}

const EXAMPLES = `
Examples:
  $ gradcheck --model sigmoid --eps 1e-4          check the notebook's sigmoid model
  $ gradcheck --model linear -n 100 -d 20 -C 5    a larger linear problem
  $ gradcheck --json | jq .summary                machine-readable report
  $ gradcheck --format tsv --no-header            the notebook's three columns
  $ gradcheck --eps 0.5 --atol 0 --rtol 0; echo $?  a check that fails: exit code 1
  $ gradcheck --rng torch --dtype float32 --numeric full --eps 1e-4 --model sigmoid --show-inputs
                                                  the notebook's own matrices and arithmetic

Exit codes: 0 every entry passes, 1 some entry fails or is NaN/∞, 2 bad usage or input, 3 internal error.`;

export function buildProgram(): Command {
  return new Command('gradcheck')
    .description('Check the backpropagation gradient ∂l/∂W of Y = σ(XW), l = ½Σ(Y−T)², against finite differences.')
    .version(TOOL.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .addOption(new Option('--model <name>', 'activation: Y = XW or Y = σ(XW)').choices(MODEL_NAMES).default('sigmoid'))
    .addOption(new Option('-n <rows>', 'rows of X and T (samples)').argParser(positiveInteger).default(4))
    .addOption(new Option('-d <features>', 'columns of X, rows of W').argParser(positiveInteger).default(3))
    .addOption(new Option('-C <outputs>', 'columns of W and T').argParser(positiveInteger).default(2))
    .addOption(new Option('--domain <int>', 'T in [0, domain), X and W in [0, trunc(domain/2.9))')
      .argParser(integerAtLeast(3, 2 ** 31 - 1, ' (below 3, X and W have no values)')).default(10))
    .addOption(new Option('--seed <seed>', 'seed of the generator, used as the text given').argParser(nonEmpty).default('42'))
    .addOption(new Option('--rng <name>', 'random generator: seedrandom\'s, or MT19937 as torch.randint / numpy\'s legacy randint draw').choices(RNG_NAMES).default('arc4'))
    .addOption(new Option('--dtype <type>', 'floating-point type of every value and operation').choices(DTYPES).default('float64'))
    .addOption(new Option('--scheme <name>', 'finite-difference scheme').choices(SCHEME_NAMES).default('central'))
    .addOption(new Option('--numeric <mode>', 'perturbed losses: local (moved column of Z only) or full (whole forward pass)')
      .choices(NUMERIC_MODES).default('local'))
    .addOption(new Option('--eps <number>', 'finite-difference step').argParser(positiveNumber).default(1e-6))
    .addOption(new Option('--atol <number>', 'absolute tolerance').argParser(nonNegativeNumber).default(1e-5))
    .addOption(new Option('--rtol <number>', 'relative tolerance').argParser(nonNegativeNumber).default(1e-3))
    .addOption(new Option('--format <name>', 'output format').choices(FORMATS).default('table'))
    .addOption(new Option('--json', 'same as --format json').conflicts('format'))
    .addOption(new Option('--show-inputs', 'print X, W, T, Z, Y and both losses before the table'))
    .addOption(new Option('--no-header', 'csv and tsv without their header line'))
    .addOption(new Option('--no-color', 'never color (also off when NO_COLOR is set or stdout is not a terminal)'))
    .addOption(new Option('--debug', 'print the stack trace of an internal error'))
    .addHelpText('after', EXAMPLES);
}
