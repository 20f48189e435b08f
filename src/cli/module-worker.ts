// Runs a user's module in a worker thread, so that one which never returns can be stopped (--timeout).
import { parentPort, workerData } from 'node:worker_threads';
import type { CheckGradientOptions } from '../checks/function.js';
import { ContractError } from '../checks/parameters.js';
import { checkRules } from '../checks/rules.js';
import { GradcheckError } from './errors.js';
import { loadModule, type WorkerReply } from './module-load.js';

const { path, options, calls } = workerData as { path: string; options: CheckGradientOptions; calls: Int32Array };

/** The module with each call of its functions counted, for the parent's per-call timeout. */
function counted(source: Record<string, unknown>): Record<string, unknown> {
  const tick =
    (f: (...args: unknown[]) => unknown) =>
    (...args: unknown[]): unknown => {
      Atomics.add(calls, 0, 1);
      const r = f(...args);
      Atomics.add(calls, 0, 1);
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

let reply: WorkerReply;
try {
  const onProgress = (done: number, total: number) => parentPort?.postMessage({ progress: [done, total] });
  const { source, rules } = await loadModule(path);
  reply = { ok: true, reports: checkRules(counted(source), rules, { ...options, onProgress }) };
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
