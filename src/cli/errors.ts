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
