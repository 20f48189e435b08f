/** Exit codes, the contract with shells and CI. */
export const EXIT = { pass: 0, fail: 1, usage: 2, internal: 3 } as const;

/** An error that knows its exit code; anything else that escapes is internal (3). */
export class GradcheckError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad flags or bad input: the user's to fix. Exit 2. */
export class UsageError extends GradcheckError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}
