import { machineEpsilon } from '../numeric/dtype.js';
import type { Progress } from '../numeric/gradient.js';
import type { Objective } from '../numeric/probe.js';
import { fullPassMagnitude } from '../numeric/roundoff.js';
import { SCHEMES } from '../numeric/schemes.js';
import type { RandomStream } from '../problem/random.js';
import { bisect, measureDirection, thresholdOf } from './direction.js';
import { foundKink, joinedRetake, retakeOf } from './escalate.js';
import { allowedDifference, boundOf, estimateBound, judgement, passesScreen } from './judge.js';
import { indexer, type Measured, measureEntries } from './measure.js';
import type { CheckedParameter, MeasureSettings } from './parameter.js';
import { chosenEntries, screenOf } from './plan.js';
import { type CheckSettings, type CheckSummary, type Judged, summarized } from './summary.js';
import { EntryTable, type TableBuilder, type TableParameter } from './table.js';
import { tiedPairs } from './ties.js';

export type { CheckSettings, CheckSummary, Judged } from './summary.js';

/** One check of any parameters: plan → measure → judge → escalate, then decide (summary.ts); checks/ compose it. */

function measureSettings(s: CheckSettings): MeasureSettings {
  const L = fullPassMagnitude(s.loss, s.lossTerms);
  // A direction is always probed by whole passes.
  return {
    scheme: SCHEMES[s.scheme],
    eps: s.eps,
    dtype: s.dtype,
    lossMagnitude: s.fast || s.wholePasses ? L : 0,
    estimate: s.tolerance === 'estimate',
  };
}

/** The table's parameters: the checked ones, or fast mode's one direction. */
function tableParameters(params: readonly CheckedParameter[], fast: boolean): TableParameter[] {
  if (fast) return [{ name: 'direction', indexOf: () => [], shape: [] }];
  return params.map((p) => ({ name: p.name, indexOf: indexer(p), shape: p.indexOf ? undefined : p.shape }));
}

/**
 * A screened entry judged: against the screen's bound (its T·hᵖ); where that misses the margin under the estimate
 * rule, against the bound of its own truncation, read from one more value at half the step (the pilot's T may be
 * another entry's: a first-order scheme's h·f″/2 varies most). Settled only if it passes by the margin.
 */
function judgeScreened(p: CheckedParameter, m: MeasureSettings, s: CheckSettings, measured: Measured) {
  const epsilon = machineEpsilon(m.dtype);
  const { measurement, k, truncation, analyticRounding, atKnownKink } = measured;
  const { numeric, roundoff, analytic, step } = measurement;
  const bounded = (t: number) => {
    if (m.estimate) measurement.bound = boundOf(t, roundoff, analytic, numeric, analyticRounding, epsilon);
    const judged = judgement(measurement, s);
    return { judged, settled: passesScreen(measurement, judged, s, atKnownKink) };
  };
  const screened = bounded(truncation);
  // Far outside (16×) the screen's bound, an entry's own truncation would have to be far above the pilot's: it goes
  // to the full measurement at once (a wrong gradient's entries do).
  const far = Math.abs(analytic - numeric) > 16 * (measurement.bound ?? 0);
  if (screened.settled || !m.estimate || atKnownKink || !Number.isFinite(numeric) || far) return screened;
  const order = m.scheme.order;
  const own = (Math.abs(numeric - m.scheme.estimate(p.probe, k, step / 2)) * 2 ** order) / (2 ** order - 1);
  return own > truncation ? bounded(own) : screened;
}

/**
 * Judges into row i, and says whether the row is settled: a screened entry is unless it misses the screen's
 * margin (then it is measured in full); where kinks are unknown, a failure measured in full is measured
 * one-sided and judged as a kink if it is one.
 */
function judgeInto(rows: TableBuilder, p: CheckedParameter, m: MeasureSettings, s: CheckSettings) {
  const epsilon = machineEpsilon(m.dtype);
  const escalates = p.known.kinksUnknown === true && m.scheme.subtracts;
  return (i: number, q: number, measured: Measured): boolean => {
    const { measurement, k, atHalf, truncation } = measured;
    if (!Number.isNaN(truncation)) {
      const { judged, settled } = judgeScreened(p, m, s, measured);
      rows.judged(i, q, k, measurement, judged);
      return settled;
    }
    if (m.estimate) {
      // At a kink the range is judged: its extrapolated ends carry no O(h) error, so no truncation term.
      const half = m.scheme.subtracts && !measured.atKnownKink ? atHalf : measurement.numeric;
      const { numeric, roundoff, analytic } = measurement;
      measurement.bound = estimateBound(
        numeric,
        half,
        m.scheme.order,
        roundoff,
        analytic,
        measured.analyticRounding,
        epsilon,
      );
    }
    const judged = judgement(measurement, s);
    const atKink =
      escalates && judged.status === 'fail' && !measured.atKnownKink
        ? foundKink(p, k, measurement, half(), m)
        : undefined;
    if (atKink) rows.judged(i, q, k, atKink, judgement(atKink, s));
    else rows.judged(i, q, k, measurement, judged);
    return true;

    function half() {
      return Number.isNaN(atHalf) ? m.scheme.estimate(p.probe, k, measurement.step / 2) : atHalf;
    }
  };
}

/**
 * Fast mode: ⟨g, u⟩ against the difference along one direction, and what that proved (thresholdOf). A failure beyond
 * its roundoff is bisected to the entries it comes from, each then measured as a check of every entry measures it:
 * their rows follow the direction's. measureAndJudge's fast-mode branch, given its measure settings.
 */
function judgeDirection(
  objective: Objective,
  params: readonly CheckedParameter[],
  [s, m]: readonly [CheckSettings, MeasureSettings],
  stream: RandomStream,
  onProgress?: Progress,
): Judged {
  const direction = measureDirection(objective, params, stream, m, s.directionGuard, s.analyticAlong);
  const rows = EntryTable.filled(tableParameters(params, true), 1);
  const judged = judgement(direction.measurement, s);
  const atKink = judged.status === 'fail' ? direction.atKink?.() : undefined;
  const final = atKink ? judgement(atKink, s) : judged;
  rows.judged(0, 0, 0, atKink ?? direction.measurement, final);
  onProgress?.(1, 1);
  const along: Judged = { table: rows.build(), retake: direction.retake };
  const { analytic, numeric, bound, roundoff } = direction.measurement;
  const allowed = allowedDifference(bound, s, numeric);
  // Judged as a range of subgradients (at a kink), it proved nothing of one entry.
  const ranged = atKink !== undefined || direction.measurement.subgradients !== undefined;
  const threshold = s.analyticAlong || ranged ? undefined : thresholdOf(params, direction, allowed);
  const beyondRoundoff = Math.abs(analytic - numeric) > roundoff;
  if (final.status !== 'fail' || atKink || !beyondRoundoff || s.analyticAlong)
    return { ...along, direction: { threshold } };
  const { named, complete } = bisect(objective, params, direction, m, allowed);
  const only = new Map([...named].map(([name, entries]) => [name, Uint32Array.from(entries)]));
  const entries = measureAndJudge(objective, params, { ...s, fast: false, sample: null, only }, stream);
  return {
    table: EntryTable.of([...along.table.entries(), ...entries.table.entries()]),
    retake: joinedRetake([along, entries].map(({ retake, table }) => ({ retake, length: table.length }))),
    direction: { threshold, bisected: { complete } },
  };
}

/** Each entry (or a sample, or a direction) measured and judged into a table; a row asked more is retaken (Retake). */
export function measureAndJudge(
  objective: Objective,
  params: readonly CheckedParameter[],
  s: CheckSettings,
  stream: RandomStream,
  onProgress?: Progress,
): Judged {
  const m = measureSettings(s);
  if (s.fast) return judgeDirection(objective, params, [s, m], stream, onProgress);
  const chosen = chosenEntries(params, s, stream);
  const total = chosen.reduce((n, indices) => n + indices.length, 0);
  const rows = EntryTable.filled(tableParameters(params, false), total);
  // Plan: a screen first (one difference an entry), the full measurement where it does not settle an entry. Entries
  // named again (a recheck's, a bisected direction's) are few and suspect: measured in full at once.
  const screen = s.only ? undefined : screenOf(params, chosen, m, s.wholePasses);
  let done = 0;
  chosen.forEach((indices, q) => {
    const start = done;
    const progress = onProgress && ((e: number) => onProgress(start + e, total));
    const judge = judgeInto(rows, params[q], m, s);
    const unsettled: number[] = [];
    // An entry's own balanced step, struck by an 'own' screen, is the one its full measurement would strike again.
    const steps = new Map<number, number>();
    measureEntries(
      params[q],
      indices,
      screen ? { ...m, screen, lossMagnitude: m.lossMagnitude * (s.lossUlps ?? 1) } : m,
      (e, measured) => {
        if (judge(start + e, q, measured)) return;
        unsettled.push(e);
        if (screen?.steps === 'own') steps.set(measured.k, measured.measurement.step);
      },
      progress,
    );
    // Escalate: every entry the screen left is measured as if there had been none.
    const again = Uint32Array.from(unsettled, (e) => indices[e]);
    if (again.length > 0)
      measureEntries(params[q], again, { ...m, steps }, (j, measured) => judge(start + unsettled[j], q, measured));
    done += indices.length;
  });
  const table = rows.build();
  return { table, retake: retakeOf(params, m, table) };
}

/** measureAndJudge, then the summary: counts, diagnosis, and the verdict decided from them. */
export function checkParameters(
  objective: Objective,
  params: readonly CheckedParameter[],
  s: CheckSettings,
  stream: RandomStream,
  onProgress?: Progress,
): Judged & { summary: CheckSummary } {
  const judged = measureAndJudge(objective, params, s, stream, onProgress);
  // Entries at kinks of a function that did not say where its kinks are: pairs that share one (ties.ts).
  const tieable = !s.fast && !s.only && judged.table.kinks > 1 && params.some((p) => p.known.kinksUnknown === true);
  const all = tieable ? { ...judged, ties: tiedPairs(objective, params, judged.table, measureSettings(s)) } : judged;
  return { ...all, summary: summarized(all, params, s) };
}
