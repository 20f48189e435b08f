import { ELEMENTWISE_BUGS, type ElementwiseBug } from '../model/bugs.js';
import { createStream, type RngName } from '../problem/random.js';
import { unitDirection } from '../problem/sample.js';
import type { Rule } from '../rules/options.js';
import { call, drawParameters, type GradientProblem } from './function.js';
import {
  concatenated,
  copyParameters,
  flatten,
  gradientValues,
  leavesOf,
  type Nested,
  type Parameters,
  writeBack,
} from './parameters.js';
import { seedValue, seriesHead } from './report.js';
import type { HessianProblem, JacobianProblem } from './rules.js';
import { MAX_WRONG_ORDER, type TaylorReport, type TaylorSeries, taylorSeries, taylorVerdict } from './taylor.js';

export interface ModuleTaylorOptions {
  rule: Rule;
  seed: string;
  rng: RngName;
  bug: ElementwiseBug | null;
  steps: number;
  module: string | null;
}

const EPSILON = Number.EPSILON;
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};
const norm = (v: ArrayLike<number>) => Math.sqrt(dot(v, v));
const flatOutput = (value: unknown, what: string) =>
  Float64Array.from(leavesOf(value as Nested, what, 'the value of').values);

/**
 * A rule along D: value(h) is the loss, ⟨c, output⟩, the output or the gradient at θ + hD, and slope its derivative
 * along D by the rule (⟨g, D⟩, ⟨vjp(c), D⟩, jvp(D), hvp(D)).
 */
interface Along {
  value(h: number): Float64Array;
  slope: Float64Array;
  /** The size rounding gives the residual: a few ε of the value and of what moving θ moves. */
  scale: number;
}

/** θ, the seeded direction D over every parameter, and the module's functions called at θ + hD. */
function startOf(source: Record<string, unknown>, o: ModuleTaylorOptions) {
  const stream = createStream(o.rng, o.seed);
  const problem = source as unknown as GradientProblem & JacobianProblem & HessianProblem;
  const initial = drawParameters(problem.parameters as Parameters, stream);
  const flat = flatten(initial);
  const D = unitDirection(
    flat.reduce((n, p) => n + p.values.length, 0),
    stream,
  );
  const starts = flat.map((_, q) => flat.slice(0, q).reduce((n, p) => n + p.values.length, 0));
  const split = flat.map((p, q) => D.subarray(starts[q], starts[q] + p.values.length));
  const shifted = (h: number) => {
    const live = copyParameters(initial);
    writeBack(
      live,
      flat.map((p, q) => ({ ...p, values: p.values.map((w, k) => w + h * split[q][k]) })),
    );
    return live;
  };
  const tangent = () => {
    const t = copyParameters(initial);
    writeBack(
      t,
      flat.map((p, q) => ({ ...p, values: split[q] })),
    );
    return t;
  };
  const bug = o.bug ? ELEMENTWISE_BUGS[o.bug] : (x: number) => x;
  const wMax = Math.max(...flat.map((p) => p.values.reduce((m, w) => Math.max(m, Math.abs(w)), 0)));
  return { stream, problem, initial, flat, D, shifted, tangent, bug, wMax, at: () => copyParameters(initial) };
}

type Start = ReturnType<typeof startOf>;

/** Each rule's function along D and its slope by the rule. */
const ALONG: Record<Rule, (s: Start) => Along> = {
  gradient: ({ problem, flat, D, shifted, bug, wMax, at }) => {
    const value = (h: number) => Float64Array.of(call('loss', () => problem.loss(shifted(h))));
    const g = concatenated(
      gradientValues(
        call('gradient', () => problem.gradient(at())),
        flat,
      ),
    ).map(bug);
    return { value, slope: Float64Array.of(dot(g, D)), scale: Math.abs(value(0)[0]) + wMax * Math.abs(dot(g, D)) };
  },
  vjp: ({ problem, flat, D, shifted, bug, wMax, at, stream }) => {
    const first = call('output', () => problem.output(at()));
    const out0 = flatOutput(first, 'output');
    const c = Float64Array.from(out0, () => 2 * stream.uniform() - 1);
    const g = concatenated(
      gradientValues(
        call('vjp', () => problem.vjp?.(at(), cotangentLike(first, c))),
        flat,
        'vjp',
      ),
    ).map(bug);
    const value = (h: number) =>
      Float64Array.of(
        dot(
          c,
          flatOutput(
            call('output', () => problem.output(shifted(h))),
            'output',
          ),
        ),
      );
    return {
      value,
      slope: Float64Array.of(dot(g, D)),
      scale: dot(c.map(Math.abs), out0.map(Math.abs)) + wMax * Math.abs(dot(g, D)),
    };
  },
  jvp: ({ problem, shifted, tangent, bug, wMax, at }) => {
    const value = (h: number) =>
      flatOutput(
        call('output', () => problem.output(shifted(h))),
        'output',
      );
    const slope = flatOutput(
      call('jvp', () => problem.jvp?.(at(), tangent())),
      'jvp',
    ).map(bug);
    return { value, slope, scale: norm(value(0)) + wMax * norm(slope) };
  },
  hvp: ({ problem, flat, shifted, tangent, bug, wMax, at }) => {
    const value = (h: number) =>
      concatenated(
        gradientValues(
          call('gradient', () => problem.gradient(shifted(h))),
          flat,
        ),
      );
    const slope = concatenated(
      gradientValues(
        call('hvp', () => problem.hvp(at(), tangent())),
        flat,
        'hvp',
      ),
    ).map(bug);
    return { value, slope, scale: norm(value(0)) + wMax * norm(slope) };
  },
};

/** c written into a copy of the output's nesting, for a vjp to read. */
function cotangentLike(output: unknown, c: Float64Array): Nested {
  let k = 0;
  const fill = (v: unknown): Nested => (Array.isArray(v) ? v.map(fill) : c[k++]);
  return fill(output);
}

/**
 * Taylor test of a module's rule: r(h) = ‖f(θ + hD) − f(θ) − h·f′D‖ is O(h²) when the rule is right, O(h) when wrong.
 * A crossed kink makes r O(h) whatever the rule; it shows in the even part (f(θ + hD) + f(θ − hD))/2 − f(θ), which no
 * rule enters and which is O(h) only across a kink: then a residual not O(h²) is inconclusive, not the rule's doing.
 */
export function moduleTaylor(source: Record<string, unknown>, o: ModuleTaylorOptions): TaylorReport {
  const f = ALONG[o.rule](startOf(source, o));
  const f0 = f.value(0);
  const residual = (h: number) => {
    const at = f.value(h);
    return norm(at.map((v, i) => v - f0[i] - h * f.slope[i]));
  };
  const even = (h: number) => {
    const plus = f.value(h);
    const minus = f.value(-h);
    return norm(plus.map((v, i) => (v + minus[i]) / 2 - f0[i]));
  };
  const floor = 10 * EPSILON * f.scale;
  let series: TaylorSeries = taylorSeries(residual, o.steps, floor);
  if (taylorVerdict(series).verdict !== 'pass' && taylorSeries(even, o.steps, floor).order <= MAX_WRONG_ORDER)
    series = { ...series, reason: 'kinks' };
  const { verdict, inconclusive } = taylorVerdict(series);
  return {
    ...seriesHead('taylor'),
    config: {
      model: 'module',
      module: o.module,
      rule: o.rule,
      seed: seedValue(o.seed),
      rng: o.rng,
      dtype: 'float64',
      bug: o.bug,
      steps: o.steps,
    },
    floor,
    points: series.points,
    order: series.order,
    verdict,
    pass: verdict === 'pass',
    inconclusive,
    heldAtKinks: 0,
  };
}
