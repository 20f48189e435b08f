import type { CheckGradientOptions } from '../checks/function.js';
import { type ModelCheckOptions, NUMERIC_MODES, WRT } from '../checks/model/options.js';
import { ACTIVATIONS, MODEL_NAMES } from '../model/activations.js';
import { BUGS, ELEMENTWISE_BUGS, inapplicableBug } from '../model/bugs.js';
import { DTYPES } from '../numeric/dtype.js';
import { SCHEME_NAMES } from '../numeric/schemes.js';
import { TOLERANCE_RULES } from '../pipeline/compare.js';
import { DEFAULT_NUMERIC_OPTIONS } from '../pipeline/options.js';
import { checkedEntries, INITS, MAX_CHECKED, MAX_ELEMENTS, MIN_DOMAIN } from '../problem/generate.js';
import { isMt19937, MAX_MT19937_SEED, mt19937Seed, RNG_NAMES } from '../problem/random.js';

/** An option of a library function that is not what it accepts: the message names the option and what is. Exit code 2, as the CLI's. */
export class OptionError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'OptionError';
  }
}

type Rule = (value: unknown) => string | undefined;

const shown = (v: unknown) =>
  typeof v === 'string' ? `'${v}'` : typeof v === 'number' || typeof v === 'boolean' || v === null ? String(v) : typeof v;
const oneOf =
  (choices: readonly unknown[]): Rule =>
  (v) =>
    choices.includes(v) ? undefined : `one of ${choices.map((c) => (c === null ? 'null' : String(c))).join(', ')}`;
const finiteAtLeast =
  (min: number, strict: boolean): Rule =>
  (v) =>
    typeof v === 'number' && Number.isFinite(v) && (strict ? v > min : v >= min)
      ? undefined
      : `a finite number ${strict ? '>' : '≥'} ${min}`;
const integerFrom =
  (min: number, max = Number.MAX_SAFE_INTEGER): Rule =>
  (v) =>
    Number.isInteger(v) && (v as number) >= min && (v as number) <= max
      ? undefined
      : `an integer from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}`;
const orNull =
  (rule: Rule, what: string): Rule =>
  (v) =>
    v === null || rule(v) === undefined ? undefined : `${rule(v)}, or null for ${what}`;
const isBoolean: Rule = (v) => (typeof v === 'boolean' ? undefined : 'true or false');
const isFunction: Rule = (v) => (typeof v === 'function' ? undefined : 'a function');
const stepRule: Rule = (v) => (v === 'auto' || finiteAtLeast(0, true)(v) === undefined ? undefined : "'auto' or a finite number > 0");
const seedRule: Rule = (v) =>
  (typeof v === 'string' && v.length > 0) || (typeof v === 'number' && Number.isFinite(v)) ? undefined : 'a non-empty string or a number';

/** The options every check shares, and how each is checked. */
const NUMERIC_RULES: Record<string, Rule> = {
  scheme: oneOf(SCHEME_NAMES),
  eps: stepRule,
  atol: finiteAtLeast(0, false),
  rtol: finiteAtLeast(0, false),
  tolerance: oneOf(TOLERANCE_RULES),
  sample: orNull(integerFrom(1), 'every entry'),
  fast: isBoolean,
  seed: seedRule,
  rng: oneOf(RNG_NAMES),
  onProgress: isFunction,
};

const GRADIENT_RULES: Record<string, Rule> = {
  ...NUMERIC_RULES,
  scheme: oneOf(SCHEME_NAMES.filter((s) => s !== 'complex-step')),
  bug: oneOf([...Object.keys(ELEMENTWISE_BUGS), null]),
  module: (v) => (v === null || typeof v === 'string' ? undefined : 'a string, or null'),
};

const MODEL_RULES: Record<string, Rule> = {
  ...NUMERIC_RULES,
  jobs: (v) => (v === 'auto' || integerFrom(1)(v) === undefined ? undefined : "'auto' or an integer from 1"),
  model: oneOf(MODEL_NAMES),
  n: integerFrom(1),
  d: integerFrom(1),
  C: integerFrom(1),
  hidden: orNull(integerFrom(1), 'one layer'),
  domain: integerFrom(MIN_DOMAIN, 2 ** 31 - 1),
  init: oneOf(INITS),
  dtype: oneOf(DTYPES),
  numeric: oneOf(NUMERIC_MODES),
  bug: oneOf([...BUGS, null]),
  wrt: (v) =>
    Array.isArray(v) && v.length > 0 && new Set(v).size === v.length && v.every((p) => WRT.includes(p))
      ? undefined
      : `a list of distinct names from ${WRT.join(', ')}`,
  recheck: isBoolean,
};

/** Every given option known and valid, or an OptionError naming the first that is not. */
function validate(options: unknown, rules: Record<string, Rule>, fn: string): Record<string, unknown> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new OptionError(`${fn}: options is ${shown(options)}: expected an object`);
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    const rule = rules[key];
    if (!rule) throw new OptionError(`${fn}: unknown option '${key}': expected ${Object.keys(rules).join(', ')}`);
    const expected = rule(value);
    if (expected) throw new OptionError(`${fn}: option '${key}' is ${shown(value)}: expected ${expected}`);
  }
  const o = options as Record<string, unknown>;
  if (o.fast === true && o.sample !== undefined && o.sample !== null)
    throw new OptionError(`${fn}: options 'fast' and 'sample' exclude each other: one direction, or a sample of entries`);
  if (typeof o.rng === 'string' && isMt19937(o.rng as never) && mt19937Seed(String(o.seed ?? '42')) === undefined)
    throw new OptionError(
      `${fn}: option 'seed' is ${shown(o.seed)}: expected an integer from 0 to ${MAX_MT19937_SEED} with rng '${o.rng}'`,
    );
  return o;
}

/** checkGradient's (and checkVjp's, checkJvp's, checkHvp's) options, checked. */
export function gradientOptions(options: unknown, fn = 'checkGradient'): CheckGradientOptions {
  return validate(options, GRADIENT_RULES, fn) as CheckGradientOptions;
}

/** The built-in model's defaults: the CLI's, so that checkModel({ model: 'tanh' }) is `gradcheck --model tanh`. */
export const MODEL_DEFAULTS: ModelCheckOptions = {
  ...DEFAULT_NUMERIC_OPTIONS,
  model: 'sigmoid',
  n: 4,
  d: 3,
  C: 2,
  hidden: null,
  domain: 10,
  seed: '42',
  rng: 'arc4',
  init: 'notebook',
  dtype: 'float64',
  numeric: 'local',
  bug: null,
  wrt: ['W'],
  recheck: true,
};

/** checkModel's options, checked and completed with MODEL_DEFAULTS (W1,W2 checked and whole passes with a hidden layer). */
export function modelOptions(options: unknown): ModelCheckOptions {
  const given = validate(options, MODEL_RULES, 'checkModel') as Partial<ModelCheckOptions> & { seed?: string | number };
  const hidden = given.hidden ?? null;
  const o: ModelCheckOptions = {
    ...MODEL_DEFAULTS,
    ...(hidden ? { wrt: ['W1', 'W2'], numeric: 'full' } : {}),
    ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)),
    seed: String(given.seed ?? MODEL_DEFAULTS.seed),
  } as ModelCheckOptions;
  const layers = hidden ? ['W1', 'W2', 'X'] : ['W', 'X'];
  const stray = o.wrt.find((p) => !layers.includes(p));
  if (stray)
    throw new OptionError(
      `checkModel: option 'wrt' names ${stray}: expected ${layers.join(', ')}${hidden ? ' with a hidden layer' : ' (W1 and W2 need hidden)'}`,
    );
  if (hidden && o.numeric === 'local')
    throw new OptionError("checkModel: option 'numeric' is 'local': a hidden layer is probed by whole passes ('full')");
  const elements = o.n * o.d + (hidden ? o.d * hidden + hidden * o.C : o.d * o.C) + o.n * o.C;
  if (elements > MAX_ELEMENTS) throw new OptionError(`checkModel: n, d, C make ${elements} entries of X, W and T: at most ${MAX_ELEMENTS}`);
  const checked = checkedEntries(o, o.wrt, o.sample, o.fast);
  if (checked > MAX_CHECKED)
    throw new OptionError(
      `checkModel: options wrt, n, d, C make ${checked} entries to check: at most ${MAX_CHECKED}; set sample, or fast: true`,
    );
  const why = o.bug && !hidden ? inapplicableBug(o.bug, ACTIVATIONS[o.model], o.d, o.C) : undefined;
  if (why)
    throw new OptionError(
      `checkModel: option 'bug' is '${o.bug}': ${why === 'needs-square-W' ? 'transpose needs d = C' : 'linear has no σ′ to drop'}`,
    );
  return o;
}
