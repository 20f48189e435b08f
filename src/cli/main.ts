import { TOOL } from '../version.js';
import { EXIT } from './errors.js';

/** `gradcheck --version` alone, which needs nothing else: the rest of the command line is loaded only when used. */
const versionOnly = (argv: readonly string[]) => argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V');

/** The process-facing entry: real streams in, exit code out; a last-resort handler for crashes. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    if (versionOnly(argv)) {
      process.stdout.write(`${TOOL.version}\n`);
      return EXIT.pass;
    }
    const [{ default: chalk }, { execute }, { canDrawProgress }] = await Promise.all([
      import('chalk'),
      import('./index.js'),
      import('./progress.js'),
    ]);
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
