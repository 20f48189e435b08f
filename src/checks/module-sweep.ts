import { allIndices, numericGradient } from '../numeric/gradient.js';
import { SCHEMES, type SchemeName } from '../numeric/schemes.js';
import { sweepSteps } from '../numeric/steps.js';
import { createStream, type RngName } from '../problem/random.js';
import { entryProbe } from './entry-probes.js';
import { checkGradient, drawParameters, type GradientProblem, lossValue } from './function.js';
import { copyParameters, flatten } from './parameters.js';
import { seedValue, seriesHead } from './report.js';
import { errorsOf, medianOf, type SweepReport, type SweepSeries, smoothedBest } from './sweep.js';

export interface ModuleSweepOptions {
  seed: string;
  rng: RngName;
  schemes: SchemeName[];
  from: number;
  to: number;
  perDecade: number;
  module: string | null;
}

/**
 * A module's loss swept: each scheme's numeric gradient at every step against richardson at its automatic steps (the
 * most accurate difference without complex numbers), with each scheme's --eps auto step (the median over entries).
 */
export function moduleSweep(source: Record<string, unknown>, o: ModuleSweepOptions): SweepReport {
  const problem = source as unknown as GradientProblem;
  const checkWith = (scheme: Exclude<SchemeName, 'complex-step'>) =>
    checkGradient(problem, { scheme, seed: o.seed, rng: o.rng, tolerance: 'allclose', module: o.module }).entries;
  const reference = checkWith('richardson');
  const initial = drawParameters(problem.parameters, createStream(o.rng, o.seed));
  const flat = flatten(initial);
  const live = copyParameters(initial);
  const probes = flat.map((p) => entryProbe((params: typeof live) => lossValue(problem, params), live, p));
  const numericAt = (scheme: SchemeName, h: number) =>
    Float64Array.from(
      flat.flatMap((p, q) => [
        ...numericGradient(allIndices(p.values.length), probes[q], SCHEMES[scheme], () => h).values,
      ]),
    );
  const steps = sweepSteps(o.from, o.to, o.perDecade);
  const series: SweepSeries[] = o.schemes.map((scheme) => {
    const points = steps.map((step) => ({
      step,
      ...errorsOf(
        numericAt(scheme, step),
        reference.map((e) => e.numeric),
      ),
    }));
    const predicted = scheme === 'complex-step' ? NaN : medianOf(checkWith(scheme).map((e) => e.step));
    return { scheme, dtype: 'float64', points, bestStep: smoothedBest(points), predictedStep: predicted };
  });
  return {
    ...seriesHead('sweep'),
    config: {
      model: 'module',
      module: o.module,
      seed: seedValue(o.seed),
      rng: o.rng,
      schemes: o.schemes,
      dtypes: ['float64'],
      from: o.from,
      to: o.to,
      perDecade: o.perDecade,
    },
    reference: { scheme: 'richardson', dtype: 'float64', step: medianOf(reference.map((e) => e.step)) },
    series,
  };
}
