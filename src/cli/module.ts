import { totalmem } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { CheckGradientOptions, FunctionReport } from '../checks/function.js';
import { workerThreads } from '../checks/model/parallel.js';
import type { Progress } from '../numeric/gradient.js';
import { UsageError } from './errors.js';
import type { ModuleTask, TaskOptions, WorkerReply } from './module-load.js';

/** An error carrying a stack from the worker, for --debug. */
function withStack(message: string, stack: string | undefined): UsageError {
  const cause = new Error(message);
  cause.stack = stack;
  return new UsageError(message, { cause });
}

/** The heap a module's worker may use: half the machine, at most 4 GiB; beyond it the module is stopped. */
export const MODULE_HEAP_MB = Math.min(4096, Math.floor(totalmem() / 2 ** 21));

/** How the worker ended when it sent no report. */
type Ending = WorkerReply | { stalled: true } | { exited: number } | { failed: Error };

/**
 * Runs the worker until it replies, ends, fails or stalls: the worker bumps `calls` at each call of the module's
 * functions, and a call not returned within `timeout` seconds (0: never) is a stall.
 */
function runWorker(worker: Worker, calls: Int32Array, timeout: number, onProgress?: Progress): Promise<Ending> {
  return new Promise((resolve) => {
    let seen = Atomics.load(calls, 0);
    let since = Date.now();
    const watch =
      timeout > 0
        ? setInterval(
            () => {
              const now = Atomics.load(calls, 0);
              if (now !== seen) [seen, since] = [now, Date.now()];
              else if (Date.now() - since >= timeout * 1000) finish({ stalled: true });
            },
            Math.min(1000, timeout * 250),
          )
        : undefined;
    const finish = (e: Ending) => {
      clearInterval(watch);
      resolve(e);
    };
    worker.on('message', (m: WorkerReply | { progress: [number, number] }) => {
      if ('progress' in m) onProgress?.(...m.progress);
      else finish(m);
    });
    worker.once('error', (e) => finish({ failed: e }));
    worker.once('exit', (code) => finish({ exited: code }));
  });
}

/**
 * checkGradient on a user's module in a worker thread, which the module cannot break out of: its stdout goes to our
 * stderr (machine output stays valid); a call outliving `timeout` seconds, an exit, an uncaught error or running out
 * of memory each end the check as a usage error naming the module.
 */
export function checkInWorker(
  path: string,
  options: CheckGradientOptions & { jobs?: number | 'auto' },
  timeout: number,
  onProgress?: Progress,
): Promise<FunctionReport[]> {
  return runInWorker(path, 'check', options, timeout, onProgress) as Promise<FunctionReport[]>;
}

/** A task on a user's module (a check, a Taylor test, a sweep) in a worker, as checkInWorker describes. */
export async function runInWorker(
  path: string,
  task: ModuleTask,
  options: CheckGradientOptions | TaskOptions,
  timeout: number,
  onProgress?: Progress,
): Promise<unknown> {
  const calls = new Int32Array(new SharedArrayBuffer(4));
  const worker = new (workerThreads().Worker)(new URL('./module-worker.js', import.meta.url), {
    workerData: { path, task, options, calls },
    stdout: true,
    resourceLimits: { maxOldGenerationSizeMb: MODULE_HEAP_MB },
  });
  worker.stdout.pipe(process.stderr, { end: false });
  const drained = new Promise((resolve) => worker.stdout.once('end', resolve));
  const ending = await runWorker(worker, calls, timeout, onProgress);
  // A worker that replied ends by itself: wait (briefly) for what it wrote last, then stop it.
  if ('ok' in ending) await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
  await worker.terminate();
  if ('stalled' in ending) {
    throw new UsageError(
      `module ${path}: a call of one of its functions did not return within ${timeout} s: ` +
        `it never returns? (--timeout ${timeout}, per call; 0 waits for ever).`,
    );
  }
  if ('exited' in ending) {
    throw new UsageError(
      `module ${path} ended the check itself: ` +
        `it called exit with code ${ending.exited}; a module must return, not exit.`,
    );
  }
  if ('failed' in ending) {
    const e = ending.failed as Error & { code?: string };
    if (e.code === 'ERR_WORKER_OUT_OF_MEMORY')
      throw withStack(`module ${path} ran out of memory (its limit is ${MODULE_HEAP_MB} MB of heap).`, e.stack);
    throw withStack(`module ${path} threw outside its loss and gradient: ${e.message}`, e.stack);
  }
  if (ending.ok) return ending.result;
  if (ending.kind === 'contract') throw withStack(`module ${path}: ${ending.message}.`, ending.stack);
  if (ending.kind === 'usage') throw withStack(ending.message, ending.stack);
  const internal = new Error(ending.message);
  internal.stack = ending.stack;
  throw internal;
}
