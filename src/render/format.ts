/** Shortest text that reads back as the same double: what csv, tsv and the tables print. */
export function shortest(x: number): string {
  return String(x);
}

/** f memoized for up to 64 values: a column of few distinct values (power-of-two steps) is formatted once a value. */
export function ofFew(f: (x: number) => string): (x: number) => string {
  const known = new Map<number, string>();
  return (x) => {
    let text = known.get(x);
    if (text === undefined) {
      text = f(x);
      if (known.size < 64) known.set(x, text);
    }
    return text;
  };
}

/** |difference| as text: when finite, the difference's text without its sign (one number formatted, not two). */
export function absoluteText(
  differenceText: string,
  difference: number,
  absError: number,
  format: (x: number) => string,
): string {
  if (!Number.isFinite(difference) || absError !== Math.abs(difference)) return format(absError);
  return differenceText.startsWith('-') ? differenceText.slice(1) : differenceText;
}

/** x to `digits` significant digits (shortest form of the rounded value); every digit when undefined. */
export function toDigits(x: number, digits: number | undefined): string {
  if (digits === undefined || !Number.isFinite(x)) return String(x);
  return String(Number(x.toPrecision(digits)));
}

/** Visible length: ANSI color codes take no room on a terminal. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the escape is what is matched
export const visibleLength = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '').length;

/** Prose wrapped at spaces to `width`, continuation lines indented two; long words stay whole. No width: as is. */
export function wrap(text: string, width: number | undefined): string {
  if (width === undefined) return text;
  return text
    .split('\n')
    .map((line) => {
      if (visibleLength(line) <= width) return line;
      const lead = /^\s*/.exec(line)?.[0] ?? '';
      const out: string[] = [];
      let current = '';
      for (const word of line.trim().split(/ +/)) {
        const indent = out.length === 0 ? lead : `${lead}  `;
        const next = current === '' ? indent + word : `${current} ${word}`;
        if (visibleLength(next) > width && current !== '') {
          out.push(current);
          current = `${lead}  ${word}`;
        } else current = next;
      }
      out.push(current);
      return out.join('\n');
    })
    .join('\n');
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
