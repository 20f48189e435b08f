// checkGradient run here, synchronously: each loss value is asked of the main thread, which awaits the async loss.
import { parentPort, workerData } from 'node:worker_threads';
import { type CheckGradientOptions, checkGradient } from '../checks/function.js';
import { ContractError, flatten, leafAt, type Nested, type Parameters } from '../checks/parameters.js';

const { initial, gradient, options, shared } = workerData as {
  initial: Parameters;
  gradient: Record<string, Nested>;
  options: CheckGradientOptions;
  shared: SharedArrayBuffer;
};
const state = new Int32Array(shared, 0, 1);
const value = new Float64Array(shared, 8, 1);
const flat = flatten(initial);
const sent = flat.map((p) => Float64Array.from(p.values));

/** The loss at `live`, from the main thread: the changed leaves go over, the value comes back. */
function loss(live: Parameters): number {
  const changes: [number, number, number][] = [];
  flat.forEach((p, q) => {
    for (let k = 0; k < p.paths.length; k++) {
      const v = leafAt(live, p.name, p.paths[k]);
      if (!Object.is(v, sent[q][k])) {
        changes.push([q, k, v]);
        sent[q][k] = v;
      }
    }
  });
  Atomics.store(state, 0, 0);
  parentPort?.postMessage({ kind: 'loss', changes });
  Atomics.wait(state, 0, 0);
  if (Atomics.load(state, 0) === 2) throw new ContractError('loss failed');
  return value[0];
}

try {
  const report = checkGradient({ parameters: initial, loss, gradient: () => gradient }, options);
  parentPort?.postMessage({ kind: 'done', report });
} catch (e) {
  parentPort?.postMessage({ kind: 'error', message: (e as Error).message, contract: e instanceof ContractError });
}
