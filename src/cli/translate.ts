import type { CheckGradientOptions } from '../checks/function.js';
import type { ModelCheckOptions } from '../checks/model/options.js';
import type { SweepOptions } from '../checks/sweep.js';
import type { TaylorOptions } from '../checks/taylor.js';
import type { ElementwiseBug } from '../model/bugs.js';
import type { ProblemOptions } from '../problem/generate.js';
import { layersChecked, type NumericOptions } from '../rules/options.js';
import type { SweepTaskOptions, TaylorTaskOptions } from './module-load.js';
import type { CheckFlags, CommonFlags, SweepFlags, TaylorFlags } from './program.js';

/** The shapes of a problem, when they come from an input file rather than from -n, -d, -C. */
export type Shape = Pick<ProblemOptions, 'n' | 'd' | 'C'>;

/** The one place flags become the core's options (as eslint's translateOptions): the core never sees a flag. */
function problemOptions(flags: CommonFlags, shape: Shape = flags): ProblemOptions {
  return {
    n: shape.n,
    d: shape.d,
    C: shape.C,
    domain: flags.domain,
    seed: flags.seed,
    rng: flags.rng,
    init: flags.init,
  };
}

/** --hidden: the weights are W1 and W2 (checked by default), probed by whole passes (a hidden layer has no strip). */
function layers(flags: CheckFlags): Pick<ModelCheckOptions, 'hidden' | 'wrt' | 'numeric'> {
  if (!flags.hidden) return { hidden: null, wrt: flags.wrt, numeric: flags.numeric };
  return { hidden: flags.hidden, wrt: layersChecked(flags.wrt, flags.hidden), numeric: 'full' };
}

/** --bug none, to switch off a replayed bug, is no bug. */
const bugOf = <B>(bug: B | 'none' | undefined): B | null => (bug === undefined || bug === 'none' ? null : bug);

function numericOptions(flags: CheckFlags): NumericOptions {
  return {
    scheme: flags.scheme,
    eps: flags.eps,
    atol: flags.atol,
    rtol: flags.rtol,
    sample: flags.sample ?? null,
    fast: flags.fast === true,
    tolerance: flags.tolerance,
  };
}

export const translateOptions = {
  check: (flags: CheckFlags, shape?: Shape): ModelCheckOptions => ({
    ...problemOptions(flags, shape),
    model: flags.model,
    dtype: flags.dtype,
    bug: bugOf(flags.bug),
    ...layers(flags),
    recheck: flags.recheck,
    jobs: flags.jobs,
    ...numericOptions(flags),
  }),
  /** A module is checked in float64 by whole losses; the CLI has refused the flags that say otherwise. */
  module: (flags: CheckFlags, path: string): CheckGradientOptions & { jobs?: number | 'auto' } => ({
    ...numericOptions(flags),
    jobs: flags.jobs,
    scheme: flags.scheme as Exclude<CheckFlags['scheme'], 'complex-step'>,
    seed: flags.seed,
    rng: flags.rng,
    bug: bugOf(flags.bug) as ElementwiseBug | null,
    module: path,
  }),
  sweep: (flags: SweepFlags): SweepOptions => ({
    ...problemOptions(flags),
    model: flags.model,
    numeric: flags.numeric,
    schemes: flags.scheme,
    dtypes: flags.dtype,
    from: flags.from,
    to: flags.to,
    perDecade: flags.perDecade,
  }),
  taylor: (flags: TaylorFlags): TaylorOptions => ({
    ...problemOptions(flags),
    model: flags.model,
    dtype: flags.dtype,
    bug: bugOf(flags.bug),
    steps: flags.steps,
  }),
  /** A module's sweep: its loss in float64; the CLI has refused the flags that say otherwise. */
  moduleSweep: (flags: SweepFlags): SweepTaskOptions => ({
    seed: flags.seed,
    rng: flags.rng,
    schemes: flags.scheme,
    from: flags.from,
    to: flags.to,
    perDecade: flags.perDecade,
  }),
  moduleTaylor: (flags: TaylorFlags): TaylorTaskOptions => ({
    seed: flags.seed,
    rng: flags.rng,
    bug: bugOf(flags.bug) as ElementwiseBug | null,
    steps: flags.steps,
    rule: flags.rule,
  }),
};
