import { ELEMENTWISE_BUGS } from '../model/bugs.js';
import { call, type ResolvedOptions } from './function.js';
import type { Linearized } from './jacobian.js';
import type { ParameterSet } from './parameters.js';
import {
  ContractError,
  concatenated,
  copyParameters,
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

/**
 * A Jacobian's and a Hessian's rules (vjp, jvp, hvp) of a user's problem,
 * in the flat form the Jacobian check reads.
 */

export type Shaped<P> = { [K in keyof P]: Nested };

/** A function with many outputs, and its hand-written vjp and/or jvp. */
export interface JacobianProblem<P extends ParameterSet<P> = Parameters> {
  parameters: P | ((random: () => number) => P);
  /** The function's value: numbers in arrays nested to any depth, the same shape at every call. */
  output(params: P): Nested;
  /** The gradient of ⟨cotangent, output(params)⟩, shaped like the parameters. */
  vjp?(params: P, cotangent: Nested): Shaped<P>;
  /** The derivative of output along tangent (shaped like the parameters), shaped like the output. */
  jvp?(params: P, tangent: Shaped<P>): Nested;
}

/** A loss's gradient and its hand-written Hessian-vector product, checked against differences of the gradient. */
export interface HessianProblem<P extends ParameterSet<P> = Parameters> {
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
          `${from} returned ${got.paths.length} numbers where ${from === 'output' ? 'its first call' : 'output'} ` +
            `gave ${paths.length}: it must keep the output's shape`,
        );
      const k = got.paths.findIndex((p, i) => p.join() !== paths[i].join());
      if (k !== -1)
        throw new ContractError(
          `${from} returned a number at ${at(got.paths[k])} where output has one at ${at(paths[k])}: ` +
            `it must keep the output's shape`,
        );
      return Float64Array.from(got.values);
    },
  };
}

/** Flat values written into a copy of a nested template, for a user's rule to read. */
function nestedLike<T>(template: T, write: (copy: T) => void): T {
  const copy = copyParameters(template);
  write(copy);
  return copy;
}

const tangentOf = <P extends ParameterSet<P>>(initial: P, flat: readonly FlatParameter[], t: readonly Float64Array[]) =>
  nestedLike(initial, (copy) =>
    writeBack(
      copy,
      flat.map((p, q) => ({ ...p, values: t[q] })),
    ),
  );

/** The output-and-rule problem in the flat form the Jacobian check reads. */
export function linearizeOutput<P extends ParameterSet<P>>(
  problem: JacobianProblem<P>,
  rule: 'vjp' | 'jvp',
  initial: P,
  o: ResolvedOptions,
) {
  const flat = flatten(initial);
  const live = copyParameters(initial);
  const first = call('output', () => problem.output(copyParameters(initial)));
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
      const g = call('vjp', () => problem.vjp?.(copyParameters(initial), cotangent));
      return gradientValues(g, flat, 'vjp').map(bug);
    };
  } else {
    lin.pushforward = (t) =>
      bug(
        reader.read(
          call('jvp', () => problem.jvp?.(copyParameters(initial), tangentOf(initial, flat, t))),
          'jvp',
        ),
      );
  }
  return { lin, shape: shapeOf(first) ?? [reader.paths.length] };
}

/** The gradient as the output and hvp as its jvp: the Hessian is the gradient's Jacobian. */
export function linearizeHessian<P extends ParameterSet<P>>(
  problem: HessianProblem<P>,
  initial: P,
  o: ResolvedOptions,
): Linearized {
  const flat = flatten(initial);
  const live = copyParameters(initial);
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
            call('hvp', () => problem.hvp(copyParameters(initial), tangentOf(initial, flat, t))),
            flat,
            'hvp',
          ),
        ),
      ),
  };
}
