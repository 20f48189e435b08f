import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BIN, ROOT, runCli } from './helpers.js';

/**
 * Golden files pin every output format byte for byte. Each test/golden/*.md holds a
 * title, `$ gradcheck …` (optionally preceded by VAR=value), what the built binary
 * printed, and `Exit code: N`. A change to any output is a deliberate change to a
 * golden file: run `UPDATE_GOLDEN=1 npm test` and review the diff.
 */
const DIR = new URL('./golden/', import.meta.url);
const FENCE = '````';

function parseCommand(line: string): { env: Record<string, string>; args: string[] } {
  const words = line.replace(/^\$ /, '').match(/'[^']*'|\S+/g) ?? [];
  const env: Record<string, string> = {};
  while (words.length > 0 && /^[A-Z_]+=/.test(words[0] ?? '')) {
    const [k, v] = words.shift()!.split('=');
    env[k] = v;
  }
  assert.equal(words.shift(), 'gradcheck', `golden command must run gradcheck: ${line}`);
  return { env, args: words.map((w) => w.replace(/^'(.*)'$/, '$1')) };
}

function render(title: string, command: string): string {
  const { env, args } = parseCommand(command);
  const r = runCli(args, env);
  const parts = [title, '', command, ''];
  parts.push(...(r.stdout === '' ? ['(nothing on stdout)', ''] : [FENCE, r.stdout.replace(/\n$/, ''), FENCE, '']));
  if (r.stderr !== '') parts.push('stderr:', '', FENCE, r.stderr.replace(/\n$/, ''), FENCE, '');
  parts.push(`Exit code: ${r.code}`, '');
  return parts.join('\n');
}

describe('golden outputs of the built binary', () => {
  for (const file of readdirSync(DIR)
    .filter((f) => f.endsWith('.md'))
    .sort()) {
    it(file, () => {
      const url = new URL(file, DIR);
      const text = readFileSync(url, 'utf8');
      const [title, , command] = text.split('\n');
      const actual = render(title, command);
      if (process.env.UPDATE_GOLDEN) writeFileSync(url, actual);
      else
        assert.equal(actual, text, `${file} changed; if on purpose, run UPDATE_GOLDEN=1 npm test and review the diff`);
    });
  }
});

/** README.md and every page of docs/: what the newcomer reads and what the reference holds, each checked against the binary. */
const PAGES = ['README.md', ...readdirSync(new URL('../docs/', import.meta.url)).map((f) => `docs/${f}`)].filter((f) =>
  f.endsWith('.md'),
);
const page = (name: string) => readFileSync(new URL(`../${name}`, import.meta.url), 'utf8');

/** UPDATE_GOLDEN: the page's example replaced by as many of the binary's last lines as it showed. */
function refreshExample(name: string, command: string, shown: string, stdout: string): void {
  const lines = shown.split('\n').length - 1;
  const fresh = stdout
    .split('\n')
    .slice(-lines - 1)
    .join('\n');
  const url = new URL(`../${name}`, import.meta.url);
  writeFileSync(url, page(name).replace(`$ ${command}\n${shown}`, `$ ${command}\n${fresh}`));
}

describe('the examples of README.md and docs/', () => {
  const examples = PAGES.flatMap((name) =>
    [...page(name).matchAll(/```\n\$ (gradcheck[^\n]*)\n([\s\S]*?)```/g)].map((m) => ({
      name,
      command: m[1],
      shown: m[2],
    })),
  );
  it('there are examples to check, on several pages', () => {
    assert.ok(examples.length >= 5, `${examples.length} examples`);
    assert.ok(new Set(examples.map((e) => e.name)).size >= 3);
  });
  for (const { name, command, shown } of examples) {
    // A page may show the end of what the binary prints (the sweep's chart below its table), never other words.
    it(`${name}: \`${command}\` as the binary prints it`, () => {
      const r = runCli(command.split(' ').slice(1));
      if (process.env.UPDATE_GOLDEN && !r.stdout.endsWith(shown)) refreshExample(name, command, shown, r.stdout);
      else assert.ok(r.stdout.endsWith(shown), `${name}: the example of ${command} is stale`);
    });
  }
});

describe('README library example', () => {
  it('is test/readme-library.test.ts, which type-checks and runs', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const example = readFileSync(new URL('./readme-library.test.ts', import.meta.url), 'utf8')
      .split('\n')
      .slice(1)
      .join('\n');
    assert.ok(readme.includes(example), 'README library example and test/readme-library.test.ts differ');
  });
});

describe('every example and its stated exit code', () => {
  /** A shell where `gradcheck` is the built binary, in a scratch directory that sees examples/. */
  const shell = (line: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'gradcheck-example-'));
    symlinkSync(join(ROOT, 'examples'), join(dir, 'examples'));
    const script = `gradcheck() { "${process.execPath}" "${BIN}" "$@"; }\n${line}`;
    return spawnSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8' });
  };

  it('the sh blocks of README.md and docs/: each gradcheck line exits as its comment says (exit N), else 0', () => {
    const lines = [
      ...PAGES.map(page)
        .join('\n')
        .matchAll(/```sh\n([\s\S]*?)```/g),
    ]
      .flatMap((m) => m[1].split('\n'))
      .filter((l) => l.startsWith('gradcheck'));
    assert.ok(lines.length >= 8, `${lines.length} lines`);
    // Lines that write a file the next ones read run in one shell, in order.
    const script = lines.map((l) => {
      const expected = Number(/#.*\bexit (\d)/.exec(l)?.[1] ?? 0);
      const command = l.replace(/\s+#.*$/, '');
      return `${command}${command.includes('>') ? '' : ' >/dev/null'}; code=$?; [ $code -eq ${expected} ] || { echo "${l.replace(/"/g, '\\"').replace(/\$/g, '\\$').replace(/`/g, '\\`')}: exit $code, not ${expected}"; exit 1; }`;
    });
    const r = shell(script.join('\n'));
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  it('--help: each example runs (no exit 2 or 3), with the exit code its text states', () => {
    // A command wider than the terminal goes on over lines ending in a backslash: joined as a shell joins them.
    const help = runCli(['--help'], { COLUMNS: '60' }).stdout.replace(/ \\\n {6}/g, ' ');
    const examples = [...help.matchAll(/^ {2}\$ (gradcheck[^\n]*?)(?: {2,}([^\n]*))?\n(?: {6,}([^$\n][^\n]*)\n)*/gm)];
    assert.ok(examples.length >= 12, `${examples.length} examples`);
    for (const m of examples) {
      const [whole, command] = m;
      // Pipes into tools that may be absent (jq) are not run.
      if (command.includes('| jq')) continue;
      const stated = /exit code (\d)/.exec(whole)?.[1];
      const run = shell(command.replace(/; echo \$\?$/, ''));
      assert.ok(![2, 3].includes(run.status ?? 3), `${command}: exit ${run.status}: ${run.stderr}`);
      if (stated !== undefined) assert.equal(run.status, Number(stated), command);
    }
  });
});

describe("README's numbers, against a measurement", () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');
  it('the main check: about 8 digits, truncation ≈ 1e-8 at ε = 1e-4, roundoff ≈ 3e-10, defaults 4, 3, 2', () => {
    for (const claim of [
      'They agree to about 8 digits',
      '(≈ 1e-8 at ε = 1e-4)',
      'ε_machine·|l|/ε (≈ 3e-10 here)',
      'default 4, 3, 2',
    ])
      assert.ok(readme.includes(claim), `README no longer says: ${claim}`);
    const r = JSON.parse(runCli(['--model', 'sigmoid', '--eps', '1e-4', '--json']).stdout) as {
      loss: { sumHalf: number };
      config: { n: number; d: number; C: number };
      entries: { relError: number; roundoff: number; bound: number }[];
    };
    const digits = r.entries.map((e) => -Math.log10(e.relError)).sort((a, b) => a - b);
    const median = digits[Math.floor(digits.length / 2)];
    assert.ok(median > 7.5 && median < 9.5, `${median} digits`);
    const roundoff = (2 ** -52 * r.loss.sumHalf) / 1e-4;
    assert.ok(roundoff > 1.5e-10 && roundoff < 6e-10, `ε·|l|/ε = ${roundoff}`);
    // The bound is 4·(truncation + roundoff) plus rounding: the largest truncation read back from it.
    const truncation = Math.max(...r.entries.map((e) => e.bound / 4 - e.roundoff));
    assert.ok(truncation > 3e-9 && truncation < 3e-8, `truncation ${truncation}`);
    assert.deepEqual([r.config.n, r.config.d, r.config.C], [4, 3, 2]);
  });
});
