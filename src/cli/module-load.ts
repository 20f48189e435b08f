import { realpathSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ModuleSweepOptions } from '../checks/module-sweep.js';
import type { ModuleTaylorOptions } from '../checks/module-taylor.js';
import type { Rule } from '../rules/options.js';
import { holdsTensors } from '../tfjs.js';
import { UsageError } from './errors.js';

/** Each rule a module may export, with the exports it needs besides `parameters`. */
const RULES: readonly (readonly [Rule, readonly string[]])[] = [
  ['gradient', ['loss', 'gradient']],
  ['vjp', ['output', 'vjp']],
  ['jvp', ['output', 'jvp']],
  ['hvp', ['gradient', 'hvp']],
];
const EXPORTS = ['parameters', 'loss', 'gradient', 'output', 'vjp', 'jvp', 'hvp'] as const;

/** What a module's worker runs: the check of every rule, a Taylor test of one, or a sweep of its loss. */
export type ModuleTask = 'check' | 'taylor' | 'sweep';
export type TaylorTaskOptions = Omit<ModuleTaylorOptions, 'rule' | 'module'> & { rule?: Rule };
export type SweepTaskOptions = Omit<ModuleSweepOptions, 'module'>;
/** A module's task's own options: a Taylor test's or a sweep's, and the threads a check splits its entries over. */
export type TaskOptions = Partial<TaylorTaskOptions & SweepTaskOptions> & { jobs?: number | 'auto' };

/** What the module worker sends back: the result of its task (reports), or why there is none. */
export type WorkerReply =
  | { ok: true; result: unknown }
  | { ok: false; kind: 'contract' | 'usage' | 'internal'; message: string; stack?: string };

/** A missing module is refused before a worker is started for it. */
export async function assertReadable(path: string): Promise<void> {
  let isFile: boolean;
  try {
    isFile = (await stat(resolve(path))).isFile();
  } catch {
    throw new UsageError(`option '--module <path>' argument '${path}' cannot be loaded: no such file.`);
  }
  if (!isFile)
    throw new UsageError(
      `option '--module <path>' argument '${path}' cannot be loaded: it is a directory, not a module file.`,
    );
}

/** The rules a module's exports make checkable, or a one-line refusal naming what is missing. */
export function rulesOf(path: string, source: Record<string, unknown>): Rule[] {
  const has = (k: string) => source[k] !== undefined;
  // What was found, so that a near miss (forward for output, params for parameters) is seen at once.
  const names = Object.keys(source).filter((k) => k !== '__esModule');
  const found = names.length === 0 ? 'exports nothing' : `exports {${names.slice(0, 12).join(', ')}}`;
  if (!has('parameters')) {
    throw new UsageError(
      `module ${path} ${found}; it lacks 'parameters': ` +
        `export parameters and loss with gradient, output with vjp or jvp, or gradient with hvp.`,
    );
  }
  // A loss of tensors needs no gradient: TF.js computes it (tf.grads), and that is what is checked.
  const tensors = holdsTensors(source.parameters) && has('loss');
  const rules = RULES.filter(([rule, needs]) => needs.every(has) || (rule === 'gradient' && tensors)).map(
    ([rule]) => rule,
  );
  const stray =
    ['vjp', 'jvp'].find((k) => has(k) && !has('output')) ?? (has('hvp') && !has('gradient') ? 'hvp' : undefined);
  if (stray) {
    const needs = stray === 'hvp' ? 'gradient' : 'output';
    throw new UsageError(
      `module ${path} exports '${stray}' but not '${needs}': ${stray} is checked against differences of ${needs}.`,
    );
  }
  if (has('output') && !has('vjp') && !has('jvp'))
    throw new UsageError(`module ${path} exports 'output' but neither 'vjp' nor 'jvp': export the rule to check.`);
  if (rules.length === 0) {
    const missing = has('loss') ? 'gradient' : 'loss';
    throw new UsageError(
      `module ${path} ${found}; it lacks '${missing}': export parameters, loss and gradient ` +
        `(or output with vjp or jvp, or gradient with hvp), or a default object holding them.`,
    );
  }
  return rules;
}

const TYPESCRIPT = /\.[cm]?ts$/;

/**
 * A TypeScript module: through tsx where the user's project has it (the module's folder, then the working
 * directory; compiled to CommonJS, so no top-level await), else Node's own type stripping where this Node has it
 * (23.6+); else what to install.
 */
async function importTypeScript(path: string, full: string): Promise<unknown> {
  // A module reached through a symbolic link belongs to the project it lives in.
  for (const base of [full, realpathSync(full), join(process.cwd(), 'package.json')]) {
    // tsx's CommonJS API: its ESM loader does not register inside a worker thread on Node 20, its require hook does.
    let api: { require: (id: string, parent: string) => unknown };
    try {
      api = createRequire(base)('tsx/cjs/api');
    } catch {
      continue;
    }
    return api.require(full, pathToFileURL(full).href);
  }
  if ((process.features as { typescript?: unknown }).typescript) return import(pathToFileURL(full).href);
  throw new UsageError(
    `module ${path} is TypeScript, and neither tsx nor Node's own type stripping is here to load it: ` +
      'install tsx in your project (npm install --save-dev tsx), or use Node.js 23.6 or later.',
  );
}

/** Imports a user's module (ESM or CommonJS) and finds its exports among its named ones, or on its default. */
export async function loadModule(path: string): Promise<{ source: Record<string, unknown>; rules: Rule[] }> {
  await assertReadable(path);
  const full = resolve(path);
  let mod: Record<string, unknown>;
  try {
    mod = (await (TYPESCRIPT.test(full) ? importTypeScript(path, full) : import(pathToFileURL(full).href))) as Record<
      string,
      unknown
    >;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`module ${path} cannot be loaded: ${e instanceof Error ? e.message : String(e)}`, {
      cause: e,
    });
  }
  const fromDefault = mod.default as Record<string, unknown> | undefined;
  const named = EXPORTS.some((k) => k !== 'parameters' && k in mod) && 'parameters' in mod;
  const source = named ? mod : typeof fromDefault === 'object' && fromDefault !== null ? fromDefault : mod;
  return { source, rules: rulesOf(path, source) };
}

/**
 * The module with each call of its functions counted twice in `ticks` (before and after), for the parent's per-call
 * timeout: a count that stops moving is a call that never returned.
 */
export function ticking(source: Record<string, unknown>, ticks: Int32Array): Record<string, unknown> {
  const tick =
    (f: (...args: unknown[]) => unknown) =>
    (...args: unknown[]): unknown => {
      Atomics.add(ticks, 0, 1);
      const r = f(...args);
      Atomics.add(ticks, 0, 1);
      return r;
    };
  // Functions are counted; anything else is left as it is, for the checks to refuse by name.
  return Object.fromEntries(
    Object.entries(source).map(([k, v]) => [
      k,
      typeof v === 'function' && k !== 'parameters' ? tick((v as (...args: unknown[]) => unknown).bind(source)) : v,
    ]),
  );
}
