import type { Command, Option } from 'commander';
import { MAX_MT19937_SEED } from '../problem/random.js';
import { type Refusal, refusalOf, type Settings } from '../rules/constraints.js';
import type { Surface } from '../rules/options.js';
import { UsageError } from './errors.js';

// The rule book's refusals in the command line's words: each names the flag (or the replayed input and its config
// field) and what it works with. One phrase a code; docs/ERRORS.md lists them all.

/** What the words need of the command: its flags, and where each setting came from. */
interface Words {
  surface: Surface;
  /** The option's flags as declared: `--bug <kind>`, `-n <rows>`, `--no-header`. */
  flags(key: string): string;
  /** The flag alone: `--bug`, `-n`, `--no-header`. */
  flag(key: string): string;
  /** The input file a setting was replayed from, if it was. */
  origin(key: string): string | undefined;
}

type Phrase = (r: Refusal, s: Settings, w: Words) => string;

const MODULE = 'cannot be used with --module';
const HUMAN_ONLY: Record<string, [string, string?]> = {
  showInputs: ['JSON always carries the inputs', 'prints the inputs'],
  all: ['which always list every entry', 'lists every entry'],
  digits: ['which always write every digit', 'sets the digits of the table'],
  quiet: ['machine output is read whole'],
};
const IN_A_PAGE: Record<string, string> = {
  showInputs: 'a page draws the gradient, not the inputs; --json carries them',
  all: 'a page draws every entry',
  digits: 'a page writes every digit',
  quiet: 'a page is read whole; --report-html writes one beside -q',
};

/** `input report.json: config.wrt W` when the setting was replayed, else the flag with its value. */
const wrtWhere = (s: Settings, w: Words) => {
  const wrt = (s.wrt as string[]).join(',');
  return w.origin('wrt') ? `input ${w.origin('wrt')}: config.wrt ${wrt}` : `option '--wrt ${wrt}'`;
};

const PHRASES: Record<string, Phrase> = {
  'module-with-model-option': (r, _, w) => `option '${w.flags(r.keys[0])}' ${MODULE}: it describes the built-in model.`,
  'module-dtype': (_, s) =>
    `option '--dtype ${[s.dtype].flat().join(',')}' ${MODULE}: a module computes in JavaScript numbers, float64.`,
  'module-local-probes': (_, s, w) =>
    `option '--numeric${w.surface === 'check' ? ` ${s.numeric}` : ''}' ${MODULE}: ` +
    `a module is a black box, probed by whole losses.`,
  'module-complex-step': () =>
    `option '--scheme complex-step' ${MODULE}: complex-step needs the loss in complex arithmetic; ` +
    `a module's loss takes plain numbers.`,
  'module-bug': (_, s, w) =>
    `option '--bug ${s.bug}' ${MODULE}: ` +
    `a module's ${w.surface === 'check' ? 'gradient' : 'rule'} can be corrupted by sign, half or double.`,
  'input-with-shapes': (r, _, w) =>
    `option '${w.flag(r.keys[0])}' cannot be used with --input: the shapes come from the input.`,
  'input-with-hidden': (_, __, w) =>
    `option '${w.flags('hidden')}' cannot be used with --input: the layers come from the input (W1 and W2, or W).`,
  'input-with-generator': (r, _, w) =>
    `option '${w.flag(r.keys[0])}' describes the generator, and --input gives the data.`,
  'needs-module': (r, _, w) =>
    r.keys[0] === 'rule'
      ? "option '--rule <name>' works with --module only: it picks the module's rule to test."
      : w.surface === 'check'
        ? "option '--timeout' works with --module only: it limits each call of a module's loss or gradient."
        : "option '--timeout <seconds>' works with --module only: it limits each call of a module's functions.",
  'sweep-steps': (r, s) =>
    r.facts
      ? `options --from, --to and --per-decade give ${r.facts.count} steps; at most ${r.facts.most} are accepted.`
      : `options '--from ${s.from}' and '--to ${s.to}': --from must be the larger step.`,
  'too-large': (r, s) => {
    const k = s.hidden;
    const shapes = k ? `-n ${s.n} -d ${s.d} --hidden ${k} -C ${s.C}` : `-n ${s.n} -d ${s.d} -C ${s.C}`;
    return (
      `${shapes} make ${r.facts?.count} entries of X, ${k ? 'W1, W2' : 'W'} and T; ` +
      `at most ${r.facts?.most} are accepted.`
    );
  },
  'seed-out-of-range': (_, s, w) => {
    const input = w.origin('seed');
    const where = input
      ? `input ${input}: config.seed ${JSON.stringify(s.seed)} is`
      : `option '--seed <seed>' argument '${s.seed}' is`;
    return `${where} invalid with --rng ${s.rng}. Expected an integer from 0 to ${MAX_MT19937_SEED}.`;
  },
  'wrt-with-hidden': (_, s, w) =>
    `${wrtWhere(s, w)} names W: with a hidden layer the weights are W1 and W2 (--wrt W1, W2, X or a list of them).`,
  'wrt-without-hidden': (_, s, w) =>
    `${wrtWhere(s, w)} names W1 or W2, the weights of a hidden layer: add --hidden <units>, or check W and X.`,
  'hidden-local-probes': () =>
    "option '--numeric local' cannot be used with --hidden: a hidden layer is probed by whole forward passes.",
  'hidden-show-inputs': () => "option '--show-inputs' works with the one-layer model, not with --hidden.",
  'bug-needs-square': (r, _, w) => {
    const { d, k, C } = r.facts ?? {};
    const needs =
      k === undefined
        ? `a square W (d = C), not d = ${d}, C = ${C}`
        : `a square W1 (d = k) or W2 (k = C), not d = ${d}, k = ${k}, C = ${C}`;
    // Replayed from a report: the file's config.bug is what does not fit, not a flag the user typed.
    const input = w.origin('bug');
    return input
      ? `input ${input}: config.bug transpose needs ${needs}.`
      : `option '--bug <kind>' argument 'transpose' is invalid here: --bug transpose needs ${needs}.`;
  },
  'bug-needs-activation': () =>
    "option '--bug <kind>' argument 'no-activation-derivative' is invalid here: " +
    '--bug no-activation-derivative changes nothing for --model linear (σ′ = 1).',
  'fast-with-sample': (r, _, w) => {
    const input = r.keys.map(w.origin).find((i) => i !== undefined);
    const [a, b] = r.keys;
    if (!input) return `option '${w.flags(a)}' cannot be used with option '${w.flags(b)}'`;
    const field = (key: string) => (w.origin(key) ? `config.${key}` : `--${key}`);
    return `input ${input}: ${field(a)} and ${field(b)} cannot both be set: one direction, or a sample of entries.`;
  },
  'needs-csv': (_, s) => `option '--no-header' works with --format csv or tsv, not ${s.format}.`,
  'needs-human-format': (r, s, w) => {
    const [machine, withQuiet] = HUMAN_ONLY[r.keys[0]];
    return r.keys[1] === 'quiet'
      ? `option '${w.flag(r.keys[0])}' ${withQuiet}, and --quiet prints the verdict only.`
      : `option '${w.flag(r.keys[0])}' works with --format table or markdown, not ${s.format} ` +
          `(${s.format === 'html' ? IN_A_PAGE[r.keys[0]] : machine}).`;
  },
  'needs-every-entry': () =>
    "option '--all' lists every entry, and --fast checks one direction: " +
    'its row and the few entries a failing one names are all shown.',
  'needs-local-probes': (r) =>
    ({
      fast: "option '--jobs' splits the columns of every entry, and --fast checks one direction.",
      numeric:
        "option '--jobs' splits --numeric local's columns, " +
        'and whole passes (--numeric full, --hidden) run in one thread.',
    })[r.keys[1]] ?? '',
  'needs-float32': () => "option '--no-recheck' works with --dtype float32 only: a float64 check has no recheck.",
  'needs-allclose': (r, _, w) =>
    `option '${w.flag(r.keys[0])}' works with --tolerance allclose only: ` +
    `the estimate rule sets each entry's own bound.`,
  'too-many-entries': (r, s) =>
    `--wrt ${r.facts?.wrt} of -n ${s.n} -d ${s.d} -C ${s.C} is ${r.facts?.count} entries to check; ` +
    `at most ${r.facts?.most} are checked in one run: check a --sample of them, or --fast.`,
};

/** A refusal in the command line's words, as a usage error (exit 2) that carries its code. */
export function refusalError(r: Refusal, s: Settings, w: Words): UsageError {
  return new UsageError(PHRASES[r.code](r, s, w), { code: r.code });
}

/** The option of a command with this key (its positive flag when it has --x and --no-x). */
export function optionOf(cmd: Command, key: string): Option | undefined {
  const options = cmd.options as Option[];
  return options.find((o) => o.attributeName() === key && !o.negate) ?? options.find((o) => o.attributeName() === key);
}

/** Refuses the first rule-book constraint the settings break at this stage; `origin` names a replayed input. */
export function refuse(
  cmd: Command,
  surface: Surface,
  stage: 'source' | 'settings',
  s: Settings,
  origin: (key: string) => string | undefined = () => undefined,
): void {
  const typed = (key: string) => cmd.getOptionValueSource(key) === 'cli';
  const found = refusalOf(surface, stage, s, { typed, replayed: (key) => origin(key) !== undefined });
  if (!found) return;
  const flags = (key: string) => optionOf(cmd, key)?.flags ?? key;
  const flag = (key: string) => optionOf(cmd, key)?.long ?? optionOf(cmd, key)?.short ?? key;
  throw refusalError(found, s, { surface, flags, flag, origin });
}
