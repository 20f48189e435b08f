import { ACTIVATIONS, type ModelName } from '../model/activations.js';
import { type BugName, inapplicableBug } from '../model/bugs.js';
import { sweepSteps } from '../numeric/steps.js';
import { checkedEntries, MAX_CHECKED, MAX_ELEMENTS } from '../problem/generate.js';
import { isMt19937, mt19937Seed, type RngName } from '../problem/random.js';
import { layersChecked, MAX_SWEEP_POINTS, type Surface, type WrtName } from './options.js';

/**
 * The rule book, part two: which options combine. Each constraint has a stable code and says
 * which options it names; the command line, config files, replayed reports and the library
 * judge a check by this list, in this order, and word a refusal their own way
 * (cli/refusals.ts, library/refusals.ts). docs/ERRORS.md lists every refusal with its words.
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

/** A check's settings as judged: every option with its value (defaults filled in), plus where the data come from. */
export type Settings = Readonly<Record<string, unknown>>;

/**
 * When a constraint is judged: `source` before the data are read (--input) or the module
 * loaded, `settings` once every option has its value.
 */
type Stage = 'source' | 'settings';

interface Constraint {
  code: string;
  stage: Stage;
  surfaces: readonly Surface[];
  /** The refusal, when these settings break the constraint. */
  refuse(s: Settings, from: Origins, surface: Surface): Refusal | undefined;
}

const modelOnly = (s: Settings) => s.module === undefined || s.module === null;
const some = (keys: readonly string[], test: (key: string) => boolean) => keys.find(test);
const refusal = (code: RefusalCode, keys: readonly string[], facts?: Refusal['facts']): Refusal => ({
  code,
  keys,
  facts,
});

/** Options of the built-in model that mean nothing for a user's module: `check`'s, and sweep's and taylor's. */
const MODEL_OPTIONS = ['model', 'n', 'd', 'C', 'domain', 'wrt', 'hidden', 'input', 'showInputs'];
const SERIES_MODEL_OPTIONS = ['model', 'n', 'd', 'C', 'domain', 'init', 'input'];
/** Options of human output: with a machine format, or beside --quiet (which prints the verdict alone), they do nothing. */
const HUMAN = ['showInputs', 'all', 'digits', 'quiet'];

/** Settings that exclude each other: one given on the command line drops the other from a replayed config. */
export const EXCLUSIVE: readonly (readonly [string, string])[] = [['fast', 'sample']];

/** Entries of X, W (or W1 and W2) and T. */
function elements(s: Settings): number {
  const [n, d, C, k] = [s.n, s.d, s.C, s.hidden] as number[];
  return n * d + (k ? d * k + k * C : d * C) + n * C;
}

const CONSTRAINTS: readonly Constraint[] = [
  {
    code: 'sweep-steps',
    stage: 'source',
    surfaces: ['sweep'],
    refuse: (s) => {
      if (!((s.from as number) > (s.to as number))) return refusal('sweep-steps', ['from', 'to']);
      const count = sweepSteps(s.from as number, s.to as number, s.perDecade as number).length;
      return count > MAX_SWEEP_POINTS
        ? refusal('sweep-steps', ['from', 'to', 'perDecade'], { count, most: MAX_SWEEP_POINTS })
        : undefined;
    },
  },
  // Where the data come from: a module, or an input file.
  ...(['check', 'sweep', 'taylor'] as const).map((surface) => ({
    code: 'module-with-model-option',
    stage: 'source' as const,
    surfaces: [surface],
    refuse: (s: Settings, from: Origins) => {
      const key = modelOnly(s)
        ? undefined
        : some(surface === 'check' ? MODEL_OPTIONS : SERIES_MODEL_OPTIONS, from.typed);
      return key ? refusal('module-with-model-option', [key]) : undefined;
    },
  })),
  {
    code: 'module-dtype',
    stage: 'source',
    surfaces: ['check', 'sweep', 'taylor'],
    refuse: (s) =>
      !modelOnly(s) && [s.dtype].flat().some((t) => t !== 'float64') ? refusal('module-dtype', ['dtype']) : undefined,
  },
  {
    code: 'module-local-probes',
    stage: 'source',
    surfaces: ['check', 'sweep'],
    // A check's --numeric full says what a module's check does anyway; a sweep's --numeric asks for a choice it has not.
    refuse: (s, from, surface) =>
      !modelOnly(s) && from.typed('numeric') && (surface !== 'check' || s.numeric === 'local')
        ? refusal('module-local-probes', ['numeric'])
        : undefined,
  },
  {
    code: 'module-complex-step',
    stage: 'source',
    surfaces: ['check', 'sweep'],
    refuse: (s) =>
      !modelOnly(s) && [s.scheme].flat().includes('complex-step')
        ? refusal('module-complex-step', ['scheme'])
        : undefined,
  },
  {
    code: 'module-bug',
    stage: 'source',
    surfaces: ['check', 'taylor'],
    refuse: (s) =>
      !modelOnly(s) && s.bug !== null && s.bug !== undefined && !['sign', 'half', 'double'].includes(s.bug as string)
        ? refusal('module-bug', ['bug'])
        : undefined,
  },
  {
    code: 'input-with-shapes',
    stage: 'source',
    surfaces: ['check', 'sweep', 'taylor'],
    refuse: (s, from) => {
      const key = s.input === undefined ? undefined : some(['n', 'd', 'C'], from.typed);
      return key ? refusal('input-with-shapes', [key]) : undefined;
    },
  },
  {
    code: 'input-with-hidden',
    stage: 'source',
    surfaces: ['check'],
    refuse: (s, from) =>
      s.input !== undefined && from.typed('hidden') ? refusal('input-with-hidden', ['hidden']) : undefined,
  },
  {
    code: 'input-with-generator',
    stage: 'source',
    surfaces: ['sweep', 'taylor'],
    refuse: (s, from) => {
      const key = s.input === undefined ? undefined : some(['domain', 'init'], from.typed);
      return key ? refusal('input-with-generator', [key]) : undefined;
    },
  },
  {
    code: 'needs-module',
    stage: 'source',
    surfaces: ['sweep', 'taylor'],
    refuse: (s, from) => {
      const key = modelOnly(s) ? some(['rule', 'timeout'], from.typed) : undefined;
      return key ? refusal('needs-module', [key]) : undefined;
    },
  },
  // The problem's size and its generator.
  {
    code: 'too-large',
    stage: 'settings',
    surfaces: ['check', 'sweep', 'taylor', 'checkModel'],
    refuse: (s) => {
      const count = elements(s);
      return count > MAX_ELEMENTS ? refusal('too-large', ['n', 'd', 'C'], { count, most: MAX_ELEMENTS }) : undefined;
    },
  },
  {
    code: 'seed-out-of-range',
    stage: 'settings',
    surfaces: ['check', 'sweep', 'taylor', 'checkModel', 'checkGradient', 'checkTf'],
    refuse: (s) =>
      isMt19937(s.rng as RngName) && mt19937Seed(String(s.seed)) === undefined
        ? refusal('seed-out-of-range', ['seed', 'rng'])
        : undefined,
  },
  // The layers of the built-in model.
  {
    code: 'wrt-without-hidden',
    stage: 'settings',
    surfaces: ['check', 'checkModel'],
    refuse: (s) => {
      const stray = s.hidden ? undefined : (s.wrt as string[]).find((p) => p === 'W1' || p === 'W2');
      return modelOnly(s) && stray ? refusal('wrt-without-hidden', ['wrt', 'hidden'], { stray }) : undefined;
    },
  },
  {
    code: 'wrt-with-hidden',
    stage: 'settings',
    surfaces: ['check', 'checkModel'],
    refuse: (s, from) =>
      modelOnly(s) && s.hidden && (from.typed('wrt') || from.replayed('wrt')) && (s.wrt as string[]).includes('W')
        ? refusal('wrt-with-hidden', ['wrt', 'hidden'], { stray: 'W' })
        : undefined,
  },
  {
    code: 'hidden-local-probes',
    stage: 'settings',
    surfaces: ['check', 'checkModel'],
    refuse: (s, from) =>
      modelOnly(s) && s.hidden && from.typed('numeric') && s.numeric === 'local'
        ? refusal('hidden-local-probes', ['numeric', 'hidden'])
        : undefined,
  },
  {
    code: 'hidden-show-inputs',
    stage: 'settings',
    surfaces: ['check'],
    refuse: (s) =>
      modelOnly(s) && s.hidden && s.showInputs ? refusal('hidden-show-inputs', ['showInputs', 'hidden']) : undefined,
  },
  {
    code: 'bug-needs-square',
    stage: 'settings',
    surfaces: ['check', 'taylor', 'checkModel'],
    refuse: (s) => {
      const [d, C, k] = [s.d, s.C, s.hidden] as number[];
      const square = k ? d === k || k === C : d === C;
      return modelOnly(s) && s.bug === 'transpose' && !square
        ? refusal('bug-needs-square', ['bug'], k ? { d, k, C } : { d, C })
        : undefined;
    },
  },
  {
    code: 'bug-needs-activation',
    stage: 'settings',
    surfaces: ['check', 'taylor', 'checkModel'],
    refuse: (s) => {
      const bug = s.bug as BugName | null;
      const act = ACTIVATIONS[s.model as ModelName];
      const why = modelOnly(s) && bug === 'no-activation-derivative' && inapplicableBug(bug, act, 1, 1);
      return why ? refusal('bug-needs-activation', ['bug', 'model']) : undefined;
    },
  },
  // What a check measures.
  {
    code: 'fast-through-tf',
    stage: 'settings',
    surfaces: ['checkTf'],
    refuse: (s) => (s.fast === true ? refusal('fast-through-tf', ['fast']) : undefined),
  },
  {
    code: 'fast-with-sample',
    stage: 'settings',
    surfaces: ['check', 'checkModel', 'checkGradient', 'checkTf'],
    refuse: (s) =>
      s.fast === true && s.sample !== undefined && s.sample !== null
        ? refusal('fast-with-sample', ['fast', 'sample'])
        : undefined,
  },
  // Options that would do nothing: refused where a person chose them, naming what they work with.
  {
    code: 'needs-csv',
    stage: 'settings',
    surfaces: ['check'],
    refuse: (s, from) =>
      from.typed('header') && s.format !== 'csv' && s.format !== 'tsv'
        ? refusal('needs-csv', ['header', 'format'])
        : undefined,
  },
  ...HUMAN.map((key) => ({
    code: 'needs-human-format',
    stage: 'settings' as const,
    surfaces: ['check'] as const,
    refuse: (s: Settings, from: Origins) => {
      if (!from.typed(key)) return undefined;
      if (s.format !== 'table' && s.format !== 'markdown') return refusal('needs-human-format', [key, 'format']);
      if (s.quiet && key !== 'quiet') return refusal('needs-human-format', [key, 'quiet']);
      return key === 'all' && s.fast ? refusal('needs-every-entry', [key, 'fast']) : undefined;
    },
  })),
  {
    code: 'needs-module',
    stage: 'settings',
    surfaces: ['check'],
    refuse: (s, from) => (from.typed('timeout') && modelOnly(s) ? refusal('needs-module', ['timeout']) : undefined),
  },
  {
    code: 'needs-local-probes',
    stage: 'settings',
    surfaces: ['check'],
    refuse: (s, from) => {
      if (!from.typed('jobs')) return undefined;
      if (!modelOnly(s)) return refusal('needs-local-probes', ['jobs', 'module']);
      if (s.fast) return refusal('needs-local-probes', ['jobs', 'fast']);
      return s.hidden || s.numeric === 'full' ? refusal('needs-local-probes', ['jobs', 'numeric']) : undefined;
    },
  },
  {
    code: 'input-with-generator',
    stage: 'settings',
    surfaces: ['check'],
    refuse: (s, from) => {
      const key = s.input === undefined ? undefined : some(['domain', 'init'], from.typed);
      return key ? refusal('input-with-generator', [key]) : undefined;
    },
  },
  {
    code: 'needs-float32',
    stage: 'settings',
    surfaces: ['check'],
    refuse: (s, from) =>
      from.typed('recheck') && s.dtype !== 'float32' ? refusal('needs-float32', ['recheck', 'dtype']) : undefined,
  },
  {
    code: 'needs-allclose',
    stage: 'settings',
    surfaces: ['check'],
    refuse: (s, from) => {
      const key = s.tolerance === 'allclose' ? undefined : some(['atol', 'rtol'], from.typed);
      return key ? refusal('needs-allclose', [key, 'tolerance']) : undefined;
    },
  },
  {
    code: 'too-many-entries',
    stage: 'settings',
    surfaces: ['check', 'checkModel'],
    refuse: (s) => {
      if (!modelOnly(s)) return undefined;
      const wrt = layersChecked(s.wrt as WrtName[], s.hidden as number | null);
      const count = checkedEntries(s as never, wrt, s.sample as number | null, s.fast === true);
      const facts = { count, most: MAX_CHECKED, wrt: wrt.join(',') };
      return count > MAX_CHECKED ? refusal('too-many-entries', ['wrt', 'n', 'd', 'C'], facts) : undefined;
    },
  },
];

/** Every refusal's code: stable, for tests and tools to read (an OptionError's and a UsageError's `code`). */
export const REFUSAL_CODES = [
  ...new Set([...CONSTRAINTS.map((c) => c.code), 'needs-every-entry', 'unknown-option', 'bad-value']),
] as const;
export type RefusalCode = string;

/** The surfaces a refusal can come from: a test raises each from each. */
export function surfacesOf(code: RefusalCode): Surface[] {
  return [...new Set(CONSTRAINTS.filter((c) => c.code === code).flatMap((c) => c.surfaces))];
}

/** The first constraint, of the stage, that these settings break on this surface; undefined when they break none. */
export function refusalOf(surface: Surface, stage: Stage, s: Settings, from: Origins): Refusal | undefined {
  for (const c of CONSTRAINTS) {
    if (c.stage !== stage || !c.surfaces.includes(surface)) continue;
    const found = c.refuse(s, from, surface);
    if (found) return found;
  }
  return undefined;
}
