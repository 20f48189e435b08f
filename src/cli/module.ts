import { Worker } from 'node:worker_threads';
import type { CheckGradientOptions, FunctionReport } from '../checks/function.js';
import { UsageError } from './errors.js';
import type { WorkerReply } from './module-load.js';

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
    throw new UsageError(
      `module ${path} did not finish within ${timeout} s: its loss or gradient never returns? (--timeout ${timeout}; 0 waits for ever).`,
    );
  }
  if (reply.ok) return reply.report;
  if (reply.kind === 'contract') throw withStack(`module ${path}: ${reply.message}.`, reply.stack);
  if (reply.kind === 'usage') throw withStack(reply.message, reply.stack);
  const internal = new Error(reply.message);
  internal.stack = reply.stack;
  throw internal;
}
