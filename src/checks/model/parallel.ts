import { createRequire } from 'node:module';
import type { MessagePort, ResourceLimits, Worker } from 'node:worker_threads';
import type { Matrix } from '../../model/matrix.js';
import type { Progress } from '../../numeric/gradient.js';
import { SCHEMES, type SchemeName } from '../../numeric/schemes.js';
import { emptyColumns, numericColumns, once } from '../../pipeline/measure.js';
import type { CheckedParameter, MeasureSettings, NumericColumns } from '../../pipeline/parameter.js';
import type { Problem } from '../../problem/generate.js';
import type { ModelCheckOptions } from './options.js';

/** What a worker builds the calling thread's parameters from: the options, the problem and its Z = XW. */
export interface PoolTask {
  opts: ModelCheckOptions;
  problem: Problem;
  Z: Matrix;
  /** Every entry is checked (no sample, no recheck of some): sums are made a page at a time. */
  everyEntry: boolean;
  /** Where the loss values every thread evaluates are counted (the report's lossCalls). */
  calls?: Int32Array;
}

/** One parameter's entries to split: shared memory for them, the columns they fill and the chunks' bookkeeping. */
interface Job extends NumericColumns {
  name: string;
  settings: Omit<MeasureSettings, 'scheme'> & { scheme: SchemeName };
  indices: Uint32Array;
  /** Entries a chunk. */
  chunk: number;
  /** [0]: the next chunk to take; [1]: entries done. */
  counters: Int32Array;
  /** 1 when a chunk's numbers are in the columns. */
  done: Int32Array;
}

/**
 * The worker a pool starts, beside `base` (an import.meta.url): it builds the caller's parameters from the task and
 * calls serveJobs. The model's (model-worker), or a user's module's (cli/module-pool-worker).
 */
export interface PoolScript {
  base: string;
  name: string;
  limits?: ResourceLimits;
}

/** A pool of worker threads that split parameters' numeric columns with the calling thread. */
export interface ColumnsPool {
  columns(p: CheckedParameter, indices: Uint32Array, s: MeasureSettings, onProgress?: Progress): NumericColumns;
  /** Hands the workers the entries `columns` will be asked for next, to take while this thread judges the last ones. */
  ahead(p: CheckedParameter, indices: Uint32Array, s: MeasureSettings): void;
  close(): void;
}

/** Entries a chunk: few, so threads finish together, yet enough that taking one costs nothing; or madeTogether. */
const CHUNK = 16;

/** How long the calling thread waits for a chunk a worker took before it computes the chunk itself. */
const PATIENCE_MS = 5000;

/** node:worker_threads, loaded when first needed: a check in one thread never pays for it at start. */
export const workerThreads = once(
  () => createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads'),
);

/** A worker running the file `name` beside `base` (an import.meta.url): name.cjs beside a CommonJS bundle, else .js. */
export function workerBeside(base: string, name: string, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  const file = new URL(`./${name}.${base.endsWith('.cjs') ? 'cjs' : 'js'}`, base);
  return new (workerThreads().Worker)(file, { workerData, execArgv: workerFlags(process.execArgv), resourceLimits });
}

/** Our workers run no user code: a small young generation (V8 grows it to 48 MB a thread) saves memory, no slower. */
export const OWN_WORKER: ResourceLimits = { maxYoungGenerationSizeMb: 4 };

/** Flags that load code (--import tsx): what a worker needs of the process's own flags. */
const LOADING = ['--import', '--require', '-r', '--loader', '--experimental-loader', '--conditions', '-C'];

/**
 * A worker's flags: undefined, so node passes on the process's own as far as a worker accepts them (given explicitly,
 * a V8 flag such as --max-old-space-size is refused); but with --input-type, refused for a file, only loading flags.
 */
export function workerFlags(flags: readonly string[]): string[] | undefined {
  if (!flags.some((flag) => flag.startsWith('--input-type'))) return undefined;
  const kept: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    if (LOADING.includes(flags[i]) && i + 1 < flags.length) kept.push(flags[i], flags[++i]);
    else if (LOADING.some((flag) => flags[i].startsWith(`${flag}=`))) kept.push(flags[i]);
  }
  return kept;
}

/** Takes chunks of the job until none is left, filling its columns with p's numbers. */
function takeChunks(p: CheckedParameter, s: MeasureSettings, job: Job, onChunk?: () => void): void {
  for (let c = Atomics.add(job.counters, 0, 1); c < job.done.length; c = Atomics.add(job.counters, 0, 1)) {
    computeChunk(p, s, job, c);
    onChunk?.();
  }
}

function computeChunk(p: CheckedParameter, s: MeasureSettings, job: Job, c: number): void {
  const start = c * job.chunk;
  const end = Math.min(start + job.chunk, job.indices.length);
  numericColumns(p, job.indices.subarray(start, end), s, undefined, job, start);
  if (Atomics.compareExchange(job.done, c, 0, 1) === 0) Atomics.add(job.counters, 1, end - start);
  Atomics.notify(job.done, c);
}

function newJob(name: string, indices: Uint32Array, s: MeasureSettings, chunk: number): Job {
  const entries = new Uint32Array(new SharedArrayBuffer(4 * indices.length));
  entries.set(indices);
  return {
    name,
    settings: { ...s, scheme: s.scheme.name as SchemeName },
    indices: entries,
    ...emptyColumns(indices.length, s, (n) => new Float64Array(new SharedArrayBuffer(8 * n))),
    counters: new Int32Array(new SharedArrayBuffer(8)),
    chunk,
    done: new Int32Array(new SharedArrayBuffer(4 * Math.ceil(indices.length / chunk))),
  };
}

/**
 * Starts `workers` threads that build the same parameters while this thread goes on; then all take chunks of entries
 * in turn. This thread waits only for chunks a worker took, and computes any not done in time (a failing worker is
 * ignored). Each entry's numbers depend on that entry alone, so the columns are those of one thread.
 */
export function startPool(script: PoolScript, task: unknown, workers: number): ColumnsPool {
  // [0]: jobs posted so far, −1 once the pool is closed.
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const threads = Array.from({ length: workers }, () => {
    const worker = workerBeside(script.base, script.name, { task, signal }, script.limits);
    worker.on('error', () => {});
    worker.unref();
    return worker;
  });
  const post = (p: CheckedParameter, indices: Uint32Array, s: MeasureSettings): Job => {
    const job = newJob(p.name, indices, s, p.executor?.madeTogether ?? CHUNK);
    for (const worker of threads) worker.postMessage(job);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
    return job;
  };
  let posted: { p: CheckedParameter; indices: Uint32Array; job: Job } | undefined;
  return {
    ahead(p, indices, s) {
      posted = { p, indices, job: post(p, indices, s) };
    },
    columns(p, indices, s, onProgress) {
      const job = posted?.p === p && posted.indices === indices ? posted.job : post(p, indices, s);
      posted = undefined;
      const report = () => onProgress?.(Atomics.load(job.counters, 1), indices.length);
      takeChunks(p, s, job, report);
      for (let c = 0; c < job.done.length; c++) {
        if (Atomics.wait(job.done, c, 0, PATIENCE_MS) === 'timed-out' && Atomics.load(job.done, c) === 0)
          computeChunk(p, s, job, c);
        report();
      }
      const { steps, values, roundoff, atHalf, analyticRounding, truncation } = job;
      return { steps, values, roundoff, atHalf, analyticRounding, truncation };
    },
    close() {
      Atomics.store(signal, 0, -1);
      Atomics.notify(signal, 0);
      for (const worker of threads) void worker.terminate();
    },
  };
}

/** A worker's side: every job posted, on the parameters it built, until the pool is closed. */
export function serveJobs(params: readonly CheckedParameter[], port: MessagePort, signal: Int32Array): void {
  for (let seen = 0; ; ) {
    Atomics.wait(signal, 0, seen);
    seen = Atomics.load(signal, 0);
    if (seen < 0) return;
    const { receiveMessageOnPort } = workerThreads();
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
      const job = m.message as Job;
      const p = params.find((q) => q.name === job.name);
      if (!p) continue;
      takeChunks(p, { ...job.settings, scheme: SCHEMES[job.settings.scheme] }, job);
      p.executor?.forget?.();
    }
  }
}
