import type { ImportFile } from './config.js';
/**
 * A writer that stops quietly when the reader goes away (`gradcheck … | head -1`): EPIPE is not the check's error.
 * Any other write error rejects, and becomes an internal error (exit 3).
 */
export class Sink {
  private isClosed = false;

  constructor(private readonly stream: NodeJS.WritableStream) {
    // Errors also reach each write's callback; this only keeps an 'error' event from being thrown at the top level.
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') this.isClosed = true;
    });
  }

  /** Writes the chunks in order, each (awaited if a promise) once the last is flushed; stops when the reader leaves. */
  async writeAll(chunks: Iterable<string | Promise<string>>): Promise<void> {
    for (const chunk of chunks) {
      if (this.isClosed) return;
      await this.write(await chunk);
    }
  }

  /** Resolves once the text is handed to the OS, or dropped because the reader left. */
  write(text: string): Promise<void> {
    if (this.isClosed || text.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.stream.write(text, (err?: NodeJS.ErrnoException | null) => {
        if (!err) resolve();
        else if (err.code === 'EPIPE') {
          this.isClosed = true;
          resolve();
        } else reject(err);
      });
    });
  }
}

/** Where the command reads and writes: the real process, or a test's buffers. */
export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
  /** The color level stdout supports when it is a terminal (chalk's level); 0 when it is not. */
  colorLevel: 0 | 1 | 2 | 3;
  /** Both stdout and stderr are terminals: a person is watching, a progress bar may be drawn. */
  interactive?: boolean;
  /** The terminal's width, when stdout is one. */
  columns?: number;
  /** Where `--input -` reads from. */
  stdin?: NodeJS.ReadableStream;
  /** Where a config file is looked for, upward; the process's working directory when absent. */
  cwd?: string;
  /** How a JavaScript config file is imported, by URL: the caller's import(), which node:vm-compiled code cannot do. */
  importFile?: ImportFile;
}
