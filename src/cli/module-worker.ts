// Runs a user's module in a worker thread, so that one which never returns can be stopped (--timeout).
import { parentPort, workerData } from 'node:worker_threads';
import { type CheckGradientOptions, checkGradient, type GradientProblem } from '../checks/function.js';
import { ContractError } from '../checks/parameters.js';
import { GradcheckError } from './errors.js';
import { loadModule, type WorkerReply } from './module-load.js';

const { path, options, calls } = workerData as { path: string; options: CheckGradientOptions; calls: Int32Array };

/** The module with each call of its loss and gradient counted, for the parent's per-call timeout. */
function counted(problem: GradientProblem): GradientProblem {
  const tick =
    <A extends unknown[], R>(f: (...args: A) => R) =>
    (...args: A): R => {
      Atomics.add(calls, 0, 1);
      const r = f(...args);
      Atomics.add(calls, 0, 1);
      return r;
    };
  // Not functions: left as they are, for checkGradient to refuse by name.
  if (typeof problem.loss !== 'function' || typeof problem.gradient !== 'function') return problem;
  return { parameters: problem.parameters, loss: tick(problem.loss.bind(problem)), gradient: tick(problem.gradient.bind(problem)) };
}

let reply: WorkerReply;
try {
  const onProgress = (done: number, total: number) => parentPort?.postMessage({ progress: [done, total] });
  reply = { ok: true, report: checkGradient(counted(await loadModule(path)), { ...options, onProgress }) };
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
