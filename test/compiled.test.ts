import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { loadCommand } from '../src/cli/compiled.js';
import { ROOT, runInProcess, tempFile } from './helpers.js';

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

  it("a check in one thread loads none of node's child_process, crypto, readline and worker_threads (7 ms of every start); two threads load worker_threads, the same report", () => {
    // A file, not node -e: -e itself loads crypto and readline.
    const probe = tempFile(
      `require(process.argv[2]).main(process.argv.slice(3)).then((code) => process.stderr.write(JSON.stringify({ code,
        loaded: process.moduleLoadList.filter((m) => /^NativeModule (child_process|crypto|readline|worker_threads)$/.test(m)) })));`,
      '.cjs',
    );
    const run = (...argv: string[]) => {
      const r = spawnSync(process.execPath, [probe, join(ROOT, 'dist', 'cli.cjs'), ...argv], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      return { stdout: r.stdout, ...(JSON.parse(r.stderr) as { code: number; loaded: string[] }) };
    };
    const shape = ['-n', '300', '-d', '20', '-C', '8', '--init', 'scaled', '--format', 'csv'];
    const alone = run(...shape, '--jobs', '1');
    assert.deepEqual(alone.loaded, []);
    assert.equal(alone.code, 0);
    const two = run(...shape, '--jobs', '2');
    assert.deepEqual(two.loaded, ['NativeModule worker_threads']);
    assert.deepEqual([two.code, two.stdout], [0, alone.stdout]);
    assert.equal(alone.stdout.trim().split('\n').length, 1 + 160);
  });
});
