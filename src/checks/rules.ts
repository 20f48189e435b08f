import { lossCounter } from '../numeric/probe.js';
import { checkParameters } from '../pipeline/check.js';
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
  type GradientHooks,
  type GradientProblem,
  type ResolvedOptions,
  resolveOptions,
} from './function.js';
import { checkLinearized, type Linearized } from './jacobian.js';
import { type HessianProblem, type JacobianProblem, linearizeHessian, linearizeOutput } from './linearize.js';
import type { ParameterSet } from './parameters.js';

export type { HessianProblem, JacobianProblem };

import { ContractError, copyParameters, type Parameters, setLeaf, writeBack } from './parameters.js';
import { reportHead, withEntries } from './report.js';

/** Fast mode for a Jacobian: ⟨c, J·u⟩ for one random c and direction u, against differences of ⟨c, output⟩ along u. */
function checkAlongDirection(lin: Linearized, o: ResolvedOptions, stream: RandomStream, calls: Int32Array) {
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
    // An entry a failing direction is bisected to: ⟨c, output⟩ moved along that entry alone.
    probe: {
      difference(k: number, a: number, b: number) {
        writeBack(lin.live, lin.flat);
        const at = (x: number) => {
          setLeaf(lin.live, p.name, p.paths[k], p.values[k] + x);
          return dot(lin.outputAt());
        };
        const difference = at(a) - at(b);
        setLeaf(lin.live, p.name, p.paths[k], p.values[k]);
        return difference;
      },
      imaginary: () => NaN,
    },
    known: { kinksUnknown: true },
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
  const checked = checkParameters(objective, params, { ...functionSettings(o, size, m), analyticAlong, calls }, stream);
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
  // What the check costs is counted in evaluations of the output (of the gradient, for an hvp).
  const calls = lossCounter();
  const outputAt = lin.outputAt;
  lin = {
    ...lin,
    outputAt: () => {
      calls[0]++;
      return outputAt();
    },
  };
  const { table, summary } = o.fast
    ? checkAlongDirection(lin, o, stream, calls)
    : checkLinearized(lin, { ...functionSettings(o, 0, 1), calls }, stream, options.onProgress);
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
export function checkVjp<P extends ParameterSet<P>>(
  problem: JacobianProblem<P>,
  options: CheckGradientOptions = {},
): FunctionReport {
  return checkOutputRule(problem, 'vjp', options);
}

/** Checks a hand-written jvp the same way: each column of the Jacobian from the jvp of a basis tangent. */
export function checkJvp<P extends ParameterSet<P>>(
  problem: JacobianProblem<P>,
  options: CheckGradientOptions = {},
): FunctionReport {
  return checkOutputRule(problem, 'jvp', options);
}

function checkOutputRule<P extends ParameterSet<P>>(
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
export function checkHvp<P extends ParameterSet<P>>(
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
  const value = typeof loss === 'function' ? call('loss', () => loss(copyParameters(initial))) : undefined;
  return linearizedReport(lin, o, options, stream, initial, typeof value === 'number' ? { loss: { value } } : {});
}

/** Each rule's report in turn, the rules a module exports: a ContractError names the rule whose function broke it. */
export function checkRules(
  source: Record<string, unknown>,
  rules: readonly Rule[],
  options: CheckGradientOptions,
  hooks: GradientHooks = {},
): FunctionReport[] {
  const checks: Record<Rule, () => FunctionReport> = {
    gradient: () => checkGradient(source as unknown as GradientProblem, options, hooks),
    vjp: () => checkVjp(source as unknown as JacobianProblem, options),
    jvp: () => checkJvp(source as unknown as JacobianProblem, options),
    hvp: () => checkHvp(source as unknown as HessianProblem, options),
  };
  return rules.map((rule) => checks[rule]());
}
