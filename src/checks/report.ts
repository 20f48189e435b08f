import type { ModelName } from '../model/activations.js';
import type { Entry } from '../pipeline/entry.js';
import { EntryTable } from '../pipeline/table.js';
import type { ProblemOptions } from '../problem/generate.js';
import type { NumericOptions } from '../rules/options.js';
import { TOOL } from '../version.js';

export type { CheckSummary } from '../pipeline/summary.js';
export type { Entry };

/** The table behind unread entries; non-enumerable: copies by descriptor keep it, spreads drop it. */
const TABLE = Symbol('entries as a table');

/**
 * `entries` made from the table when first read, in its place among the keys (the literal must hold the key):
 * renderers read the table (tableOf), so 10⁶ entries become objects only when a caller asks.
 */
export function withEntries<R extends { entries: Entry[] }>(report: R, table: EntryTable): R {
  let entries: Entry[] | undefined;
  // Once read, the objects are the caller's to change: the table no longer speaks for them.
  Object.defineProperty(report, TABLE, { value: () => (entries === undefined ? table : undefined) });
  Object.defineProperty(report, 'entries', {
    enumerable: true,
    configurable: true,
    get: () => (entries ??= table.entries()),
    set: (value: Entry[]) => {
      entries = value;
    },
  });
  return report;
}

/** A report's entries as a table: its own while its entries are unread, else made from report.entries. */
export function tableOf(report: { entries: Entry[] }): EntryTable {
  const own = (report as { [TABLE]?: () => EntryTable | undefined })[TABLE]?.();
  return own ?? EntryTable.of(report.entries);
}

/** The tool that wrote a report, as every report states it. */
export interface ToolStamp {
  name: string;
  version: string;
}

/** What opens every check report: its schema version, its kind, and the tool that wrote it. */
export function reportHead(): { schemaVersion: 1; kind: 'check'; tool: ToolStamp } {
  return { schemaVersion: 1, kind: 'check', tool: { name: TOOL.name, version: TOOL.version } };
}

/** What opens a sweep or taylor report: the schema version, the kind of report, the tool. */
export function seriesHead<K extends 'sweep' | 'taylor'>(kind: K): { schemaVersion: 1; kind: K; tool: ToolStamp } {
  return { schemaVersion: 1, kind, tool: { name: TOOL.name, version: TOOL.version } };
}

/**
 * The seed as given: a number for a plain non-negative integer (JSON gets 42, not "42"), else the text. Either way
 * String(seed) is the exact text the generator was seeded with.
 */
export function seedValue(seed: string): number | string {
  return /^(0|[1-9]\d*)$/.test(seed) && Number.isSafeInteger(Number(seed)) ? Number(seed) : seed;
}

/** The part of a model report's config that names the problem, in the order reports print it. */
export function problemConfig(
  model: ModelName,
  shape: { n: number; d: number; C: number },
  spec: Omit<ProblemOptions, 'n' | 'd' | 'C'>,
) {
  return {
    model,
    loss: 'sum-half' as const,
    n: shape.n,
    d: shape.d,
    C: shape.C,
    domain: spec.domain,
    seed: seedValue(spec.seed),
    rng: spec.rng,
    init: spec.init,
  };
}

/** How the entries were checked, as every check report's config states it, in its order. */
export function checkedAs<B extends string | null>(o: NumericOptions & { bug: B }) {
  return { eps: o.eps, atol: o.atol, rtol: o.rtol, tolerance: o.tolerance, bug: o.bug, sample: o.sample, fast: o.fast };
}
