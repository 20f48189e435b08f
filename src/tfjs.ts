/**
 * gradcheck for TensorFlow.js ('gradcheck/tfjs'): tf.grads, so a tf.customGrad's or a custom kernel's gradient,
 * against finite differences of the loss through TF.js itself, in float32:
 *   checkTf(({ W }) => tf.sum(mySoftplus(tf.matMul(X, W))), { W: tf.randomNormal([3, 2]) });
 * TensorFlow.js is an optional peer dependency, loaded only here, from the user's install.
 */
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CheckGradientOptions,
  type FunctionReport,
  functionConfig,
  functionSettings,
  resolveOptions,
} from './checks/function.js';
import type { Nested } from './checks/parameters.js';
import { reportHead } from './checks/report.js';
import { gradientOptions, OptionError } from './library/options.js';
import { LIBRARY_WORDS } from './library/words.js';
import { ELEMENTWISE_BUGS } from './model/bugs.js';
import { asAsked, type LossProbe, lossCounter } from './numeric/probe.js';
import { checkParameters } from './pipeline/check.js';
import { createStream } from './problem/random.js';
import { explainReport } from './render/diagnosis.js';

/** The parts of TensorFlow.js a check uses (tfjs-core's API). */
interface Tensor {
  shape: number[];
  dtype: string;
  dataSync(): ArrayLike<number>;
  arraySync(): unknown;
  dispose(): void;
}
interface Tf {
  grads(f: (...xs: Tensor[]) => Tensor): (xs: Tensor[]) => Tensor[];
  tensor(values: ArrayLike<number>, shape: number[], dtype?: string): Tensor;
  tidy<T>(f: () => T): T;
}

export type TfParameters = Record<string, Tensor>;

/** The oldest tfjs-core a check works with (package.json's peerDependencies). */
const OLDEST_MAJOR = 4;

/**
 * TF.js as the user's project has it: resolved from the module's folder, then the working directory, then gradcheck's
 * own install. Its tensors must come from the engine that differentiates them, so the user's copy comes first.
 */
function loadTf(module?: string): Tf {
  const bases = [...(module ? [resolve(module)] : []), join(process.cwd(), 'package.json'), import.meta.url];
  for (const base of bases)
    for (const name of ['@tensorflow/tfjs', '@tensorflow/tfjs-core']) {
      let tf: Tf & { version_core?: string };
      try {
        tf = createRequire(base)(name);
      } catch {
        continue;
      }
      const version = tf.version_core ?? '';
      if (Number.parseInt(version, 10) < OLDEST_MAJOR)
        throw new OptionError(
          `checkTf: ${name} ${version} found (from ${fileURLOrPath(base)}): gradcheck needs tfjs-core ` +
            `${OLDEST_MAJOR}.x or later`,
        );
      return tf;
    }
  throw new OptionError(
    'checkTf: TensorFlow.js cannot be loaded from the module, the working directory or gradcheck: ' +
      'install @tensorflow/tfjs (or @tensorflow/tfjs-core with a backend and its gradients)',
  );
}

const fileURLOrPath = (base: string) => (base.startsWith('file:') ? fileURLToPath(base) : base);

const isTensor = (v: unknown): v is Tensor =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as Tensor).dataSync === 'function' &&
  Array.isArray((v as Tensor).shape);

/** Whether a module's parameters are tensors, so checked through TF.js. */
export const holdsTensors = (parameters: unknown) =>
  typeof parameters === 'object' &&
  parameters !== null &&
  Object.values(parameters).length > 0 &&
  Object.values(parameters).every(isTensor);

/** tf.grads of the loss with respect to `names`, as doubles. */
function gradsOf(tf: Tf, loss: (p: TfParameters) => Tensor, names: string[], params: TfParameters): Float64Array[] {
  return tf.tidy(() => {
    const grads = tf.grads((...xs: Tensor[]) =>
      scalarOf(loss({ ...params, ...Object.fromEntries(names.map((n, i) => [n, xs[i]])) })),
    );
    return grads(names.map((n) => params[n])).map((g) => Float64Array.from(g.dataSync()));
  });
}

const UNUSED = /Cannot compute gradient of y=f\(x\) with respect to x/;

/**
 * tf.grads of the loss, as doubles. A parameter the loss does not use has a zero gradient (TF.js refuses to take it:
 * each parameter is then taken alone); a missing op gradient becomes a one-line error naming what to register.
 */
function gradientsOf(tf: Tf, loss: (p: TfParameters) => Tensor, names: string[], params: TfParameters): Float64Array[] {
  try {
    try {
      return gradsOf(tf, loss, names, params);
    } catch (e) {
      if (!UNUSED.test((e as Error).message)) throw e;
      return names.map((n) => {
        try {
          return gradsOf(tf, loss, [n], params)[0];
        } catch (alone) {
          if (!UNUSED.test((alone as Error).message)) throw alone;
          return new Float64Array(params[n].dataSync().length);
        }
      });
    }
  } catch (e) {
    const message = (e as Error).message;
    if (/gradient function not found/i.test(message))
      throw new OptionError(
        `checkTf: ${message.split('\n')[0]}: import '@tensorflow/tfjs' (or register tfjs-core's gradients) ` +
          `so that tf.grads can differentiate the loss`,
      );
    throw e;
  }
}

function scalarOf(t: unknown): Tensor {
  if (!isTensor(t) || t.shape.length !== 0)
    throw new OptionError(
      `checkTf: loss returned ${isTensor(t) ? `a tensor of shape [${t.shape}]` : typeof t}: expected a scalar tensor`,
    );
  return t;
}

/** Differences of the loss along one entry, through TF.js in float32, by the step as float32 stored it. */
function tfProbe(tf: Tf, loss: (p: TfParameters) => Tensor, params: TfParameters, name: string): LossProbe {
  const base = Float32Array.from(params[name].dataSync());
  const shape = params[name].shape;
  const lossAt = (k: number, v: number) => {
    const moved = Float32Array.from(base);
    moved[k] = v;
    const value = tf.tidy(
      () => scalarOf(loss({ ...params, [name]: tf.tensor(moved, shape, 'float32') })).dataSync()[0],
    );
    return { value, at: moved[k] };
  };
  return {
    difference(k, a, b) {
      const [A, B] = [lossAt(k, base[k] + a), lossAt(k, base[k] + b)];
      return asAsked(A.value - B.value, a, b, A.at - B.at);
    },
    imaginary() {
      throw new OptionError('checkTf: complex-step needs the loss in complex arithmetic');
    },
  };
}

/**
 * Checks TF.js's gradient of `loss` (a scalar tensor of float32 `parameters`) against differences of the loss, under
 * float32's step and roundoff rules: within roundoff is inconclusive, never a false FAIL. checkGradient's report.
 */
export function checkTf<T extends Tensor>(
  loss: (parameters: Record<string, T>) => T,
  parameters: Record<string, T>,
  options: CheckGradientOptions = {},
): FunctionReport {
  return checkTensors(loss as unknown as (p: TfParameters) => Tensor, parameters, options);
}

function checkTensors(
  loss: (parameters: TfParameters) => Tensor,
  parameters: TfParameters,
  options: CheckGradientOptions,
): FunctionReport {
  const o = resolveOptions(gradientOptions(options, 'checkTf'));
  if (typeof loss !== 'function')
    throw new OptionError('checkTf: loss is not a function: expected (parameters) => a scalar tensor');
  if (!holdsTensors(parameters))
    throw new OptionError('checkTf: parameters is not an object of tensors: expected { name: tf.Tensor, … }');
  const tf = loadTf(options.module ?? undefined);
  const names = Object.keys(parameters);
  const bug = o.bug ? ELEMENTWISE_BUGS[o.bug] : (x: number) => x;
  const analytic = gradientsOf(tf, loss, names, parameters).map((g) => g.map(bug));
  // The loss's forward calls are counted (tf.grads' own is the gradient's): the report's lossCalls.
  const calls = lossCounter();
  const forward = (p: TfParameters) => {
    calls[0]++;
    return loss(p);
  };
  const l0 = tf.tidy(() => scalarOf(forward(parameters)).dataSync()[0]);
  const params = names.map((name, q) => ({
    name,
    values: Float64Array.from(parameters[name].dataSync()),
    shape: parameters[name].shape,
    analytic: analytic[q],
    probe: tfProbe(tf, forward, parameters, name),
    // tf.grads works in float32: its values carry float32's rounding, a few ulps.
    known: { kinksUnknown: true, analyticRounding: (k: number) => 2 ** -21 * Math.abs(analytic[q][k]) },
  }));
  const terms = params.reduce((n, p) => n + p.values.length, 0);
  // Whole losses at the parameters' current values: fast mode's direction, and ties moved in pairs.
  const objective = {
    loss: () =>
      tf.tidy(
        () =>
          scalarOf(
            forward(Object.fromEntries(params.map((p) => [p.name, tf.tensor(Float32Array.from(p.values), p.shape)]))),
          ).dataSync()[0],
      ),
  };
  const settings = { ...functionSettings(o, l0, terms), dtype: 'float32' as const, calls };
  const { table, summary } = checkParameters(
    objective,
    params,
    settings,
    createStream(o.rng, o.seed),
    options.onProgress,
  );
  const parametersOut = Object.fromEntries(names.map((n) => [n, parameters[n].arraySync() as Nested]));
  return explainReport(
    {
      ...reportHead(),
      config: { ...functionConfig(o, 'gradient', options.module), dtype: 'float32' },
      inputs: { parameters: parametersOut },
      loss: { value: l0 },
      entries: table.entries(),
      summary,
    },
    LIBRARY_WORDS,
  );
}
