import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { Script } from 'node:vm';
import type * as Command from './command.js';

/**
 * The command line is one CommonJS bundle (dist/command.cjs) compiled through node:vm, so that
 * V8 can take its compiled code from the cache the build wrote beside it (file.cache) instead
 * of parsing and compiling 0.5 MB of JavaScript each run: a short check 0.105 → 0.09 s. Node 20
 * offers no code cache for ES modules (module.enableCompileCache is Node 22). A cache V8 rejects
 * (another Node.js or V8 flags than the build's) only costs the compile it would have saved.
 */
export function loadCommand(file: string, cachedData = readCache(file)): { command: typeof Command; script: Script } {
  // The wrapper node itself gives a CommonJS file. No import() in it can run (Node 20's V8 drops
  // the options import() needs from a cached script): the bundle imports through Io.importFile.
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

/** Command lines the cache is made from: what it holds compiled is what these ran (the default check, human and machine output). */
const TRAINING: readonly (readonly string[])[] = [
  [],
  ['-n', '100', '-d', '16', '-C', '4', '--init', 'scaled', '-q'],
  ['-n', '100', '-d', '16', '-C', '4', '--init', 'scaled', '--format', 'json'],
  ['--format', 'csv'],
];

/** The build's last step: run the training command lines through a fresh compile of `file`, then write what V8 compiled. */
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
