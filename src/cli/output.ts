/**
 * A writer that stops quietly when the reader goes away (`gradcheck … | head -1`):
 * EPIPE ends the output, it is not an error of the check.
 */
export class Sink {
  private closed = false;

  constructor(private readonly stream: NodeJS.WritableStream) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') this.closed = true;
      else throw err;
    });
  }

  /** Resolves once the text is handed to the OS, or dropped because the reader left. */
  write(text: string): Promise<void> {
    if (this.closed || text.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.stream.write(text, () => resolve());
    });
  }
}
