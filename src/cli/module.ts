import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { GradientProblem } from '../function-check.js';
import { UsageError } from './errors.js';

const EXPORTS = ['parameters', 'loss', 'gradient'] as const;

/**
 * Imports a user's module (ESM .mjs/.js or CommonJS) and finds parameters, loss and
 * gradient among its exports, or on its default export.
 */
export async function loadModule(path: string): Promise<GradientProblem> {
  const full = resolve(path);
  try {
    await access(full);
  } catch {
    throw new UsageError(`option '--module <path>' argument '${path}' cannot be loaded: no such file.`);
  }
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
    throw new UsageError(`module ${path} lacks ${missing.map((k) => `'${k}'`).join(', ')}: export parameters, loss and gradient, or a default object holding them.`);
  }
  return source as unknown as GradientProblem;
}
