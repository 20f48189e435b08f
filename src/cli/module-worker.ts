// Runs a user's module in a worker thread, so that one which never returns can be stopped (--timeout).
import { availableParallelism } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { CheckGradientOptions, GradientHooks } from '../checks/function.js';
import { SPLIT_ABOVE_SECONDS } from '../checks/model/cost.js';
import { startPool } from '../checks/model/parallel.js';
import { moduleSweep } from '../checks/module-sweep.js';
import { moduleTaylor } from '../checks/module-taylor.js';
import { ContractError } from '../checks/parameters.js';
import { checkRules } from '../checks/rules.js';
import { OptionError } from '../library/options.js';
import type { Rule } from '../rules/options.js';
import { checkTf, holdsTensors, type TfParameters } from '../tfjs.js';
import { GradcheckError, UsageError } from './errors.js';
import { MODULE_HEAP_MB } from './module.js';
import {
  loadModule,
  type ModuleTask,
  type SweepTaskOptions,
  type TaskOptions,
  type TaylorTaskOptions,
  ticking,
  type WorkerReply,
} from './module-load.js';

const {
  path,
  task,
  options: { jobs, ...options },
  calls,
} = workerData as {
  path: string;
  task: ModuleTask;
  options: CheckGradientOptions & TaskOptions;
  calls: Int32Array;
};

/** Runs the task on the module: the checks of its rules, a Taylor test of one, or a sweep of its loss. */
function runTask(
  task: ModuleTask,
  source: Record<string, unknown>,
  rules: Rule[],
  options: CheckGradientOptions & TaskOptions,
): unknown {
  if (task === 'check')
    return rules.map((rule) =>
      // A loss of tensors: its gradient is TF.js's own (tf.grads), checked through TF.js in float32.
      rule === 'gradient' && holdsTensors(source.parameters)
        ? checkTf(source.loss as Parameters<typeof checkTf>[0], source.parameters as TfParameters, options)
        : checkRules(source, [rule], options, { pool: poolOf(jobs ?? 'auto') })[0],
    );
  const needed = task === 'sweep' ? 'gradient' : (options.rule ?? rules[0]);
  if (!rules.includes(needed)) {
    const has = `has the rule${rules.length === 1 ? '' : 's'} ${rules.join(', ')}`;
    throw new UsageError(
      task === 'sweep'
        ? `module ${path} ${has}, no loss with a gradient: gradcheck sweep sweeps the differences of a loss.`
        : `module ${path} ${has}, not ${needed} (--rule ${needed}).`,
    );
  }
  if (task === 'taylor') return moduleTaylor(source, { ...(options as TaylorTaskOptions), rule: needed, module: path });
  return moduleSweep(source, { ...(options as SweepTaskOptions), module: path });
}

/** Threads that split a gradient's entries: `jobs`, or for auto the cores when one thread would take over 0.2 s. */
function poolOf(jobs: number | 'auto'): GradientHooks['pool'] {
  return (task, lossCalls, seconds) => {
    const threads = jobs === 'auto' ? (seconds > SPLIT_ABOVE_SECONDS ? availableParallelism() : 1) : jobs;
    if (threads < 2) return undefined;
    const script = {
      base: import.meta.url,
      name: 'module-pool-worker',
      limits: { maxOldGenerationSizeMb: MODULE_HEAP_MB },
    };
    return startPool(script, { path, task, lossCalls, ticks: calls }, threads - 1);
  };
}

let reply: WorkerReply;
try {
  const onProgress = (done: number, total: number) => parentPort?.postMessage({ progress: [done, total] });
  const { source, rules } = await loadModule(path);
  reply = { ok: true, result: runTask(task, ticking(source, calls), rules, { ...options, onProgress }) };
} catch (e) {
  const error = e instanceof Error ? e : new Error(String(e));
  const cause = error.cause instanceof Error ? error.cause : undefined;
  // The library's refusals of a TF.js module's options are the user's to fix, as a flag's are.
  const refused = e instanceof OptionError;
  reply = {
    ok: false,
    kind: e instanceof ContractError ? 'contract' : e instanceof GradcheckError || refused ? 'usage' : 'internal',
    message: error.message,
    stack: cause?.stack ?? error.stack,
  };
}
parentPort?.postMessage(reply);
