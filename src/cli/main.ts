import { fileURLToPath } from 'node:url';
import { TOOL } from '../version.js';
import { EXIT } from './errors.js';

/** `gradcheck --version` alone, which needs nothing else: the rest of the command line is loaded only when used. */
const versionOnly = (argv: readonly string[]) => argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V');

/** The bundled command line: this file is bundled to dist/cli.cjs, beside it. */
export const COMMAND_FILE = fileURLToPath(new URL('./command.cjs', import.meta.url));

/** The process-facing entry: real streams in, exit code out; a last-resort handler for crashes. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    if (versionOnly(argv)) {
      process.stdout.write(`${TOOL.version}\n`);
      return EXIT.pass;
    }
    const { loadCommand } = await import('./compiled.js');
    return await loadCommand(COMMAND_FILE).command.run(argv, (url) => import(url));
  } catch (e) {
    process.stderr.write(`gradcheck: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.internal;
  }
}

/** The build's last step (npm run build): the code cache of COMMAND_FILE. */
export async function writeCodeCache(): Promise<void> {
  const compiled = await import('./compiled.js');
  await compiled.writeCodeCache(COMMAND_FILE);
}
