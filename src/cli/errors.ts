/** Exit codes, the contract with shells and CI. */
export const EXIT = { pass: 0, fail: 1, usage: 2, internal: 3, inconclusive: 4 } as const;

/** An error that knows its exit code; anything else that escapes is internal (3). */
export class GradcheckError extends Error {
  /** The rule book's code, when the error is one of its refusals (rules/constraints.ts). */
  readonly code?: string;
  constructor(
    message: string,
    readonly exitCode: number,
    options?: { cause?: unknown; code?: string },
  ) {
    super(message, options);
    this.name = new.target.name;
    if (options?.code) this.code = options.code;
  }
}

/** Bad flags or bad input: the user's to fix. Exit 2. `cause` (a module's own error) is shown with --debug. */
export class UsageError extends GradcheckError {
  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(message, EXIT.usage, options);
  }
}

/** ` (did you mean 'model'?)` for a key an edit or two from a known one (a swap of neighbours is one); else ''. */
export function didYouMean(key: string, known: readonly string[]): string {
  const distance = (a: string, b: string) => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => i + j));
    for (let i = 1; i <= a.length; i++)
      for (let j = 1; j <= b.length; j++) {
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    return d[a.length][b.length];
  };
  const best = known.map((k) => ({ k, d: distance(key.toLowerCase(), k.toLowerCase()) })).sort((x, y) => x.d - y.d)[0];
  // A one-letter key is as near every other one-letter key: only a difference of case is a suggestion then.
  const near = key.length < 2 ? 0 : Math.min(2, Math.ceil(key.length / 3));
  return best && best.d <= near ? ` (did you mean '${best.k}'?)` : '';
}

/** Where in `text` a JSON.parse error's "position N" is, as `line L, column C`; '' when the message has none. */
export function jsonPosition(text: string, message: string): string {
  const at = /position (\d+)/.exec(message);
  if (!at) return '';
  const before = text.slice(0, Number(at[1]));
  const line = before.split('\n').length;
  return ` (line ${line}, column ${Number(at[1]) - before.lastIndexOf('\n')})`;
}
