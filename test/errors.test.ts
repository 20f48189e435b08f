import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { BIN, ROOT } from './helpers.js';

/**
 * docs/ERRORS.md is the inventory of bad input: every row's command must exit 2 with
 * nothing on stdout and exactly the row's message on stderr.
 */
const doc = readFileSync(new URL('../docs/ERRORS.md', import.meta.url), 'utf8');
const rows = doc.split('\n').filter((line) => line.startsWith('| `') && line.includes('`gradcheck'));

/** Splits a table row on unescaped pipes and unescapes the cells. */
function cells(line: string): string[] {
  return line
    .slice(2, -2)
    .split(/ \| (?=(?:[^`]*`[^`]*`)*[^`]*$)/)
    .map((c) => c.replace(/\\\|/g, '|'));
}

/** `gradcheck a 'b c' < file` → argv and the file to feed to stdin. */
function parse(command: string): { args: string[]; stdin?: string } {
  const [cmd, file] = command.split(' < ');
  const words = cmd.match(/'[^']*'|\S+/g)!.map((w) => w.replace(/^'(.*)'$/, '$1'));
  assert.equal(words.shift(), 'gradcheck');
  return { args: words, stdin: file };
}

describe('docs/ERRORS.md: one test per row', () => {
  it('lists every kind of input', () => {
    assert.ok(rows.length >= 90, `${rows.length} rows`);
    for (const needle of [
      '`--input`',
      '`--module`',
      '`sweep',
      '`taylor',
      '`-n`',
      '`--eps`',
      '`--seed`',
      'never returns',
      'repeated',
      'with --format',
    ]) {
      assert.ok(doc.includes(needle), needle);
    }
  });

  for (const line of rows) {
    const [input, bad, command, message] = cells(line);
    it(`${input.replace(/`/g, '')} ${bad}: ${command.replace(/`/g, '')}`, () => {
      const { args, stdin } = parse(command.replace(/`/g, ''));
      const r = spawnSync(process.execPath, [BIN, ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        input: stdin ? readFileSync(new URL(`../${stdin}`, import.meta.url)) : '',
      });
      assert.equal(r.status, 2);
      // Nothing on stdout, but under --format junit the document of one errored case (docs/CI.md).
      if (args.join(' ').includes('--format junit')) assert.match(r.stdout, /<error type="usage" message="/);
      else assert.equal(r.stdout, '');
      assert.equal(r.stderr, `gradcheck: error: ${message}\n`);
    });
  }
});
