import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { Script } from 'node:vm';
import type * as Command from './command.js';

/**
 * One CommonJS bundle compiled through node:vm, so that V8 takes its code from the cache the build wrote beside it
 * (file.cache) instead of compiling it each run: Node 20 has no code cache for ES modules. A cache V8 rejects
 * (another Node.js, other V8 flags) only costs the compile it would have saved.
 */
export function loadCommand(file: string, cachedData = readCache(file)): { command: typeof Command; script: Script } {
  // Node's own CommonJS wrapper. import() cannot run in a cached script (Node 20): the bundle uses Io.importFile.
  const source = readFileSync(file, 'utf8');
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
  });
  const module = { exports: {} as typeof Command };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return { command: module.exports, script };
}

function readCache(file: string): Buffer | undefined {
  try {
    return readFileSync(`${file}.cache`);
  } catch {
    return undefined;
  }
}

/** The cache's training runs: it holds compiled only what these ran (the default check, human and machine output). */
const TRAINING: readonly (readonly string[])[] = [
  [],
  ['-n', '100', '-d', '16', '-C', '4', '--init', 'scaled', '-q'],
  ['-n', '100', '-d', '16', '-C', '4', '--init', 'scaled', '--format', 'json'],
  ['--format', 'csv'],
];

/** The build's last step: run TRAINING on a fresh compile of `file`, then write V8's code cache beside it. */
export async function writeCodeCache(file: string): Promise<void> {
  const { command, script } = loadCommand(file, undefined);
  const discard = () => new Writable({ write: (_chunk, _encoding, done) => done() });
  // Run where an empty config file is the nearest: none of a surrounding project's options.
  const cwd = mkdtempSync(join(tmpdir(), 'gradcheck-build-'));
  try {
    writeFileSync(join(cwd, 'gradcheck.config.json'), '{}');
    for (const argv of TRAINING) {
      const code = await command.execute(argv, { stdout: discard(), stderr: discard(), env: {}, colorLevel: 0, cwd });
      if (code !== 0) throw new Error(`the code cache's command line ${argv.join(' ')} ended with ${code}`);
    }
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
  writeFileSync(`${file}.cache`, script.createCachedData());
}
