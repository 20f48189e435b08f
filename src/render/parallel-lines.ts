import type { Worker } from 'node:worker_threads';
import { OWN_WORKER, workerBeside } from '../checks/model/parallel.js';
import { blockCount, blocksHere, blockText, type LineBlocks, type LinesTask, lineMaker } from './lines.js';

/** Smaller tables are written by one thread: starting a worker would cost more than it saves. */
const PARALLEL_FROM_ROWS = 100_000;

/**
 * A large table's lines by `threads` threads (formatting dominates; lines are independent): block b by thread b mod
 * threads (0: this one, when asked; others: workers, as promises, in order). The text is the one-thread text: a failed
 * worker's blocks are made here.
 */
export function inParallel(threads: number): LineBlocks<string | Promise<string>> {
  return function* (t, format) {
    const table = threads > 1 && t.length >= PARALLEL_FROM_ROWS ? t.shareable : undefined;
    if (!table) {
      yield* blocksHere(t, format);
      return;
    }
    const written = new Int32Array(new SharedArrayBuffer(4));
    const arrived = new Map<number, string>();
    const waiting = new Map<number, (text: string | undefined) => void>();
    const failed = new Set<number>();
    const workers: Worker[] = [];
    for (let first = 1; first < threads; first++) {
      const task: LinesTask = { table, format, threads, first, written };
      const worker = workerBeside(import.meta.url, 'lines-worker', task, OWN_WORKER);
      worker.on('message', ({ b, text }: { b: number; text: string }) => {
        const take = waiting.get(b);
        waiting.delete(b);
        if (take) take(text);
        else arrived.set(b, text);
      });
      worker.on('error', () => {
        failed.add(first);
        for (const [b, take] of [...waiting]) {
          if (b % threads !== first) continue;
          waiting.delete(b);
          take(undefined);
        }
      });
      workers.push(worker);
    }
    const line = lineMaker(t, format);
    const here = (b: number) => blockText(t, line, b);
    const fromWorker = (b: number): Promise<string> => {
      const text = arrived.get(b);
      arrived.delete(b);
      if (text !== undefined) return Promise.resolve(text);
      return new Promise((resolve) => waiting.set(b, (text) => resolve(text ?? here(b))));
    };
    try {
      for (let b = 0; b < blockCount(t); b++) {
        const owner = b % threads;
        yield owner === 0 || failed.has(owner) ? here(b) : fromWorker(b);
        Atomics.store(written, 0, b + 1);
        Atomics.notify(written, 0);
      }
    } finally {
      for (const worker of workers) void worker.terminate();
    }
  };
}
