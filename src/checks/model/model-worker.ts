// A worker thread of a parallel model check (parallel.ts): builds the parameters the calling
// thread checks, from the same options, problem and Z, and takes chunks of their entries.
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { oneLayerParameters } from './one-layer.js';
import { type PoolTask, serveJobs } from './parallel.js';

const { task, signal } = workerData as { task: PoolTask; signal: Int32Array };
serveJobs(oneLayerParameters(task.opts, task.problem, task.Z, task.everyEntry), parentPort as MessagePort, signal);
