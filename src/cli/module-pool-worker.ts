// A thread of a module check's pool (checks/model/parallel.ts): loads the module, builds the parameters the calling
// thread checks from its task, and takes chunks of their entries. Its calls tick the same count as the module
// worker's (the per-call timeout) and count in the same lossCalls.
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { type GradientTask, gradientParameters } from '../checks/entry-probes.js';
import { countedLoss, type GradientProblem, lossValue } from '../checks/function.js';
import { serveJobs } from '../checks/model/parallel.js';
import { loadModule, ticking } from './module-load.js';

const { task, signal } = workerData as {
  task: { path: string; task: GradientTask; lossCalls: Int32Array; ticks: Int32Array };
  signal: Int32Array;
};
const { source } = await loadModule(task.path);
const problem = countedLoss(ticking(source, task.ticks) as unknown as GradientProblem, task.lossCalls);
serveJobs(
  gradientParameters((params) => lossValue(problem, params), task.task),
  parentPort as MessagePort,
  signal,
);
