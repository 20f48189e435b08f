import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FunctionReport, GradientProblem } from '../checks/function.js';
import { UsageError } from './errors.js';

const EXPORTS = ['parameters', 'loss', 'gradient'] as const;

/** What the module worker sends back: the report, or why there is none. */
export type WorkerReply =
  | { ok: true; report: FunctionReport }
  | { ok: false; kind: 'contract' | 'usage' | 'internal'; message: string; stack?: string };

/** A missing module is refused before a worker is started for it. */
export async function assertReadable(path: string): Promise<void> {
  let isFile: boolean;
  try {
    isFile = (await stat(resolve(path))).isFile();
  } catch {
    throw new UsageError(`option '--module <path>' argument '${path}' cannot be loaded: no such file.`);
  }
  if (!isFile) throw new UsageError(`option '--module <path>' argument '${path}' cannot be loaded: it is a directory, not a module file.`);
}

/**
 * Imports a user's module (ESM .mjs/.js or CommonJS) and finds parameters, loss and
 * gradient among its exports, or on its default export.
 */
export async function loadModule(path: string): Promise<GradientProblem> {
  await assertReadable(path);
  const full = resolve(path);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(full).href)) as Record<string, unknown>;
  } catch (e) {
    throw new UsageError(`module ${path} cannot be loaded: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const fromDefault = mod.default as Record<string, unknown> | undefined;
  const source = EXPORTS.every((k) => k in mod) ? mod : typeof fromDefault === 'object' && fromDefault !== null ? fromDefault : mod;
  const missing = EXPORTS.filter((k) => source[k] === undefined);
  if (missing.length > 0) {
    throw new UsageError(
      `module ${path} lacks ${missing.map((k) => `'${k}'`).join(', ')}: export parameters, loss and gradient, or a default object holding them.`,
    );
  }
  return source as unknown as GradientProblem;
}
