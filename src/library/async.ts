import type { CheckGradientOptions, FunctionReport } from '../checks/function.js';
import { workerBeside } from '../checks/model/parallel.js';
import type { ParameterSet } from '../checks/parameters.js';
import { ContractError, copyParameters, flatten, type Nested, type Parameters, setLeaf } from '../checks/parameters.js';
import { createStream } from '../problem/random.js';
import { explainReport } from '../render/diagnosis.js';
import { gradientOptions } from './options.js';
import { LIBRARY_WORDS } from './words.js';

/** A problem whose parameters, loss and gradient may each be async (return a Promise). */
export interface AsyncGradientProblem<P extends ParameterSet<P> = Parameters> {
  parameters: P | ((random: () => number) => P | Promise<P>);
  loss(params: P): number | Promise<number>;
  gradient(params: P): { [K in keyof P]: Nested } | Promise<{ [K in keyof P]: Nested }>;
}

/**
 * checkGradient for async losses and gradients: the check runs in a worker that asks this thread for each loss value,
 * so the user's loss runs here, with its closures, and is awaited. Same report as checkGradient.
 */
export async function checkGradientAsync<P extends ParameterSet<P>>(
  problem: AsyncGradientProblem<P>,
  options: CheckGradientOptions = {},
): Promise<FunctionReport> {
  const o = gradientOptions(options, 'checkGradientAsync');
  if (typeof problem?.loss !== 'function' || typeof problem.gradient !== 'function')
    throw new ContractError('expected an object with parameters, loss and gradient');
  const stream = createStream(o.rng ?? 'arc4', String(o.seed ?? '42'));
  const initial = (
    typeof problem.parameters === 'function' ? await problem.parameters(() => stream.uniform()) : problem.parameters
  ) as P;
  const flat = flatten(initial);
  const live = copyParameters(initial);
  const gradient = await problem.gradient(copyParameters(initial));
  const shared = new SharedArrayBuffer(16);
  const state = new Int32Array(shared, 0, 1);
  const value = new Float64Array(shared, 8, 1);
  const { onProgress: _, ...sendable } = o;
  // dist/library/async-worker.js, or beside the CommonJS bundle dist/async-worker.cjs.
  const worker = workerBeside(import.meta.url, 'async-worker', { initial, gradient, options: sendable, shared });
  let failure: unknown;
  const report = await new Promise<FunctionReport>((resolve, reject) => {
    worker.on(
      'message',
      async (m: {
        kind: string;
        changes?: [number, number, number][];
        report?: FunctionReport;
        message?: string;
        contract?: boolean;
      }) => {
        if (m.kind === 'loss') {
          for (const [q, k, v] of m.changes ?? []) setLeaf(live, flat[q].name, flat[q].paths[k], v);
          try {
            value[0] = await problem.loss(live);
            Atomics.store(state, 0, 1);
          } catch (e) {
            failure = e;
            Atomics.store(state, 0, 2);
          }
          Atomics.notify(state, 0);
        } else if (m.kind === 'done') resolve(m.report as FunctionReport);
        else {
          const message = failure
            ? `loss threw: ${failure instanceof Error ? failure.message : String(failure)}`
            : (m.message ?? 'failed');
          reject(m.contract || failure ? new ContractError(message, { cause: failure }) : new Error(message));
        }
      },
    );
    worker.once('error', reject);
  });
  await worker.terminate();
  return explainReport({ ...report, inputs: { parameters: initial } }, LIBRARY_WORDS);
}
