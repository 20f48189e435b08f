// Worker of parallel-lines.ts: posts blocks first, first + threads, …, never more than AHEAD ahead of the writer.
import { parentPort, workerData } from 'node:worker_threads';
import { EntryTable } from '../pipeline/table.js';
import { AHEAD, blockCount, blockText, type LinesTask, lineMaker } from './lines.js';

const { table, format, threads, first, written } = workerData as LinesTask;
const t = EntryTable.fromShared(table);
const line = lineMaker(t, format);
for (let b = first; b < blockCount(t); b += threads) {
  for (let seen = Atomics.load(written, 0); b - seen > AHEAD; seen = Atomics.load(written, 0))
    Atomics.wait(written, 0, seen, 1000);
  parentPort?.postMessage({ b, text: blockText(t, line, b) });
}
