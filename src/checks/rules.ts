import { ELEMENTWISE_BUGS } from '../model/bugs.js';
import { checkParameters } from '../pipeline/check.js';
import type { Verdict } from '../pipeline/decide.js';
import { createStream, type RandomStream } from '../problem/random.js';
import type { Rule } from '../rules/options.js';
import {
  type CheckGradientOptions,
  call,
  checkGradient,
  drawParameters,
  type FunctionReport,
  functionConfig,
  functionSettings,
  type GradientProblem,
  type ResolvedOptions,
  resolveOptions,
} from './function.js';
import { checkLinearized, type Linearized } from './jacobian.js';
import {
  ContractError,
  concatenated,
  type FlatParameter,
  flatten,
  gradientValues,
  leavesOf,
  type Nested,
  type Parameters,
  setLeaf,
  shapeOf,
  writeBack,
} from './parameters.js';
import { reportHead, withEntries } from './report.js';

type Shaped<P> = { [K in keyof P]: Nested };

/** A function with many outputs, and its hand-written vjp and/or jvp. */
export interface JacobianProblem<P extends Parameters = Parameters> {
  parameters: P | ((random: () => number) => P);
  /** The function's value: numbers in arrays nested to any depth, the same shape at every call. */
  output(params: P): Nested;
  /** The gradient of ⟨cotangent, output(params)⟩, shaped like the parameters. */
  vjp?(params: P, cotangent: Nested): Shaped<P>;
  /** The derivative of output along tangent (shaped like the parameters), shaped like the output. */
  jvp?(params: P, tangent: Shaped<P>): Nested;
}

/** A loss's gradient and its hand-written Hessian-vector product, checked against differences of the gradient. */
export interface HessianProblem<P extends Parameters = Parameters> {
  parameters: P | ((random: () => number) => P);
  gradient(params: P): Shaped<P>;
  /** H·v, H the Hessian of the loss, shaped like the parameters. */
  hvp(params: P, v: Shaped<P>): Shaped<P>;
}

const corrupt = (o: ResolvedOptions) => (v: Float64Array) => (o.bug ? v.map(ELEMENTWISE_BUGS[o.bug]) : v);

/** The output's leaves, flat, which must keep the shape of the first call. */
function outputReader(what: string, first: Nested) {
  const { paths } = leavesOf(first, what, 'the value of');
  return {
    paths,
    read(value: unknown, from: string): Float64Array {
      const got = leavesOf(value as Nested, from, 'the value of');
      const at = (path: readonly number[]) => `output${path.map((i) => `[${i}]`).join('')}`;
      if (got.paths.length !== paths.length)
        throw new ContractError(
          `${from} returned ${got.paths.length} numbers where ${from === 'output' ? 'its first call' : 'output'} gave ${paths.length}: it must keep the output's shape`,
        );
      const k = got.paths.findIndex((p, i) => p.join() !== paths[i].join());
      if (k !== -1)
        throw new ContractError(
          `${from} returned a number at ${at(got.paths[k])} where output has one at ${at(paths[k])}: it must keep the output's shape`,
        );
      return Float64Array.from(got.values);
    },
  };
}

/** Flat values written into a copy of a nested template, for a user's rule to read. */
function nestedLike<T>(template: T, write: (copy: T) => void): T {
  const copy = structuredClone(template);
  write(copy);
  return copy;
}

const tangentOf = <P extends Parameters>(initial: P, flat: readonly FlatParameter[], t: readonly Float64Array[]) =>
  nestedLike(initial, (copy) =>
    writeBack(
      copy,
      flat.map((p, q) => ({ ...p, values: t[q] })),
    ),
  );

/** The output-and-rule problem in the flat form the Jacobian check reads. */
function linearizeOutput<P extends Parameters>(
  problem: JacobianProblem<P>,
  rule: 'vjp' | 'jvp',
  initial: P,
  o: ResolvedOptions,
) {
  const flat = flatten(initial);
  const live = structuredClone(initial);
  const first = call('output', () => problem.output(structuredClone(initial)));
  const reader = outputReader('output', first);
  const bug = corrupt(o);
  const lin: Linearized = {
    rule,
    flat,
    live,
    outputIndex: reader.paths,
    outputAt: () =>
      reader.read(
        call('output', () => problem.output(live)),
        'output',
      ),
  };
  if (rule === 'vjp') {
    lin.pullback = (c) => {
      const cotangent = nestedLike({ c: first }, (copy) => {
        for (const [i, path] of reader.paths.entries()) setLeaf(copy as Parameters, 'c', path, c[i]);
      }).c;
      const g = call('vjp', () => problem.vjp?.(structuredClone(initial), cotangent));
      return gradientValues(g, flat, 'vjp').map(bug);
    };
  } else {
    lin.pushforward = (t) =>
      bug(
        reader.read(
          call('jvp', () => problem.jvp?.(structuredClone(initial), tangentOf(initial, flat, t))),
          'jvp',
        ),
      );
  }
  return { lin, shape: shapeOf(first) ?? [reader.paths.length] };
}

/** The gradient as the output and hvp as its jvp: the Hessian is the gradient's Jacobian. */
function linearizeHessian<P extends Parameters>(
  problem: HessianProblem<P>,
  initial: P,
  o: ResolvedOptions,
): Linearized {
  const flat = flatten(initial);
  const live = structuredClone(initial);
  const bug = corrupt(o);
  return {
    rule: 'hvp',
    flat,
    live,
    outputIndex: flat.flatMap((p) => p.paths),
    outputParams: flat.flatMap((p) => p.paths.map(() => p.name)),
    outputAt: () =>
      concatenated(
        gradientValues(
          call('gradient', () => problem.gradient(live)),
          flat,
        ),
      ),
    pushforward: (t) =>
      bug(
        concatenated(
          gradientValues(
            call('hvp', () => problem.hvp(structuredClone(initial), tangentOf(initial, flat, t))),
            flat,
            'hvp',
          ),
        ),
      ),
  };
}

/** Fast mode for a Jacobian: ⟨c, J·u⟩ for one random c and direction u, against differences of ⟨c, output⟩ along u. */
function checkAlongDirection(lin: Linearized, o: ResolvedOptions, stream: RandomStream) {
  const m = lin.outputIndex.length;
  const c = Float64Array.from({ length: m }, () => 2 * stream.uniform() - 1);
  const dot = (v: Float64Array) => v.reduce((s, x, i) => s + c[i] * x, 0);
  const out0 = lin.outputAt();
  const analytic = lin.pullback?.(c);
  const params = lin.flat.map((p, q) => ({
    name: p.name,
    values: p.values,
    shape: p.shape,
    analytic: analytic?.[q] ?? new Float64Array(p.values.length),
    probe: {
      difference: () => NaN,
      imaginary: () => NaN,
    },
    known: {},
  }));
  const size = out0.reduce((s, x, i) => s + Math.abs(c[i] * x), 0);
  const objective = {
    loss: () => {
      writeBack(lin.live, lin.flat);
      return dot(lin.outputAt());
    },
  };
  const analyticAlong = lin.pushforward
    ? (u: readonly Float64Array[]) => dot(lin.pushforward?.(u) ?? new Float64Array(m))
    : undefined;
  const checked = checkParameters(objective, params, { ...functionSettings(o, size, m), analyticAlong }, stream);
  writeBack(lin.live, lin.flat);
  return checked;
}

function linearizedReport(
  lin: Linearized,
  o: ResolvedOptions,
  options: CheckGradientOptions,
  stream: RandomStream,
  initial: Parameters,
  extra: Pick<FunctionReport, 'loss' | 'output'>,
): FunctionReport {
  const { table, summary } = o.fast
    ? checkAlongDirection(lin, o, stream)
    : checkLinearized(lin, functionSettings(o, 0, 1), stream, options.onProgress);
  const report: FunctionReport = {
    ...reportHead(),
    config: functionConfig(o, lin.rule, options.module),
    inputs: { parameters: initial },
    ...extra,
    entries: [],
    summary,
  };
  return withEntries(report, table);
}

function requireFunctions(problem: object, keys: readonly string[]): void {
  if (typeof problem !== 'object' || problem === null)
    throw new ContractError(`expected an object with parameters, ${keys.join(' and ')}`);
  const p = problem as Record<string, unknown>;
  for (const key of keys) {
    if (typeof p[key] !== 'function')
      throw new ContractError(`${key} is ${p[key] === undefined ? 'missing' : 'not a function'}`);
  }
  if (p.parameters === undefined) throw new ContractError('parameters is missing');
}

/**
 * Checks a hand-written vjp: every entry of the Jacobian (a row from the vjp of a basis cotangent) against differences
 * of the output; above FULL_JACOBIAN_LIMIT entries, random cotangents' rows; --fast: one cotangent along one direction.
 */
export function checkVjp<P extends Parameters>(
  problem: JacobianProblem<P>,
  options: CheckGradientOptions = {},
): FunctionReport {
  return checkOutputRule(problem, 'vjp', options);
}

/** Checks a hand-written jvp the same way: each column of the Jacobian from the jvp of a basis tangent. */
export function checkJvp<P extends Parameters>(
  problem: JacobianProblem<P>,
  options: CheckGradientOptions = {},
): FunctionReport {
  return checkOutputRule(problem, 'jvp', options);
}

function checkOutputRule<P extends Parameters>(
  problem: JacobianProblem<P>,
  rule: 'vjp' | 'jvp',
  options: CheckGradientOptions,
) {
  requireFunctions(problem, ['output', rule]);
  const o = resolveOptions(options);
  if ((o.scheme as string) === 'complex-step')
    throw new ContractError("complex-step needs complex arithmetic; a user's output takes plain numbers");
  const stream = createStream(o.rng, o.seed);
  const initial = drawParameters(problem.parameters, stream);
  const { lin, shape } = linearizeOutput(problem, rule, initial, o);
  return linearizedReport(lin, o, options, stream, initial, { output: { shape } });
}

/** Checks a hand-written hvp against differences of the gradient (so a right hvp needs a right gradient). */
export function checkHvp<P extends Parameters>(
  problem: HessianProblem<P>,
  options: CheckGradientOptions = {},
): FunctionReport {
  requireFunctions(problem, ['gradient', 'hvp']);
  const o = resolveOptions(options);
  if ((o.scheme as string) === 'complex-step')
    throw new ContractError("complex-step needs complex arithmetic; a user's gradient takes plain numbers");
  const stream = createStream(o.rng, o.seed);
  const initial = drawParameters(problem.parameters, stream);
  const lin = linearizeHessian(problem, initial, o);
  const loss = (problem as { loss?: (p: P) => number }).loss;
  const value = typeof loss === 'function' ? call('loss', () => loss(structuredClone(initial))) : undefined;
  return linearizedReport(lin, o, options, stream, initial, typeof value === 'number' ? { loss: { value } } : {});
}

/** Each rule's report in turn, the rules a module exports: a ContractError names the rule whose function broke it. */
export function checkRules(
  source: Record<string, unknown>,
  rules: readonly Rule[],
  options: CheckGradientOptions,
): FunctionReport[] {
  const checks: Record<Rule, () => FunctionReport> = {
    gradient: () => checkGradient(source as unknown as GradientProblem, options),
    vjp: () => checkVjp(source as unknown as JacobianProblem, options),
    jvp: () => checkJvp(source as unknown as JacobianProblem, options),
    hvp: () => checkHvp(source as unknown as HessianProblem, options),
  };
  return rules.map((rule) => checks[rule]());
}

/** Several rules' reports as one: fail when any fails, else inconclusive when any is, else pass. */
export function combinedVerdict(reports: readonly FunctionReport[]): Verdict {
  const verdicts = reports.map((r) => r.summary.verdict);
  return verdicts.includes('fail') ? 'fail' : verdicts.includes('inconclusive') ? 'inconclusive' : 'pass';
}
