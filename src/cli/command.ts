import chalk from 'chalk';
import type { ImportFile } from './config.js';
import { execute } from './index.js';
import { canDrawProgress } from './progress.js';

export { execute };

/** The command on the real process: streams in, exit code out. main.ts loads it bundled, compiled from a code cache. */
export function run(argv: readonly string[], importFile: ImportFile): Promise<number> {
  return execute(argv, {
    importFile,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    colorLevel: process.stdout.isTTY ? chalk.level : 0,
    interactive: canDrawProgress(process.env, Boolean(process.stdout.isTTY), Boolean(process.stderr.isTTY)),
    stdin: process.stdin,
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  });
}
