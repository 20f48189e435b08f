import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from './helpers.js';

/** A project directory with the given files, and a subdirectory to run from. */
function project(files: Record<string, string>): { dir: string; sub: string } {
  const dir = mkdtempSync(join(tmpdir(), 'gradcheck-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const sub = join(dir, 'src', 'deep');
  mkdirSync(sub, { recursive: true });
  return { dir, sub };
}

const json = (stdout: string) =>
  JSON.parse(stdout) as { config: { model: string; n: number; scheme: string; init: string; data?: string } };

describe('config files', () => {
  it('gradcheck.config.json, found upward from the working directory; the command line wins', () => {
    const { sub } = project({
      'gradcheck.config.json': JSON.stringify({ model: 'tanh', n: 6, init: 'scaled', scheme: 'five-point' }),
    });
    const r = runCli(['--json', '--scheme', 'central'], {}, sub);
    assert.equal(r.code, 0, r.stderr);
    const { config } = json(r.stdout);
    assert.deepEqual([config.model, config.n, config.init, config.scheme], ['tanh', 6, 'scaled', 'central']);
  });

  it("a config's module and input paths are relative to the config file, wherever gradcheck runs", () => {
    const { dir, sub } = project({
      'gradcheck.config.json': JSON.stringify({ module: 'layer.mjs' }),
      'layer.mjs':
        'export const parameters = { w: [0.5, -1] }; export const loss = ({ w }) => w[0] * w[1] ** 2; ' +
        'export const gradient = ({ w }) => ({ w: [w[1] ** 2, 2 * w[0] * w[1]] });',
    });
    for (const cwd of [sub, dir, tmpdir()]) {
      const args = cwd === tmpdir() ? ['--config', join(dir, 'gradcheck.config.json'), '-q'] : ['-q'];
      const r = runCli(args, {}, cwd);
      assert.equal(r.code, 0, `${cwd}: ${r.stderr}`);
    }
  });

  it('a JSON syntax error names the file, line and column; 1e400 is out of range, not null; an unknown input field is refused', () => {
    const { dir } = project({
      'bad.json': '{\n  "model": "tanh",\n  "seed": 3,\n}\n',
      'big.json': '{ "eps": 1e400 }',
      'input.json': JSON.stringify({ X: [[1, 2]], W: [[1], [2]], T: [[1]], t: [[1]] }),
    });
    const syntax = runCli(['--config', 'bad.json'], {}, dir);
    assert.equal(syntax.code, 2);
    assert.match(syntax.stderr, /'bad\.json' cannot be loaded: .* \(line 4, column 1\)\.\n$/);
    const big = runCli(['--config', 'big.json'], {}, dir);
    assert.match(big.stderr, /config big\.json: eps is out of range \(1e308 or beyond, read as Infinity\)/);
    const field = runCli(['--input', 'input.json'], {}, dir);
    assert.equal(field.code, 2);
    assert.equal(field.stdout, '');
    assert.match(
      field.stderr,
      /input input\.json: 't' is not a field of an input \(did you mean 'T'\?\): expected X, W/,
    );
  });

  it('a "gradcheck" key in package.json, and a .mjs config; a key of another command is left to it', () => {
    const pkg = project({ 'package.json': JSON.stringify({ name: 'x', gradcheck: { model: 'relu', steps: 8 } }) });
    assert.equal(json(runCli(['--json'], {}, pkg.sub).stdout).config.model, 'relu');
    const mjs = project({ 'gradcheck.config.mjs': "export default { model: 'softplus', dtype: 'float32' };\n" });
    const r = runCli(['taylor', '--json'], {}, mjs.sub);
    assert.deepEqual(
      [json(r.stdout).config.model, (json(r.stdout).config as unknown as { dtype: string }).dtype],
      ['softplus', 'float32'],
    );
  });

  it('--config FILE names one; --print-config shows the merged options and where each came from, and runs nothing', () => {
    const { dir } = project({ 'ci.json': JSON.stringify({ model: 'tanh', sample: 3, recheck: false }) });
    const r = runCli(['--config', join(dir, 'ci.json'), '--print-config', '-n', '7']);
    assert.equal(r.code, 0, r.stderr);
    const printed = JSON.parse(r.stdout) as {
      config: string;
      options: Record<string, unknown>;
      from: Record<string, string>;
    };
    assert.equal(printed.config, join(dir, 'ci.json'));
    assert.deepEqual(
      [printed.options.model, printed.options.sample, printed.options.recheck, printed.options.n],
      ['tanh', 3, false, 7],
    );
    assert.deepEqual(printed.from, { model: 'config', sample: 'config', recheck: 'config', n: 'cli' });
  });

  it("a replayed report's config outranks a config file; the command line outranks both", () => {
    const report = runCli(['--model', 'sigmoid', '--json']).stdout;
    const { dir, sub } = project({ 'gradcheck.config.json': JSON.stringify({ model: 'tanh' }) });
    writeFileSync(join(dir, 'report.json'), report);
    assert.equal(json(runCli(['--input', join(dir, 'report.json'), '--json'], {}, sub).stdout).config.model, 'sigmoid');
    assert.equal(
      json(runCli(['--input', join(dir, 'report.json'), '--model', 'relu', '--json'], {}, sub).stdout).config.model,
      'relu',
    );
  });

  const bad: [Record<string, string>, RegExp][] = [
    [
      { 'gradcheck.config.json': '{"model": "gelu"}' },
      /^gradcheck: error: config .*gradcheck\.config\.json: model is "gelu": expected one of linear, sigmoid, tanh, relu, softplus\.$/,
    ],
    [
      { 'gradcheck.config.json': '{"modle": "tanh"}' },
      /config .*gradcheck\.config\.json: 'modle' is not an option gradcheck takes from a config \(did you mean 'model'\?\): expected model, n, d/,
    ],
    [{ 'gradcheck.config.json': '{"n": -2}' }, /config .*: n is -2: expected a positive integer\./i],
    [
      { 'gradcheck.config.json': '[1, 2]' },
      /config .*gradcheck\.config\.json is an array: expected an object of options\./,
    ],
    [{ 'gradcheck.config.json': '{ "model": ' }, /config file near .* cannot be loaded: /],
    [{ 'gradcheck.config.mjs': 'throw new Error("boom");' }, /config file near .* cannot be loaded: boom\./],
  ];
  for (const [files, message] of bad) {
    it(`bad config → exit 2, one line naming the file and the key: ${Object.values(files)[0]}`, () => {
      const r = runCli([], {}, project(files).sub);
      assert.equal(r.code, 2, r.stdout);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.trim().split('\n').length, 1);
      assert.match(r.stderr.trim(), message);
    });
  }
});
