// Runs a user's module in a worker thread, so that one which never returns can be stopped (--timeout).
import { parentPort, workerData } from 'node:worker_threads';
import { type CheckGradientOptions, checkGradient } from '../checks/function.js';
import { ContractError } from '../checks/parameters.js';
import { GradcheckError } from './errors.js';
import { loadModule, type WorkerReply } from './module-load.js';

const { path, options } = workerData as { path: string; options: CheckGradientOptions };
let reply: WorkerReply;
try {
  reply = { ok: true, report: checkGradient(await loadModule(path), options) };
} catch (e) {
  const error = e instanceof Error ? e : new Error(String(e));
  const cause = error.cause instanceof Error ? error.cause : undefined;
  reply = {
    ok: false,
    kind: e instanceof ContractError ? 'contract' : e instanceof GradcheckError ? 'usage' : 'internal',
    message: error.message,
    stack: cause?.stack ?? error.stack,
  };
}
parentPort?.postMessage(reply);
