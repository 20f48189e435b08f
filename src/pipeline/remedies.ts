import type { Dtype } from '../numeric/dtype.js';
import type { SchemeName } from '../numeric/schemes.js';
import type { StepRule } from '../numeric/steps.js';
import type { ToleranceRule } from '../rules/options.js';

/** Why an entry, or a whole check, proved nothing. */
export const INCONCLUSIVE_REASONS = [
  'saturated',
  'zero-inputs',
  'kinks',
  'linear-activation',
  'noise-floor',
  'roundoff',
  'truncation',
  'nonfinite',
] as const;
export type InconclusiveReason = (typeof INCONCLUSIVE_REASONS)[number];

/** What to change so that a check can conclude, as data: render/diagnosis.ts words it as flags or options. */
export type Remedy =
  | { kind: 'dtype'; dtype: Dtype }
  /** Probe only the moved part of the model, which never forms the whole loss. */
  | { kind: 'local-probes' }
  /** The automatic step, which lands near `near`. */
  | { kind: 'auto-step'; near: number }
  /** A smaller step than the one used: the automatic one lands near `near`. */
  | { kind: 'smaller-step'; near: number }
  | { kind: 'higher-order-scheme'; schemes: SchemeName[] }
  /** Complex-step differentiation subtracts nothing, so it has no roundoff to trade. */
  | { kind: 'complex-step' }
  | { kind: 'larger-atol' }
  | { kind: 'scale-inputs' }
  /** The loss itself: a division by 0 or a log of 0. */
  | { kind: 'check-loss' }
  /** A directional check found it: check entry by entry to see which are wrong. */
  | { kind: 'per-entry' }
  /** Check the chain rule term by term; `derivative`: the model has an activation whose σ′ may be missing. */
  | { kind: 'chain-rule'; derivative: boolean }
  /** Draw signed inputs scaled so that z has variance about 1 (a generated problem). */
  | { kind: 'init-scaled' }
  | { kind: 'other-seed' }
  /** A point where the gradient is not about 0: another seed for drawn parameters, or other parameters. */
  | { kind: 'other-point' }
  | { kind: 'smaller-atol' }
  | { kind: 'nonzero-inputs' }
  | { kind: 'away-from-kinks' }
  /** Inputs for which z = x·w takes both signs, so that the activation is not linear where it is checked. */
  | { kind: 'both-signs' };

/** What a check could change, and what it cannot (a module has no local probes and no complex arithmetic). */
export interface RemedyContext {
  dtype: Dtype;
  scheme: { subtracts: boolean };
  eps: StepRule;
  /** The step theory predicts for this scheme and dtype (numeric/steps.ts), where the automatic one lands. */
  predictedStep: number;
  wholePasses: boolean;
  localAvailable: boolean;
  complexAvailable: boolean;
}

/** Against roundoff: more precision, fewer subtractions, a better step; failing all, a looser tolerance. */
export function roundoffRemedies(c: RemedyContext): Remedy[] {
  const remedies: Remedy[] = [];
  if (c.dtype !== 'float64') remedies.push({ kind: 'dtype', dtype: 'float64' });
  if (c.wholePasses && c.localAvailable) remedies.push({ kind: 'local-probes' });
  if (c.eps !== 'auto') remedies.push({ kind: 'auto-step', near: c.predictedStep });
  if (remedies.length === 0)
    remedies.push(c.scheme.subtracts && c.complexAvailable ? { kind: 'complex-step' } : { kind: 'larger-atol' });
  return remedies;
}

/** Against truncation: a smaller step, or a scheme of higher order. */
export function truncationRemedies(c: RemedyContext): Remedy[] {
  return [
    { kind: 'smaller-step', near: c.predictedStep },
    { kind: 'higher-order-scheme', schemes: c.complexAvailable ? ['five-point', 'complex-step'] : ['five-point'] },
  ];
}

/** Against NaN or ∞: smaller inputs, or a loss without a division by 0 or a log of 0. */
export const NONFINITE_REMEDIES: readonly Remedy[] = [{ kind: 'scale-inputs' }, { kind: 'check-loss' }];

/** What a check's problem allows: a drawn one can be drawn again otherwise (--init scaled, another seed). */
export interface ProblemContext extends RemedyContext {
  drawn: boolean;
  tolerance: ToleranceRule;
  /** The recipe the problem was drawn with: --init scaled is not advised to a check that used it. */
  init?: string;
}

/** Against a check that proved nothing, for each reason: make the problem informative, or the comparison finer. */
export function inconclusiveRemedies(reason: InconclusiveReason, c: ProblemContext): Remedy[] {
  return remediesOf(reason, c).filter((r) => r.kind !== 'init-scaled' || c.init !== 'scaled');
}

function remediesOf(reason: InconclusiveReason, c: ProblemContext): Remedy[] {
  switch (reason) {
    case 'roundoff':
      return roundoffRemedies(c);
    case 'truncation':
      return truncationRemedies(c);
    case 'nonfinite':
      return [...NONFINITE_REMEDIES];
    case 'saturated':
      return c.drawn ? [{ kind: 'init-scaled' }] : [{ kind: 'scale-inputs' }];
    case 'zero-inputs':
      return c.drawn ? [{ kind: 'init-scaled' }] : [{ kind: 'nonzero-inputs' }];
    case 'kinks':
      return c.drawn ? [{ kind: 'init-scaled' }, { kind: 'other-seed' }] : [{ kind: 'away-from-kinks' }];
    case 'linear-activation':
      return c.drawn ? [{ kind: 'init-scaled' }] : [{ kind: 'both-signs' }];
    case 'noise-floor': {
      // Every value about 0: a stationary point, or values too small to compare. The way out is to move the point;
      // under the estimate rule the floor is the arithmetic's (more precision), under allclose atol's.
      const finer: Remedy[] =
        c.tolerance === 'estimate'
          ? roundoffRemedies(c).filter((r) => r.kind !== 'larger-atol' && r.kind !== 'complex-step')
          : [{ kind: 'smaller-atol' }];
      return [...(c.drawn ? [{ kind: 'init-scaled' } as const] : []), { kind: 'other-point' }, ...finer];
    }
  }
}
