import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { loadCommand } from '../src/cli/compiled.js';
import { ROOT, runInProcess } from './helpers.js';

const COMMAND = join(ROOT, 'dist', 'command.cjs');

/** The bundled command's execute on a command line, its stdout and exit code. */
async function runBundled(command: ReturnType<typeof loadCommand>['command'], argv: string[]) {
  const [stdout, stderr] = [new PassThrough(), new PassThrough()];
  const chunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  const code = await command.execute(argv, { stdout, stderr, env: {}, colorLevel: 0 });
  return { code, stdout: Buffer.concat(chunks).toString('utf8') };
}

describe('the command line compiled with the code cache the build wrote (src/cli/compiled.ts)', () => {
  const argv = ['-n', '30', '-d', '6', '-C', '3', '--init', 'scaled', '--format', 'csv'];

  it('npm run build wrote dist/command.cjs.cache, V8 takes it, and the command runs from it', async () => {
    assert.ok(existsSync(`${COMMAND}.cache`));
    const { command, script } = loadCommand(COMMAND);
    assert.equal(script.cachedDataRejected, false);
    const r = await runBundled(command, argv);
    // What the command line's sources (tsc's build, not the bundle) write: the header and 18 entries.
    const sources = await runInProcess(argv);
    assert.deepEqual(r, { code: sources.code, stdout: sources.stdout });
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trim().split('\n').length, 1 + 18);
  });

  it('a cache V8 refuses (another build, Node.js or V8 flags) costs only the compile: the same bytes out', async () => {
    const cached = await runBundled(loadCommand(COMMAND).command, argv);
    const refused = loadCommand(COMMAND, Buffer.from('not a code cache'));
    assert.equal(refused.script.cachedDataRejected, true);
    assert.deepEqual(await runBundled(refused.command, argv), cached);
    assert.equal((await runBundled(refused.command, [...argv, '--bug', 'sign'])).code, 1);
  });
});
