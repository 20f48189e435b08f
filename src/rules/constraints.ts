import { ACTIVATIONS, type ModelName } from '../model/activations.js';
import { inapplicableBug } from '../model/bugs.js';
import { sweepSteps } from '../numeric/steps.js';
import { checkedEntries, MAX_CHECKED, MAX_ELEMENTS } from '../problem/generate.js';
import { isMt19937, mt19937Seed, type RngName } from '../problem/random.js';
import { layersChecked, MAX_SWEEP_POINTS, type Surface, type WrtName } from './options.js';

/**
 * The rule book, part two: which options combine, as an ordered list of constraints with stable codes. Every surface
 * judges a check by it in this order, and words refusals its own way (cli/refusals.ts, library/options.ts).
 */

/** A refused combination: its code, the options it names (the one at fault first), and the numbers its words need. */
export interface Refusal {
  code: RefusalCode;
  keys: readonly string[];
  facts?: Readonly<Record<string, number | string>>;
}

/** Where a setting came from, for what only a person's own choice can mean (a flag typed, an option passed). */
export interface Origins {
  /** Typed on the command line, or passed to the library. */
  typed(key: string): boolean;
  /** From a replayed report's config (--input report.json). */
  replayed(key: string): boolean;
}

/** A check's settings as judged: every option with its value (defaults filled in). */
export type Settings = Readonly<Record<string, unknown>>;

/** `source`: judged before the data (--input) are read or the module loaded; `settings`: once every option is set. */
type Stage = 'source' | 'settings';

/** What a constraint finds broken: the options it names, or a whole refusal when its words need numbers. */
type Broken = readonly string[] | Omit<Refusal, 'code'> | undefined;

interface Constraint {
  code: RefusalCode;
  stage: Stage;
  surfaces: readonly Surface[];
  broken(s: Settings, from: Origins, surface: Surface): Broken;
}

/** Settings that exclude each other: one given on the command line drops the other from a replayed config. */
export const EXCLUSIVE: readonly (readonly [string, string])[] = [['fast', 'sample']];

/** Options of the built-in model that mean nothing for a user's module: `check`'s, and sweep's and taylor's. */
const MODEL_OPTIONS = ['model', 'n', 'd', 'C', 'domain', 'init', 'wrt', 'hidden', 'input', 'showInputs'];
const SERIES_MODEL_OPTIONS = ['model', 'n', 'd', 'C', 'domain', 'init', 'input'];
/** Options of human output: with a machine format, or beside --quiet (the verdict alone), they do nothing. */
const HUMAN = ['showInputs', 'all', 'digits', 'quiet'];

const module = (s: Settings) => s.module !== undefined && s.module !== null;
/** The first of the keys the test holds for, as the one key a refusal names. */
const first = (keys: readonly string[], test: (key: string) => boolean) => {
  const key = keys.find(test);
  return key === undefined ? undefined : [key];
};
const when = (broken: boolean, keys: readonly string[]) => (broken ? keys : undefined);
const overLimit = (count: number, most: number, keys: readonly string[], facts = {}) =>
  count > most ? { keys, facts: { count, most, ...facts } } : undefined;

/** Entries of X, W (or W1 and W2) and T. */
function elements(s: Settings): number {
  const [n, d, C, k] = [s.n, s.d, s.C, s.hidden] as number[];
  return n * d + (k ? d * k + k * C : d * C) + n * C;
}

function c(code: RefusalCode, stage: Stage, surfaces: readonly Surface[], broken: Constraint['broken']): Constraint {
  return { code, stage, surfaces, broken };
}

const CONSTRAINTS: readonly Constraint[] = [
  c('sweep-steps', 'source', ['sweep'], (s) => {
    const [from, to] = [s.from, s.to] as number[];
    if (!(from > to)) return ['from', 'to'];
    return overLimit(sweepSteps(from, to, s.perDecade as number).length, MAX_SWEEP_POINTS, ['from', 'to', 'perDecade']);
  }),
  // Where the data come from: a module, or an input file.
  c('module-with-model-option', 'source', ['check', 'sweep', 'taylor'], (s, from, surface) =>
    module(s) ? first(surface === 'check' ? MODEL_OPTIONS : SERIES_MODEL_OPTIONS, from.typed) : undefined,
  ),
  c('module-dtype', 'source', ['check', 'sweep', 'taylor'], (s) =>
    when(module(s) && [s.dtype].flat().some((t) => t !== 'float64'), ['dtype']),
  ),
  // A check's --numeric full says what a module's check does anyway; a sweep's --numeric asks for a choice it has not.
  c('module-local-probes', 'source', ['check', 'sweep'], (s, from, surface) =>
    when(module(s) && from.typed('numeric') && (surface !== 'check' || s.numeric === 'local'), ['numeric']),
  ),
  c('module-complex-step', 'source', ['check', 'sweep'], (s) =>
    when(module(s) && [s.scheme].flat().includes('complex-step'), ['scheme']),
  ),
  c('module-bug', 'source', ['check', 'taylor'], (s) =>
    when(module(s) && typeof s.bug === 'string' && !['sign', 'half', 'double'].includes(s.bug), ['bug']),
  ),
  c('input-with-shapes', 'source', ['check', 'sweep', 'taylor'], (s, from) =>
    s.input === undefined ? undefined : first(['n', 'd', 'C'], from.typed),
  ),
  c('input-with-hidden', 'source', ['check'], (s, from) =>
    when(s.input !== undefined && from.typed('hidden'), ['hidden']),
  ),
  c('input-with-generator', 'source', ['sweep', 'taylor'], (s, from) =>
    s.input === undefined ? undefined : first(['domain', 'init'], from.typed),
  ),
  c('needs-module', 'source', ['sweep', 'taylor'], (s, from) =>
    module(s) ? undefined : first(['rule', 'timeout'], from.typed),
  ),
  // The problem's size and its generator.
  c('too-large', 'settings', ['check', 'sweep', 'taylor', 'checkModel'], (s) =>
    overLimit(elements(s), MAX_ELEMENTS, ['n', 'd', 'C']),
  ),
  c('seed-out-of-range', 'settings', ['check', 'sweep', 'taylor', 'checkModel', 'checkGradient', 'checkTf'], (s) =>
    when(isMt19937(s.rng as RngName) && mt19937Seed(String(s.seed)) === undefined, ['seed', 'rng']),
  ),
  // The layers of the built-in model.
  c('wrt-without-hidden', 'settings', ['check', 'checkModel'], (s) => {
    const stray = s.hidden || module(s) ? undefined : (s.wrt as string[]).find((p) => p === 'W1' || p === 'W2');
    return stray ? { keys: ['wrt', 'hidden'], facts: { stray } } : undefined;
  }),
  c('wrt-with-hidden', 'settings', ['check', 'checkModel'], (s, from) =>
    when(!module(s) && !!s.hidden && (from.typed('wrt') || from.replayed('wrt')) && (s.wrt as string[]).includes('W'), [
      'wrt',
      'hidden',
    ]),
  ),
  c('hidden-local-probes', 'settings', ['check', 'checkModel'], (s, from) =>
    when(!module(s) && !!s.hidden && from.typed('numeric') && s.numeric === 'local', ['numeric', 'hidden']),
  ),
  c('hidden-show-inputs', 'settings', ['check'], (s) =>
    when(!module(s) && !!s.hidden && !!s.showInputs, ['showInputs', 'hidden']),
  ),
  c('bug-needs-square', 'settings', ['check', 'taylor', 'checkModel'], (s) => {
    const [d, C, k] = [s.d, s.C, s.hidden] as number[];
    const square = k ? d === k || k === C : d === C;
    return module(s) || s.bug !== 'transpose' || square
      ? undefined
      : { keys: ['bug'], facts: k ? { d, k, C } : ({ d, C } as Record<string, number>) };
  }),
  c('bug-needs-activation', 'settings', ['check', 'taylor', 'checkModel'], (s) =>
    when(
      !module(s) &&
        s.bug === 'no-activation-derivative' &&
        !!inapplicableBug(s.bug, ACTIVATIONS[s.model as ModelName], 1, 1),
      ['bug', 'model'],
    ),
  ),
  // What a check measures.
  c('fast-with-sample', 'settings', ['check', 'checkModel', 'checkGradient', 'checkTf'], (s) =>
    when(s.fast === true && s.sample !== undefined && s.sample !== null, ['fast', 'sample']),
  ),
  // Options that would do nothing: refused where a person chose them, naming what they work with.
  c('needs-csv', 'settings', ['check'], (s, from) =>
    when(from.typed('header') && s.format !== 'csv' && s.format !== 'tsv', ['header', 'format']),
  ),
  ...HUMAN.map((key) =>
    c('needs-human-format', 'settings', ['check'], (s, from) => {
      if (!from.typed(key)) return undefined;
      if (s.format !== 'table' && s.format !== 'markdown') return [key, 'format'];
      return s.quiet && key !== 'quiet' ? [key, 'quiet'] : undefined;
    }),
  ),
  c('needs-every-entry', 'settings', ['check'], (s, from) => when(from.typed('all') && !!s.fast, ['all', 'fast'])),
  c('needs-module', 'settings', ['check'], (s, from) => when(from.typed('timeout') && !module(s), ['timeout'])),
  c('needs-local-probes', 'settings', ['check'], (s, from) => {
    if (!from.typed('jobs')) return undefined;
    return s.fast ? ['jobs', 'fast'] : when(!module(s) && (!!s.hidden || s.numeric === 'full'), ['jobs', 'numeric']);
  }),
  c('input-with-generator', 'settings', ['check'], (s, from) =>
    s.input === undefined ? undefined : first(['domain', 'init'], from.typed),
  ),
  c('needs-float32', 'settings', ['check'], (s, from) =>
    when(from.typed('recheck') && s.dtype !== 'float32', ['recheck', 'dtype']),
  ),
  c('needs-allclose', 'settings', ['check'], (s, from) =>
    s.tolerance === 'allclose' ? undefined : first(['atol', 'rtol'], from.typed)?.concat('tolerance'),
  ),
  c('too-many-entries', 'settings', ['check', 'checkModel'], (s) => {
    if (module(s)) return undefined;
    const wrt = layersChecked(s.wrt as WrtName[], s.hidden as number | null);
    const count = checkedEntries(s as never, wrt, s.sample as number | null, s.fast === true);
    return overLimit(count, MAX_CHECKED, ['wrt', 'n', 'd', 'C'], { wrt: wrt.join(',') });
  }),
];

/** A refusal's code: stable, for tests and tools to read (an OptionError's and a UsageError's `code`). */
export type RefusalCode = string;
/** Every code: each constraint's, and the library's own refusals of a name or a value it does not take. */
export const REFUSAL_CODES: readonly RefusalCode[] = [
  ...new Set([...CONSTRAINTS.map((x) => x.code), 'unknown-option', 'bad-value']),
];

/** The surfaces a refusal can come from: a test raises each from each. */
export function surfacesOf(code: RefusalCode): Surface[] {
  return [...new Set(CONSTRAINTS.filter((x) => x.code === code).flatMap((x) => x.surfaces))];
}

/** The first constraint, of the stage, that these settings break on this surface; undefined when they break none. */
export function refusalOf(surface: Surface, stage: Stage, s: Settings, from: Origins): Refusal | undefined {
  for (const x of CONSTRAINTS) {
    if (x.stage !== stage || !x.surfaces.includes(surface)) continue;
    const broken = x.broken(s, from, surface);
    if (broken)
      return Array.isArray(broken)
        ? { code: x.code, keys: broken }
        : ({ code: x.code, ...(broken as object) } as Refusal);
  }
  return undefined;
}
