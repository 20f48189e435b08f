import { MODEL_NAMES, type ModelName } from '../model/activations.js';
import { BUGS, type BugName, ELEMENTWISE_BUGS, type ElementwiseBug } from '../model/bugs.js';
import { DTYPES, type Dtype } from '../numeric/dtype.js';
import { SCHEME_NAMES, type SchemeName } from '../numeric/schemes.js';
import type { StepRule } from '../numeric/steps.js';
import { INITS, MIN_DOMAIN } from '../problem/generate.js';
import { RNG_NAMES } from '../problem/random.js';

/**
 * The rule book, part one: every option's accepted values and default, once. The command line builds its flags
 * from it (config files and replays go through them), the library checks against it. Part two: constraints.ts.
 */

/** allclose (torch's |a − n| ≤ atol + rtol·|n|) or estimate (each entry's own bound). */
export const TOLERANCE_RULES = ['allclose', 'estimate'] as const;
export type ToleranceRule = (typeof TOLERANCE_RULES)[number];

/** How the perturbed losses are evaluated: a whole forward pass, or only the moved strip of Z. */
export type ProbeMode = 'local' | 'full';
export const PROBE_MODES: readonly ProbeMode[] = ['local', 'full'];

/** The parameters of the built-in model whose gradient can be checked: W and X, or with a hidden layer W1, W2 and X. */
export const WRT = ['W', 'X', 'W1', 'W2'] as const;
export type WrtName = (typeof WRT)[number];

/** The parameters a check of the built-in model checks: with a hidden layer the default W means W1 and W2. */
export function layersChecked(wrt: readonly WrtName[], hidden: number | null | undefined): WrtName[] {
  return hidden && wrt.length === 1 && wrt[0] === 'W' ? ['W1', 'W2'] : [...wrt];
}

/** The rules a module may export: a gradient of its loss, a vjp or jvp of its output, an hvp of its loss. */
export const RULES = ['gradient', 'vjp', 'jvp', 'hvp'] as const;
export type Rule = (typeof RULES)[number];

/** Fewest steps of a Taylor test: its fit needs 3 points at h ≤ ¼, and h = 2⁰, 2⁻¹ are above it. */
export const MIN_TAYLOR_STEPS = 5;
/** Most points a sweep may have. */
export const MAX_SWEEP_POINTS = 1000;

/** What an option accepts, in the rule book's own terms (each front end has words for each kind). */
export type Accepts =
  | { kind: 'choice'; choices: readonly string[] }
  | { kind: 'integer'; min: number; max?: number; why?: string }
  | { kind: 'number'; min: number; strict: boolean }
  /** 'auto' or a finite number > 0. */
  | { kind: 'step' }
  /** A count from 1, or 'auto'. */
  | { kind: 'count-or-auto' }
  | { kind: 'list'; choices: readonly string[] }
  /** A non-empty string (on the command line); the library takes a number for a seed too. */
  | { kind: 'seed' }
  | { kind: 'path' }
  | { kind: 'text' }
  | { kind: 'switch' }
  | { kind: 'function' };

export interface OptionRule {
  accepts: Accepts;
  /** What null means, where the library accepts it ('every entry'); the command line spells it as a value ('none'). */
  orNull?: string;
  default?: unknown;
}

/** What a check prints (--format), and what a sweep or a Taylor test can. */
export const FORMATS = ['table', 'json', 'csv', 'tsv', 'markdown', 'junit', 'html'] as const;
export const SERIES_FORMATS = ['table', 'json', 'csv', 'html'] as const;

const choice = (choices: readonly string[], more: Partial<OptionRule> = {}): OptionRule => ({
  accepts: { kind: 'choice', choices },
  ...more,
});
const integer = (min: number, more: Partial<OptionRule> & { max?: number; why?: string } = {}): OptionRule => {
  const { max, why, ...rule } = more;
  return { accepts: { kind: 'integer', min, max, why }, ...rule };
};
const atLeastZero = (value: number): OptionRule => ({
  accepts: { kind: 'number', min: 0, strict: false },
  default: value,
});
const switched = (value?: boolean): OptionRule => ({ accepts: { kind: 'switch' }, default: value });

/** Each option, once: what it accepts and its default. */
export const OPTION = {
  model: choice(MODEL_NAMES, { default: 'sigmoid' }),
  n: integer(1, { default: 4 }),
  d: integer(1, { default: 3 }),
  C: integer(1, { default: 2 }),
  domain: integer(MIN_DOMAIN, {
    max: 2 ** 31 - 1,
    why: ` (below ${MIN_DOMAIN}, the notebook's X and W are all 0)`,
    default: 10,
  }),
  seed: { accepts: { kind: 'seed' }, default: '42' } as OptionRule,
  rng: choice(RNG_NAMES, { default: 'arc4' }),
  init: choice(INITS, { default: 'notebook' }),
  numeric: choice(PROBE_MODES, { default: 'local' }),
  dtype: choice(DTYPES, { default: 'float64' }),
  scheme: choice(SCHEME_NAMES, { default: 'central' }),
  /** A user's function takes plain numbers: no complex-step. */
  functionScheme: choice(
    SCHEME_NAMES.filter((s) => s !== 'complex-step'),
    { default: 'central' },
  ),
  eps: { accepts: { kind: 'step' }, default: 'auto' } as OptionRule,
  atol: atLeastZero(1e-5),
  rtol: atLeastZero(1e-3),
  // On the verdict corpus no right gradient fails and no wrong one passes, tighter than allclose (docs/THEORY.md).
  tolerance: choice(TOLERANCE_RULES, { default: 'estimate' }),
  bug: choice(BUGS, { orNull: 'no bug', default: null }),
  /** A user's function can be corrupted entry by entry only. */
  functionBug: choice(Object.keys(ELEMENTWISE_BUGS), { orNull: 'no bug', default: null }),
  hidden: integer(1, { orNull: 'one layer', default: null }),
  wrt: { accepts: { kind: 'list', choices: WRT }, default: ['W'] } as OptionRule,
  module: { accepts: { kind: 'path' }, orNull: 'no module', default: null } as OptionRule,
  timeout: atLeastZero(60),
  input: { accepts: { kind: 'text' } } as OptionRule,
  sample: integer(1, { orNull: 'every entry', default: null }),
  jobs: { accepts: { kind: 'count-or-auto' }, default: 'auto' } as OptionRule,
  fast: switched(false),
  recheck: switched(true),
  onProgress: { accepts: { kind: 'function' } } as OptionRule,
  // How the command line prints.
  all: switched(),
  showInputs: switched(),
  digits: integer(1, { max: 17 }),
  quiet: switched(),
  header: switched(true),
  format: choice(FORMATS, { default: 'table' }),
  seriesFormat: choice(SERIES_FORMATS, { default: 'table' }),
  /** The HTML page written to this file as well, beside the format printed. */
  reportHtml: { accepts: { kind: 'path' } } as OptionRule,
  // sweep and taylor.
  schemes: { accepts: { kind: 'list', choices: SCHEME_NAMES }, default: ['central'] } as OptionRule,
  dtypes: { accepts: { kind: 'list', choices: DTYPES }, default: ['float64'] } as OptionRule,
  from: { accepts: { kind: 'number', min: 0, strict: true }, default: 10 } as OptionRule,
  to: { accepts: { kind: 'number', min: 0, strict: true }, default: 1e-12 } as OptionRule,
  perDecade: integer(1, { max: 20, default: 4 }),
  steps: integer(MIN_TAYLOR_STEPS, { max: 60, why: ' (a fit needs 3 points at h ≤ ¼)', default: 24 }),
  rule: choice(RULES),
} as const satisfies Record<string, OptionRule>;

/** Each surface's options, key → rule, in the order its messages list them; sweep's `scheme` and `dtype` are lists. */
const { model, n, d, C, domain, seed, rng, init, numeric, dtype, scheme, eps, atol, rtol, tolerance, sample, fast } =
  OPTION;
const PROBLEM = { model, n, d, C, domain, seed, rng, init };
const SOURCE = { input: OPTION.input, module: OPTION.module, timeout: OPTION.timeout };
const NUMERIC = { scheme, eps, atol, rtol, tolerance, sample, fast };
const FUNCTION = {
  ...NUMERIC,
  scheme: OPTION.functionScheme,
  seed,
  rng,
  onProgress: OPTION.onProgress,
  bug: OPTION.functionBug,
  module: OPTION.module,
};
export const SURFACES = {
  /** `gradcheck`: the built-in model, or a --module. */
  check: {
    ...PROBLEM,
    numeric,
    dtype,
    scheme,
    eps,
    atol,
    rtol,
    tolerance,
    bug: OPTION.bug,
    hidden: OPTION.hidden,
    wrt: OPTION.wrt,
    ...{ module: OPTION.module, timeout: OPTION.timeout, input: OPTION.input },
    sample,
    jobs: OPTION.jobs,
    fast,
    ...{
      all: OPTION.all,
      showInputs: OPTION.showInputs,
      digits: OPTION.digits,
      quiet: OPTION.quiet,
      header: OPTION.header,
    },
    recheck: OPTION.recheck,
    reportHtml: OPTION.reportHtml,
    format: OPTION.format,
  },
  sweep: {
    ...PROBLEM,
    numeric,
    scheme: OPTION.schemes,
    dtype: OPTION.dtypes,
    from: OPTION.from,
    to: OPTION.to,
    perDecade: OPTION.perDecade,
    ...SOURCE,
    reportHtml: OPTION.reportHtml,
  },
  taylor: {
    ...PROBLEM,
    ...{ dtype, steps: OPTION.steps, bug: OPTION.bug, rule: OPTION.rule },
    ...{ ...SOURCE, reportHtml: OPTION.reportHtml },
  },
  /** The library's checkModel: the command line's check of the built-in model. */
  checkModel: {
    ...NUMERIC,
    seed,
    rng,
    onProgress: OPTION.onProgress,
    jobs: OPTION.jobs,
    ...{ model, n, d, C, hidden: OPTION.hidden, domain, init, dtype, numeric, bug: OPTION.bug, wrt: OPTION.wrt },
    recheck: OPTION.recheck,
  },
  /** The library's checkGradient (and checkVjp, checkJvp, checkHvp, checkGradientAsync). */
  checkGradient: FUNCTION,
  /** gradcheck/tfjs's checkTf: checkGradient's options, TF.js computing the loss. */
  checkTf: FUNCTION,
} as const satisfies Record<string, Record<string, OptionRule>>;
export type Surface = keyof typeof SURFACES;

/** An option's default where a surface takes it. */
export const defaultOf = (surface: Surface, key: string): unknown =>
  (SURFACES[surface] as Record<string, OptionRule | undefined>)[key]?.default;

/** The options every check shares, spelled alike in the library, the report config and (as flags) the CLI. */
export interface NumericOptions {
  scheme: SchemeName;
  /** 'auto' (a step per entry) or a fixed step. */
  eps: StepRule;
  atol: number;
  rtol: number;
  /** Check only this many entries, spread by the seeded generator; null for all. */
  sample: number | null;
  /** One random direction instead of every entry (torch's fast mode). */
  fast: boolean;
  /** allclose (atol, rtol) or estimate (each entry's bound from its estimated error). */
  tolerance: ToleranceRule;
}

export const DEFAULT_NUMERIC_OPTIONS: Readonly<NumericOptions> = Object.fromEntries(
  Object.entries(NUMERIC).map(([key, rule]) => [key, rule.default]),
) as unknown as NumericOptions;

/** The settings of a report's config a replay (--input report.json) takes, in the order a refusal lists them. */
export const REPLAYED = [
  ...['model', 'domain', 'seed', 'rng', 'init', 'dtype', 'scheme', 'numeric', 'eps', 'atol', 'rtol', 'tolerance'],
  ...['bug', 'sample', 'fast', 'wrt', 'recheck'],
] as const;
/** Config fields read, not replayed: the shapes come from the inputs, the loss is ½Σ(Y−T)², the data are given. */
export const DESCRIPTIVE = ['n', 'd', 'C', 'hidden', 'loss', 'data'];

/** Options a config file cannot set: which file to read, and what to do instead of a check. */
export const NOT_IN_CONFIG = ['config', 'printConfig', 'help', 'version'];

export type { BugName, Dtype, ElementwiseBug, ModelName, SchemeName };
