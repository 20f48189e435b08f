// The notes that qualify a verdict, below its line: what a fast direction proved, entries NaN or ±∞, the causes of
// entries that proved nothing, failures within roundoff.
import { tableOf } from '../checks/report.js';
import { ulp } from '../numeric/dtype.js';
import type { Causes } from '../pipeline/decide.js';
import { type Entry, entryLabel } from '../pipeline/entry.js';
import type { CheckSummary } from '../pipeline/summary.js';
import { brief, plural, shortest } from './format.js';
import { lossOf, type Report } from './report.js';

const CAUSE_WORDS = {
  nonfinite: 'NaN or ±∞ at every step tried',
  truncation: "bounded by the step's truncation",
  saturated: 'saturated',
  'zero-inputs': 'moving nothing',
  kinks: 'at kinks',
  'linear-activation': 'where σ′ = 1',
  'noise-floor': 'below the noise floor',
};

/** `4 saturated, 2 at kinks`: the causes of entries that proved nothing. */
export function causeList(causes: Causes): string {
  return (Object.entries(causes) as [keyof typeof CAUSE_WORDS, number][])
    .map(([c, n]) => `${n} ${CAUSE_WORDS[c]}`)
    .join(', ');
}

/** Where a report's entries stand beside its words: above them in a table, below them on a page. */
export type EntriesAt = 'above' | 'below';

/** Fast mode: what its direction proved, or the entries a failing one was bisected to. */
export function directionLines(report: Report, s: CheckSummary, entriesAt: EntriesAt = 'above'): string[] {
  if (s.direction?.bisected) {
    // The direction's row, then the entries it was bisected to (a few): entries are read only here.
    const named = report.entries.slice(1).map(entryLabel);
    const more = s.direction.bisected.complete
      ? ''
      : ` (the first ${named.length}; a check of every entry finds the rest)`;
    return [`bisected along the same direction to ${named.join(', ')}${more}: each measured in full ${entriesAt}`];
  }
  const threshold = s.direction?.threshold;
  if (!threshold || s.verdict === 'fail') return [];
  return [
    `one direction: an error above ${brief(threshold.absolute)} on any one entry would have failed ` +
      `(at best ${brief(threshold.relative)} of the entry's value)`,
  ];
}

/** Entries NaN or ±∞ named, a few: an analytic one beside finite differences fails; differences so prove nothing. */
export function nonFiniteLines(report: Report): string[] {
  const named = (entries: Entry[]) =>
    entries.slice(0, 8).map(entryLabel).join(', ') + (entries.length > 8 ? ` and ${entries.length - 8} more` : '');
  const undecided = report.entries.filter((e) => e.status === 'nonfinite');
  const backward = report.entries.filter((e) => e.status !== 'nonfinite' && !Number.isFinite(e.analytic));
  return [
    ...(backward.length > 0
      ? [`${named(backward)}: the analytic value is NaN or ±∞ where the loss's differences are finite: wrong`]
      : []),
    ...(undecided.length > 0
      ? [
          `${named(undecided)}: the loss was NaN or ±∞ at every step tried (the step leaves its domain, ` +
            'or it overflows): proved nothing',
        ]
      : []),
  ];
}

/** Why entries fail within roundoff: the loss's resolution in the dtype and the numeric step it causes. */
export function roundoffNote(report: Report): string[] {
  const { dtype, numeric } = report.config;
  const s = report.summary;
  const table = tableOf(report);
  let maxRoundoff = 0;
  let h = Number.POSITIVE_INFINITY;
  for (let i = 0; i < table.length; i++) {
    if (!table.failsWithinRoundoff(i)) continue;
    maxRoundoff = Math.max(maxRoundoff, table.roundoff[i]);
    h = Math.min(h, table.step[i]);
  }
  const l = lossOf(report);
  const head =
    `* ${s.withinRoundoff} of ${plural(s.failed, 'failing entry', 'failing entries')} ` +
    `differ by no more than the roundoff of their numeric value ` +
    `(up to ${brief(maxRoundoff)}): ${dtype} arithmetic, not a wrong gradient.`;
  if (l === undefined) return [head];
  const stepOfColumn = ulp(l, dtype) / (2 * h);
  return [
    head,
    numeric === 'full'
      ? `  In ${dtype} the loss l = ${shortest(l)} is held to ulp(l) = ${brief(ulp(l, dtype))}, ` +
        `so the numeric column moves in steps of ulp(l)/2ε = ${brief(stepOfColumn)}.`
      : `  The numeric values rest on per-row losses rounded to ${dtype} ` +
        `(whole passes would move in steps of ulp(l)/2ε = ${brief(stepOfColumn)}).`,
  ];
}
