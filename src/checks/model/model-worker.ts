// A parallel model check's worker (parallel.ts): builds the caller's parameters from its task, takes chunks of entries.
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { oneLayerParameters } from './one-layer.js';
import { type PoolTask, serveJobs } from './parallel.js';

const { task, signal } = workerData as { task: PoolTask; signal: Int32Array };
serveJobs(
  oneLayerParameters(task.opts, task.problem, task.Z, task.everyEntry, task.calls),
  parentPort as MessagePort,
  signal,
);
