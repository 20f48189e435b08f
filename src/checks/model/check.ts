import { toRows } from '../../model/matrix.js';
import { lossCounter } from '../../numeric/probe.js';
import { measureAndJudge } from '../../pipeline/check.js';
import { type Decision, decide } from '../../pipeline/decide.js';
import { needsRecheck, undecided } from '../../pipeline/escalate.js';
import { type CheckSettings, type CheckSummary, findingsOf, remediesFor, summaryOf } from '../../pipeline/summary.js';
import { type Problem, problemFor } from '../../problem/generate.js';
import { createStream, type RandomStream } from '../../problem/random.js';
import { checkedAs, problemConfig, reportHead, withEntries } from '../report.js';
import { threadsFor } from './cost.js';
import { runHiddenCheck } from './hidden.js';
import { oneLayer } from './one-layer.js';
import {
  type CheckHooks,
  exactAnalytic,
  type ModelCheck,
  type ModelCheckOptions,
  type ModelReport,
  type ModelSummary,
  type Recheck,
} from './options.js';
import { checksEveryEntry } from './sums.js';

/** One check in one dtype, measured and judged: the findings its verdict is decided from, and its settings. */
function runModelCheck(
  opts: ModelCheckOptions,
  problem: Problem,
  stream: RandomStream,
  hooks: CheckHooks & Pick<CheckSettings, 'only'>,
  calls: Int32Array,
) {
  const threads = threadsFor(opts, problem, hooks.only);
  const { fw, loss, objective, params, settings, close } = opts.hidden
    ? { ...runHiddenCheck(opts, problem, exactAnalytic(opts), calls), close: () => {} }
    : oneLayer(opts, problem, checksEveryEntry(opts, hooks.only), { threads, calls });
  const all: CheckSettings = { ...opts, ...settings, drawn: hooks.inputs === undefined, only: hooks.only };
  try {
    const judged = measureAndJudge(objective, params, all, stream, hooks.onProgress);
    return { fw, loss, table: judged.table, findings: findingsOf(judged, params, all), settings: all };
  } finally {
    close();
  }
}

/** A check's summary with the verdict decided, and that verdict alone. */
function decided(run: ReturnType<typeof runModelCheck>, recheck?: Decision): CheckSummary {
  const facts = recheck ? { ...run.findings.facts, recheck } : run.findings.facts;
  return summaryOf(run.findings, decide(facts, remediesFor(run.settings)), run.settings.calls);
}

/**
 * float32 failures all within roundoff, or values all below the noise floor, prove nothing: the undecided entries of
 * the same float32-valued problem, checked again in float64, decide (escalate.ts needsRecheck).
 */
function recheckInFloat64(
  opts: ModelCheckOptions,
  problem: Problem,
  run: ReturnType<typeof runModelCheck>,
  hooks: CheckHooks,
) {
  const alone = decided(run);
  if (opts.dtype !== 'float32' || !opts.recheck || opts.fast || !needsRecheck(alone.inconclusive?.reason ?? null))
    return null;
  const stream = createStream(opts.rng, opts.seed);
  const again = runModelCheck(
    { ...opts, dtype: 'float64', sample: null },
    problem,
    stream,
    { ...hooks, only: undecided(run.table) },
    lossCounter(),
  );
  const recheck: Recheck = { dtype: 'float64', entries: again.table.entries(), summary: decided(again) };
  return recheck;
}

function reportConfig(opts: ModelCheckOptions, { X, T }: Problem, hooks: CheckHooks): ModelReport['config'] {
  return {
    ...problemConfig(opts.model, { n: X.rows, d: X.cols, C: T.cols }, opts),
    ...(opts.hidden ? { hidden: opts.hidden } : {}),
    dtype: opts.dtype,
    scheme: opts.scheme,
    numeric: opts.numeric,
    ...checkedAs(opts),
    wrt: opts.wrt,
    recheck: opts.recheck,
    data: hooks.inputs ? 'given' : 'drawn',
  };
}

/** Draws (or takes) the problem, runs backprop and finite differences, compares them, and diagnoses failures. */
export function checkModel(opts: ModelCheckOptions, hooks: CheckHooks = {}): ModelCheck {
  // One stream: T, X, W, then the sampled entries or the direction.
  const stream = createStream(opts.rng, opts.seed);
  const problem = problemFor(opts, stream, hooks.inputs);
  const { X, W, T } = problem;
  const run = runModelCheck(opts, problem, stream, hooks, lossCounter());
  const recheck = recheckInFloat64(opts, problem, run, hooks);
  const rechecked = recheck && { verdict: recheck.summary.verdict, inconclusive: recheck.summary.inconclusive };
  const summary: ModelSummary = { ...decided(run, rechecked ?? undefined), recheck };
  // What the whole check cost, its recheck included.
  summary.lossCalls += recheck?.summary.lossCalls ?? 0;
  let inputs: ModelReport['inputs'] | undefined;
  const report: ModelReport = {
    ...reportHead(),
    config: reportConfig(opts, problem, hooks),
    inputs: undefined as unknown as ModelReport['inputs'], // made when read, below
    loss: { sumHalf: run.loss.sumHalf, mean: run.loss.mean },
    entries: [], // read from the table when asked for, below
    summary,
  };
  withEntries(report, run.table);
  // Made only when read (JSON, replay): n·d numbers the terminal never shows. Not a getter of the literal, which V8
  // would put after the spread's data fields, out of its place among the keys.
  Object.defineProperty(report, 'inputs', {
    enumerable: true,
    get: () =>
      (inputs ??= problem.W2
        ? { X: toRows(X), W1: toRows(W), W2: toRows(problem.W2), T: toRows(T) }
        : { X: toRows(X), W: toRows(W), T: toRows(T) }),
  });
  return { report, problem, Z: run.fw.Z, Y: run.fw.Y, losses: run.loss };
}
