import type { ModelCheckOptions } from '../checks/model/options.js';
import { MAX_MT19937_SEED } from '../problem/random.js';
import { type Refusal, refusalOf, type Settings } from '../rules/constraints.js';
import { type Accepts, defaultOf, layersChecked, type OptionRule, SURFACES, type WrtName } from '../rules/options.js';

// The library's side of the rule book (rules/): refusals naming the function, and each option as a caller writes it.

/** A library option of a value it does not accept: the message names it and what is. Exit code 2, as the CLI's. */
export class OptionError extends Error {
  readonly exitCode = 2;
  constructor(
    message: string,
    /** The rule book's code: a combination's (rules/constraints.ts), 'unknown-option' or 'bad-value'. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'OptionError';
  }
}

const shown = (v: unknown) =>
  typeof v === 'string'
    ? `'${v}'`
    : typeof v === 'number' || typeof v === 'boolean' || v === null
      ? String(v)
      : typeof v;

const integerWords = (min: number, max?: number) => `an integer from ${min}${max === undefined ? '' : ` to ${max}`}`;

/** What an option accepts, as the library says it. */
const WORDS: { [K in Accepts['kind']]: (a: Extract<Accepts, { kind: K }>, orNull?: string) => string } = {
  choice: (a, orNull) => `one of ${[...a.choices, ...(orNull ? ['null'] : [])].join(', ')}`,
  integer: (a, orNull) => `${integerWords(a.min, a.max)}${orNull ? `, or null for ${orNull}` : ''}`,
  number: (a) => `a finite number ${a.strict ? '>' : '≥'} ${a.min}`,
  step: () => "'auto' or a finite number > 0",
  'count-or-auto': () => `'auto' or ${integerWords(1)}`,
  list: (a) => `a list of distinct names from ${a.choices.join(', ')}`,
  seed: () => 'a non-empty string or a number',
  path: () => 'a string, or null',
  text: () => 'a string',
  switch: () => 'true or false',
  function: () => 'a function',
};

const isInteger = (v: unknown, min: number, max = Number.MAX_SAFE_INTEGER) =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

function accepted(rule: OptionRule, v: unknown): boolean {
  const a = rule.accepts;
  if (v === null && rule.orNull) return true;
  switch (a.kind) {
    case 'choice':
      return a.choices.includes(v as string);
    case 'integer':
      return isInteger(v, a.min, a.max);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) && (a.strict ? v > a.min : v >= a.min);
    case 'step':
      return v === 'auto' || (typeof v === 'number' && Number.isFinite(v) && v > 0);
    case 'count-or-auto':
      return v === 'auto' || isInteger(v, 1);
    case 'list':
      return Array.isArray(v) && v.length > 0 && new Set(v).size === v.length && v.every((p) => a.choices.includes(p));
    case 'seed':
      return (typeof v === 'string' && v.length > 0) || (typeof v === 'number' && Number.isFinite(v));
    case 'path':
    case 'text':
      return typeof v === 'string';
    case 'switch':
      return typeof v === 'boolean';
    case 'function':
      return typeof v === 'function';
  }
}

/** The rule book's refusals in the library's words, after the function's name. */
const PHRASES: Record<string, (r: Refusal, s: Settings) => string> = {
  'too-large': (r) => `n, d, C make ${r.facts?.count} entries of X, W and T: at most ${r.facts?.most}`,
  'seed-out-of-range': (_, s) =>
    `option 'seed' is ${shown(s.seed)}: expected an integer from 0 to ${MAX_MT19937_SEED} with rng '${s.rng}'`,
  'wrt-without-hidden': (r) => `option 'wrt' names ${r.facts?.stray}: expected W, X (W1 and W2 need hidden)`,
  'wrt-with-hidden': () => "option 'wrt' names W: expected W1, W2, X with a hidden layer",
  'hidden-local-probes': () => "option 'numeric' is 'local': a hidden layer is probed by whole passes ('full')",
  'bug-needs-square': (r) =>
    `option 'bug' is 'transpose': transpose needs ${r.facts?.k === undefined ? 'd = C' : 'd = k or k = C'}`,
  'bug-needs-activation': () => "option 'bug' is 'no-activation-derivative': linear has no σ′ to drop",
  'fast-with-sample': () => "options 'fast' and 'sample' exclude each other: one direction, or a sample of entries",
  'too-many-entries': (r) =>
    `options wrt, n, d, C make ${r.facts?.count} entries to check: at most ${r.facts?.most}; set sample, or fast: true`,
};

type LibrarySurface = 'checkModel' | 'checkGradient' | 'checkTf';

/** The options given, each known, of an accepted value, and allowed together; else an OptionError for the first not. */
function validate(options: unknown, surface: LibrarySurface, fn: string): Record<string, unknown> {
  if (options === undefined) options = {};
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new OptionError(`${fn}: options is ${shown(options)}: expected an object`, 'bad-value');
  const rules: Record<string, OptionRule> = SURFACES[surface];
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  for (const [key, value] of Object.entries(given)) {
    const rule = rules[key];
    if (!rule)
      throw new OptionError(
        `${fn}: unknown option '${key}': expected ${Object.keys(rules).join(', ')}`,
        'unknown-option',
      );
    const words = WORDS[rule.accepts.kind] as (a: Accepts, orNull?: string) => string;
    if (!accepted(rule, value))
      throw new OptionError(
        `${fn}: option '${key}' is ${shown(value)}: expected ${words(rule.accepts, rule.orNull)}`,
        'bad-value',
      );
  }
  const defaults = Object.fromEntries(Object.keys(rules).map((key) => [key, defaultOf(surface, key)]));
  const settings = { ...defaults, ...given };
  const found = refusalOf(surface, 'settings', settings, { typed: (key) => key in given, replayed: () => false });
  if (found) throw new OptionError(`${fn}: ${PHRASES[found.code](found, settings)}`, found.code);
  return given;
}

/** checkGradient's (and checkVjp's, checkJvp's, checkHvp's, checkTf's) options, checked. */
export function gradientOptions<O>(options: O, fn = 'checkGradient'): O {
  return validate(options, fn === 'checkTf' ? 'checkTf' : 'checkGradient', fn) as O;
}

/** The built-in model's defaults (the CLI's): checkModel({ model: 'tanh' }) is `gradcheck --model tanh`. */
export const MODEL_DEFAULTS: ModelCheckOptions = Object.fromEntries(
  [
    ...[
      'scheme',
      'eps',
      'atol',
      'rtol',
      'sample',
      'fast',
      'tolerance',
      'model',
      'n',
      'd',
      'C',
      'hidden',
      'domain',
      'seed',
      'rng',
    ],
    'init',
  ]
    .concat(['dtype', 'numeric', 'bug', 'wrt', 'recheck'])
    .map((key) => [key, defaultOf('checkModel', key)]),
) as unknown as ModelCheckOptions;

/** checkModel's options, checked and completed with MODEL_DEFAULTS (a hidden layer: W1, W2 and whole passes). */
export function modelOptions(options: unknown): ModelCheckOptions {
  const given = validate(options, 'checkModel', 'checkModel') as Partial<ModelCheckOptions> & {
    seed?: string | number;
  };
  const hidden = given.hidden ?? null;
  return {
    ...MODEL_DEFAULTS,
    ...(hidden ? { wrt: layersChecked(MODEL_DEFAULTS.wrt as WrtName[], hidden), numeric: 'full' } : {}),
    ...given,
    seed: String(given.seed ?? MODEL_DEFAULTS.seed),
  } as ModelCheckOptions;
}
