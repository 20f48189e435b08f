import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CheckGradientOptions, FunctionReport, GradientProblem } from '../function-check.js';
import type { WorkerReply } from './module-worker.js';
import { UsageError } from './errors.js';

const EXPORTS = ['parameters', 'loss', 'gradient'] as const;

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
    throw new UsageError(`module ${path} lacks ${missing.map((k) => `'${k}'`).join(', ')}: export parameters, loss and gradient, or a default object holding them.`);
  }
  return source as unknown as GradientProblem;
}

/** A missing module is refused before a worker is started for it. */
export async function assertReadable(path: string): Promise<void> {
  try {
    await access(resolve(path));
  } catch {
    throw new UsageError(`option '--module <path>' argument '${path}' cannot be loaded: no such file.`);
  }
}

/** An error carrying a stack from the worker, for --debug. */
function withStack(message: string, stack: string | undefined): UsageError {
  const cause = new Error(message);
  cause.stack = stack;
  return new UsageError(message, { cause });
}

/**
 * checkGradient on a user's module in a worker thread: a module that never returns is
 * stopped after `timeout` seconds (0: never) and reported as a usage error.
 */
export async function checkInWorker(path: string, options: CheckGradientOptions, timeout: number): Promise<FunctionReport> {
  const worker = new Worker(new URL('./module-worker.js', import.meta.url), { workerData: { path, options } });
  const reply = await new Promise<WorkerReply | 'timeout'>((resolve, reject) => {
    const timer = timeout > 0 ? setTimeout(() => resolve('timeout'), timeout * 1000) : undefined;
    worker.once('message', (m: WorkerReply) => {
      clearTimeout(timer);
      resolve(m);
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
  await worker.terminate();
  if (reply === 'timeout') {
    throw new UsageError(`module ${path} did not finish within ${timeout} s: its loss or gradient never returns? (--timeout ${timeout}; 0 waits for ever).`);
  }
  if (reply.ok) return reply.report;
  if (reply.kind === 'contract') throw withStack(`module ${path}: ${reply.message}.`, reply.stack);
  if (reply.kind === 'usage') throw withStack(reply.message, reply.stack);
  const internal = new Error(reply.message);
  internal.stack = reply.stack;
  throw internal;
}
