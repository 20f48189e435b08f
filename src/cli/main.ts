import chalk from 'chalk';
import { EXIT } from './errors.js';
import { execute } from './index.js';
import { canDrawProgress } from './progress.js';

/** The process-facing entry: real streams in, exit code out; a last-resort handler for crashes. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    return await execute(argv, {
      stdout: process.stdout,
      stderr: process.stderr,
      env: process.env,
      colorLevel: process.stdout.isTTY ? chalk.level : 0,
      interactive: canDrawProgress(process.env, Boolean(process.stdout.isTTY), Boolean(process.stderr.isTTY)),
      stdin: process.stdin,
      columns: process.stdout.isTTY ? process.stdout.columns : undefined,
    });
  } catch (e) {
    process.stderr.write(`gradcheck: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.internal;
  }
}
