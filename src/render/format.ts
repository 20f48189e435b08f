/** Shortest text that reads back as the same double: what csv, tsv and the tables print. */
export function shortest(x: number): string {
  return String(x);
}

/** An error size to three significant digits, e.g. 1.23e-10; 0 stays 0. */
export function brief(x: number): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return String(x);
  return x.toExponential(2);
}

/** A number as JSON can hold it: non-finite values become "NaN", "Infinity", "-Infinity". */
export function jsonNumber(x: number): number | string {
  return Number.isFinite(x) ? x : String(x);
}

/** "1 entry", "3 entries": a count with its noun in the number it needs. */
export const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "1 entry", "3 entries". */
export const entries = (n: number) => plural(n, 'entry', 'entries');
