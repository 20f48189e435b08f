import { ELEMENTWISE_BUGS, type ElementwiseBug } from '../model/bugs.js';
import type { Progress } from '../numeric/gradient.js';
import { lossCounter, type Objective } from '../numeric/probe.js';
import type { SchemeName } from '../numeric/schemes.js';
import type { StepRule } from '../numeric/steps.js';
import { checkParameters } from '../pipeline/check.js';
import type { Entry } from '../pipeline/entry.js';
import type { CheckSettings, CheckSummary } from '../pipeline/summary.js';
import { createStream, type RandomStream, type RngName } from '../problem/random.js';
import { defaultOf, type NumericOptions, type Rule, type ToleranceRule } from '../rules/options.js';
import { type GradientTask, gradientParameters, unchanged } from './entry-probes.js';
import type { ColumnsPool } from './model/parallel.js';
import type { ParameterSet } from './parameters.js';
import {
  aType,
  ContractError,
  copyParameters,
  type FlatParameter,
  flatten,
  gradientValues,
  holdsFloat32,
  type Nested,
  type Parameters,
  writeBack,
} from './parameters.js';
import { checkedAs, reportHead, seedValue, type ToolStamp, withEntries } from './report.js';

/** A user's function to check; P is inferred from `parameters`, so `loss` and `gradient` see their real types. */
export interface GradientProblem<P extends ParameterSet<P> = Parameters> {
  /** Named numbers or nested arrays, or a function of gradcheck's seeded random() in [0, 1) returning them. */
  parameters: P | ((random: () => number) => P);
  loss(params: P): number;
  gradient(params: P): { [K in keyof P]: Nested };
}

/** The numeric options (defaults: DEFAULT_NUMERIC_OPTIONS), and what seeds and labels the check. */
export interface CheckGradientOptions extends Partial<Omit<NumericOptions, 'scheme'>> {
  /** Any scheme but complex-step, which needs the loss in complex arithmetic. */
  scheme?: Exclude<SchemeName, 'complex-step'>;
  /** Seeds random() for `parameters`, and the sample or direction. */
  seed?: string | number;
  rng?: RngName;
  /** Corrupt the gradient on purpose: only sign, half and double apply to a function. */
  bug?: ElementwiseBug | null;
  onProgress?: Progress;
  /** How the report names the source of the function (the CLI gives the module's path). */
  module?: string | null;
}

export interface FunctionReport {
  schemaVersion: 1;
  kind: 'check';
  tool: ToolStamp;
  config: {
    model: 'module';
    module: string | null;
    /** Which of the module's rules this report checks: its gradient, vjp, jvp or hvp. */
    rule: Rule;
    loss: 'module';
    seed: number | string;
    rng: RngName;
    /** float64 for JavaScript functions; float32 for a TensorFlow.js loss (checkTf). */
    dtype: 'float64' | 'float32';
    scheme: SchemeName;
    numeric: 'full';
    eps: StepRule;
    atol: number;
    rtol: number;
    tolerance: ToleranceRule;
    bug: string | null;
    sample: number | null;
    fast: boolean;
  };
  inputs: { parameters: Parameters };
  /** The loss at the parameters (gradient and hvp checks). */
  loss?: { value: number };
  /** The output's shape ([count] when it is not rectangular): vjp and jvp checks. */
  output?: { shape: number[] };
  entries: Entry[];
  summary: CheckSummary;
}

/** Calls a user's function, turning a throw or a non-number into a ContractError that says which. */
export function call<T>(what: string, f: () => T): T {
  let value: T;
  try {
    value = f();
  } catch (e) {
    throw new ContractError(`${what} threw: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  if (typeof (value as { then?: unknown } | null)?.then === 'function')
    throw new ContractError(
      `${what} returned a Promise: it must return its value synchronously (await what it needs before the check)`,
    );
  return value;
}

export function lossValue<P extends ParameterSet<P>>(problem: GradientProblem<P>, params: P): number {
  const l = call('loss', () => problem.loss(params));
  if (typeof l !== 'number')
    throw new ContractError(
      `loss returned ${l === null ? 'null' : l === undefined ? 'undefined' : aType(l)}, expected a number`,
    );
  return l;
}

/** The problem, counting in `calls` each call of its loss: the report's lossCalls. */
export function countedLoss<P extends ParameterSet<P>>(
  problem: GradientProblem<P>,
  calls: Int32Array,
): GradientProblem<P> {
  return {
    parameters: problem.parameters,
    loss: (params) => {
      Atomics.add(calls, 0, 1);
      return problem.loss(params);
    },
    gradient: (params) => problem.gradient(params),
  };
}

/** The options with their defaults filled in, as the report's config states them. */
export function resolveOptions(options: CheckGradientOptions) {
  const or = <K extends keyof CheckGradientOptions>(key: K) =>
    (options[key] ?? defaultOf('checkGradient', key)) as NonNullable<CheckGradientOptions[K]>;
  return {
    ...{ scheme: or('scheme'), eps: or('eps'), atol: or('atol'), rtol: or('rtol'), tolerance: or('tolerance') },
    ...{ seed: String(or('seed')), rng: or('rng'), sample: options.sample ?? null, fast: or('fast') },
    bug: options.bug ?? null,
  };
}

export type ResolvedOptions = ReturnType<typeof resolveOptions>;

/** What a check of a user's function may and may not do: whole passes in float64, no local probes, no complex step. */
export function functionSettings(o: ResolvedOptions, loss: number, lossTerms: number): CheckSettings {
  return {
    ...o,
    dtype: 'float64',
    wholePasses: true,
    loss,
    lossTerms,
    lossUlps: 2,
    localAvailable: false,
    complexAvailable: false,
    derivative: false,
    drawn: false,
  };
}

export function functionConfig(
  o: ResolvedOptions,
  rule: Rule,
  module: string | null | undefined,
): FunctionReport['config'] {
  return {
    model: 'module',
    module: module ?? null,
    rule,
    loss: 'module',
    seed: seedValue(o.seed),
    rng: o.rng,
    dtype: 'float64',
    scheme: o.scheme,
    numeric: 'full',
    ...checkedAs(o),
  };
}

/** The parameters a problem gives, drawn from the seeded stream when it gives a function of random(). */
export function drawParameters<P extends ParameterSet<P>>(
  parameters: P | ((random: () => number) => P),
  stream: RandomStream,
): P {
  return typeof parameters === 'function' ? call('parameters', () => parameters(() => stream.uniform())) : parameters;
}

/** How a check of a user's module splits its entries over threads (cli/module-pool-worker.ts); none in the library. */
export interface GradientHooks {
  /** A pool for the columns, given what every entry's two loss calls would take in one thread; or none. */
  pool?(task: GradientTask, calls: Int32Array, seconds: number): ColumnsPool | undefined;
}

/**
 * Checks a user's gradient against differences of whole evaluations of its loss (every leaf, a sample or a direction).
 * Returns the report of `gradcheck --module … --json` (NaN, ∞ as numbers); throws ContractError on a broken contract.
 */
export function checkGradient<P extends ParameterSet<P>>(
  problem: GradientProblem<P>,
  options: CheckGradientOptions = {},
  hooks: GradientHooks = {},
): FunctionReport {
  const o = resolveOptions(options);
  if (typeof problem !== 'object' || problem === null)
    throw new ContractError('expected an object with parameters, loss and gradient');
  for (const key of ['loss', 'gradient'] as const) {
    if (typeof problem[key] !== 'function')
      throw new ContractError(`${key} is ${problem[key] === undefined ? 'missing' : `not a function`}`);
  }
  if (problem.parameters === undefined) throw new ContractError('parameters is missing');
  if ((o.scheme as string) === 'complex-step')
    throw new ContractError("complex-step needs the loss in complex arithmetic; a user's loss takes plain numbers");
  const stream = createStream(o.rng, o.seed);
  const calls = lossCounter();
  problem = countedLoss(problem, calls);
  const initial = drawParameters(problem.parameters, stream);
  const flat: FlatParameter[] = flatten(initial);
  const started = performance.now();
  const first = copyParameters(initial);
  const l0 = lossValue(problem, first);
  const secondsPerLoss = (performance.now() - started) / 1000;
  unchanged('loss', first, flat);
  const handed = copyParameters(initial);
  const given = call('gradient', () => problem.gradient(handed));
  unchanged('gradient', handed, flat);
  const gradient = gradientValues(given, flat);
  if (o.bug) {
    const corrupt = ELEMENTWISE_BUGS[o.bug];
    for (const g of gradient)
      g.forEach((v, k) => {
        g[k] = corrupt(v);
      });
  }
  // A gradient handed back in a Float32Array is rounded to float32: its own error, up to half an ulp of float32.
  const rounded = flat.map((p) => holdsFloat32((given as Record<string, unknown>)[p.name]));
  const task: GradientTask<P> = { initial, l0, gradient, rounded };
  const pool = hooks.pool?.(task, calls, secondsPerLoss * 2 * flat.reduce((n, p) => n + p.values.length, 0));
  // Whole passes (a direction moves every entry) on a copy of their own: `live`, which entry probes move one leaf
  // at a time, is never left holding a direction's values.
  const whole: P = copyParameters(initial);
  const objective: Objective = {
    loss: () => {
      writeBack(whole, flat);
      return lossValue(problem, whole);
    },
  };
  const params = gradientParameters((p: P) => lossValue(problem, p), task, flat);
  if (pool)
    for (const param of params)
      param.executor = {
        columns: (indices, s, onProgress) => pool.columns(param, indices, s, onProgress),
        ahead: (indices, s) => pool.ahead(param, indices, s),
      };
  const settings = { ...functionSettings(o, l0, 1), calls };
  let judged: ReturnType<typeof checkParameters>;
  try {
    judged = checkParameters(objective, params, settings, stream, options.onProgress);
  } finally {
    pool?.close();
  }
  const { table, summary } = judged;
  const report: FunctionReport = {
    ...reportHead(),
    config: functionConfig(o, 'gradient', options.module),
    inputs: { parameters: initial },
    loss: { value: l0 },
    entries: [],
    summary,
  };
  return withEntries(report, table);
}
