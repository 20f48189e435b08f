import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { checkGradient, checkModel, checkVjp, renderHtml } from '../src/index.js';
import { layoutOf, MAX_CELLS } from '../src/render/html/heatmap.js';
import { VIRIDIS } from '../src/render/html/style.js';
import { runCli, tempFile } from './helpers.js';

/** What a page draws, read back from its markup: map cells, outlined ones, and each cell's hover text. */
function cellsOf(html: string) {
  const cells = [
    ...html.matchAll(/<rect x="(\d+)" y="(\d+)" width="1" height="1" class="cell ([^"]+)"><title>([^<]*)<\/title>/g),
  ];
  return cells.map((m) => ({ x: Number(m[1]), y: Number(m[2]), fails: m[3].includes('fail'), title: m[4] }));
}

const unescaped = (s: string) => s.replace(/&#(\d+);/g, (_, c) => String.fromCharCode(Number(c)));

/** Failing entries of a --json report: the ones a page outlines. */
interface JsonEntry {
  status: string;
  index: number[];
  analytic: number;
  numeric: number;
  bound: number;
}
const failing = (report: { entries: JsonEntry[] }) => report.entries.filter((e) => e.status === 'fail');

describe('--format html', () => {
  test('a page of its own: no script, no address, a policy that lets nothing load', () => {
    const r = runCli(['--format', 'html']);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^<!doctype html>/);
    assert.match(
      r.stdout,
      /Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"/,
    );
    assert.doesNotMatch(r.stdout, /<script|https?:|@import|url\(/i);
    // Never colored: no escape codes.
    assert.ok(!r.stdout.includes('\u001b['));
  });

  test('its cells and outlines are the JSON report of the same run: one cell an entry, failing ones outlined', () => {
    const args = ['--bug', 'transpose', '-d', '4', '-C', '4', '-n', '5'];
    const json = JSON.parse(runCli([...args, '--json']).stdout);
    const page = runCli([...args, '--format', 'html']);
    assert.equal(page.code, 1);
    const cells = cellsOf(page.stdout);
    assert.equal(cells.length, json.entries.length);
    const outlined = cells.filter((c) => c.fails);
    assert.equal(outlined.length, failing(json).length);
    assert.ok(outlined.length > 0);
    // Each failing entry W[i,j] is outlined at row i, column j, and its hover text holds its numbers, every digit.
    for (const e of failing(json)) {
      const cell = cells.find((c) => c.y === e.index[0] && c.x === e.index[1]);
      assert.ok(cell?.fails, `W[${e.index}] outlined`);
      const title = unescaped(cell.title);
      assert.match(title, new RegExp(`^W\\[${e.index.join(',')}\\]: FAIL`));
      for (const value of [e.analytic, e.numeric, e.bound]) assert.ok(title.includes(String(value)), title);
    }
    // The diagnosis is drawn: the scatter against the transposed entries.
    assert.match(page.stdout, /numeric of the transposed entry/);
  });

  test('the verdict and its reasons in the words of the terminal', () => {
    for (const args of [[], ['--bug', 'sign'], ['--model', 'relu', '--dtype', 'float32']]) {
      const quiet = runCli([...args, '-q']).stdout.trim();
      const page = runCli([...args, '--format', 'html']);
      const heading = /<section class="verdict (\w+)"><h2>([^<]*)<\/h2>/.exec(page.stdout);
      assert.ok(heading, args.join(' '));
      assert.equal(unescaped(heading[2]), quiet.replace(/ \(float32 alone: inconclusive\)$/, ''));
      const table = runCli([...args]).stdout;
      const diagnosis = /diagnosis: .*/.exec(table)?.[0];
      if (diagnosis) assert.ok(unescaped(page.stdout).includes(diagnosis.split(' — ')[0]), diagnosis);
    }
  });

  test('the colour classes darken steadily: their order survives greyscale (relative luminance, WCAG)', () => {
    const linear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((k) => linear(Number.parseInt(hex.slice(k, k + 2), 16) / 255));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const values = VIRIDIS.map(luminance);
    assert.equal(values.length, 8);
    // Neighbours differ by a step a grey printer keeps apart: at least 0.02 in luminance.
    for (let k = 1; k < values.length; k++) assert.ok(values[k - 1] - values[k] > 0.02, `${k}: ${values}`);
  });

  test('a parameter is drawn in its own shape: a matrix, a strip, slices; tiles above the cap', () => {
    assert.deepEqual(layoutOf([3, 4]), { slices: 1, rows: 3, cols: 4, across: 1, tile: 1, run: 0 });
    // A vector, and a matrix of one row or one column, is a strip wrapped every 128 cells.
    for (const shape of [[300], [300, 1], [1, 300]])
      assert.deepEqual(layoutOf(shape), { slices: 1, rows: 3, cols: 128, across: 1, tile: 1, run: 1 });
    assert.deepEqual(layoutOf([]), { slices: 1, rows: 1, cols: 1, across: 1, tile: 1, run: 1 });
    assert.deepEqual(layoutOf([5, 2, 3]), { slices: 5, rows: 2, cols: 3, across: 3, tile: 1, run: 0 });
    assert.deepEqual(layoutOf([5, 1, 2, 3]), layoutOf([5, 2, 3]));
    // 1000 × 100: tiles of 5 × 5 make 200 × 20 = 4000 cells, the fewest per tile within 4096.
    assert.deepEqual(layoutOf([1000, 100]), { slices: 1, rows: 1000, cols: 100, across: 1, tile: 5, run: 0 });
    // 10⁵ entries of a vector: runs of 25 consecutive entries, 4000 cells, 128 a row.
    assert.deepEqual(layoutOf([100000]), { slices: 1, rows: 32, cols: 128, across: 1, tile: 1, run: 25 });
    for (const shape of [
      [2048, 3],
      [7, 9, 11, 13],
      [3, 500, 500],
    ]) {
      const { slices, rows, cols, tile } = layoutOf(shape);
      const cells = slices * Math.ceil(rows / tile) * Math.ceil(cols / tile);
      assert.ok(cells <= MAX_CELLS, `${shape}: ${cells}`);
      if (tile > 1) assert.ok(slices * Math.ceil(rows / (tile - 1)) * Math.ceil(cols / (tile - 1)) > MAX_CELLS);
      // Every entry has its place; a wrapped strip's last row may be short.
      const size = shape.reduce((a, b) => a * b, 1);
      assert.ok(slices * rows * cols >= size && slices * rows * cols < size + cols, `${shape}`);
    }
  });

  test('tiles: each drawn as its worst entry, outlined when it holds a failing one', () => {
    // W is 300 × 20 (6000 entries, over the cap): tiles of 2 × 2; a sign bug on one entry outlines one tile.
    const args = ['-n', '3', '-d', '300', '-C', '20', '--init', 'scaled'];
    const page = runCli([...args, '--format', 'html', '--bug', 'sign']);
    const cells = cellsOf(page.stdout);
    assert.match(page.stdout, /data-tile="2"/);
    assert.equal(cells.length, 150 * 10);
    assert.ok(
      cells.every((c) => c.fails),
      'every tile holds a wrong entry',
    );
    assert.match(unescaped(cells[0].title), /^W rows 0…1, cols 0…1: 4 checked, the worst:\nW\[[01],[01]\]: FAIL/);
  });

  test('machine formats unchanged beside --report-html, which writes the page of the same run', () => {
    const file = tempFile('', '.html');
    for (const format of ['json', 'junit', 'csv']) {
      const plain = runCli(['--bug', 'sign', '--format', format]);
      const both = runCli(['--bug', 'sign', '--format', format, '--report-html', file]);
      assert.equal(both.code, 1);
      assert.equal(both.stdout, plain.stdout, format);
      assert.equal(readFileSync(file, 'utf8'), runCli(['--bug', 'sign', '--format', 'html']).stdout);
    }
    const quiet = runCli(['-q', '--report-html', file]);
    assert.equal(quiet.code, 0);
    assert.match(quiet.stdout, /^PASS/);
    assert.match(readFileSync(file, 'utf8'), /<section class="verdict pass">/);
    for (const command of ['sweep', 'taylor']) {
      const both = runCli([command, '--report-html', file]);
      assert.equal(both.stdout, runCli([command]).stdout);
      assert.equal(readFileSync(file, 'utf8'), runCli([command, '--format', 'html']).stdout);
    }
  });

  test('--report-html where no file can be written: exit 2 before the check, one line, nothing on stdout', () => {
    const missing = join(dirname(tempFile('')), 'no-such-folder', 'r.html');
    for (const [path, why] of [
      [missing, /--report-html .*no-such-folder.*: cannot be written \(ENOENT\)/],
      [dirname(missing).replace('/no-such-folder', ''), /: is a folder/],
    ] as const) {
      for (const args of [[], ['sweep'], ['taylor']]) {
        const r = runCli([...args, '--report-html', path]);
        assert.equal(r.code, 2);
        assert.equal(r.stdout, '');
        assert.match(r.stderr, why);
        assert.equal(r.stderr.trim().split('\n').length, 1);
      }
    }
  });

  test('--report-html never overwrites what the check reads, and is tried as the write will try it', () => {
    const module = tempFile(readFileSync('examples/softmax.mjs', 'utf8'), '.mjs');
    const input = tempFile({ X: [[1, 2]], W: [[1], [2]], T: [[1]] });
    for (const [args, key] of [
      [['--module', module, '--report-html', module], 'module'],
      [['--input', input, '--report-html', input], 'input'],
      [['sweep', '--input', input, '--report-html', input], 'input'],
    ] as const) {
      const r = runCli([...args]);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, new RegExp(`is the --${key} file, which the page would overwrite`));
    }
    assert.match(readFileSync(module, 'utf8'), /^\/\//, 'the module is as it was');
    // Under a file (ENOTDIR): refused before the check, so a JUnit document is the error's alone.
    const r = runCli(['--format', 'junit', '--report-html', join(module, 'r.html')]);
    assert.equal(r.code, 2);
    assert.equal((r.stdout.match(/<\?xml/g) ?? []).length, 1);
    assert.match(r.stdout, /<error type="usage" message="--report-html .*: cannot be written \(ENOTDIR\)/);
  });

  test('a config names the page relative to itself, and only as a path', () => {
    const folder = mkdtempSync(join(tmpdir(), 'gradcheck-html-config-'));
    const config = join(folder, 'gradcheck.config.json');
    for (const [value, ok] of [
      ['page.html', true],
      [5, false],
      ['', false],
    ] as const) {
      writeFileSync(config, JSON.stringify({ reportHtml: value }));
      mkdirSync(join(folder, 'below'), { recursive: true });
      const r = runCli(['-q'], {}, join(folder, 'below'));
      assert.equal(r.code, ok ? 0 : 2, String(value));
      if (ok) assert.match(readFileSync(join(folder, 'page.html'), 'utf8'), /^<!doctype html>/);
      else
        assert.match(r.stderr, /config \.\.\/gradcheck\.config\.json: reportHtml is .*: expected a path, a non-empty/);
    }
  });

  test('renderHtml names what it was given when it is no report', () => {
    const model = checkModel({});
    assert.throws(() => renderHtml(model as never), /renderHtml: expected a report .*; pass its 'report'/);
    assert.throws(() => renderHtml([] as never), /not an array of 0/);
    assert.throws(() => renderHtml({ entries: [] } as never), /not an object with entries/);
    assert.match(renderHtml(model.report), /<section class="verdict pass">/);
  });

  test('a long vector: runs of consecutive entries a cell, its hover text naming them', () => {
    const n = 9000;
    const report = checkGradient(
      {
        parameters: { v: Array.from({ length: n }, (_, k) => Math.sin(k)) },
        loss: ({ v }) => v.reduce((s, x) => s + x * x, 0),
        gradient: ({ v }) => ({ v: v.map((x, k) => (k === 4321 ? 3 * x : 2 * x)) }),
      },
      { fast: false },
    );
    const cells = cellsOf(renderHtml(report));
    // 9000 entries, 4096 cells at most: runs of 3, 3000 cells, 128 a row.
    assert.equal(cells.length, 3000);
    const outlined = cells.filter((c) => c.fails);
    assert.equal(outlined.length, 1);
    assert.deepEqual([outlined[0].x, outlined[0].y], [1440 % 128, Math.floor(1440 / 128)]);
    assert.match(unescaped(outlined[0].title), /^v entries 4320…4322 in order: 3 checked, the worst:\nv\[4321\]: FAIL/);
  });

  test('options of the terminal table do nothing in a page, and are refused', () => {
    for (const flag of [['--all'], ['--digits', '3'], ['-q'], ['--show-inputs']]) {
      const r = runCli(['--format', 'html', ...flag]);
      assert.equal(r.code, 2, flag.join(' '));
      assert.equal(r.stdout, '');
    }
  });

  test('sweep and taylor pages: the plot with a line a series, its guides and chosen steps; the numbers in a table', () => {
    const sweep = runCli(['sweep', '--scheme', 'forward,central', '--format', 'html']).stdout;
    const json = JSON.parse(runCli(['sweep', '--scheme', 'forward,central', '--json']).stdout);
    // A line a series on the plot (the key's samples are drawn from M2 6).
    assert.equal((sweep.match(/<path class="line s\d" d="M\d+\.\d/g) ?? []).length, 2);
    assert.equal((sweep.match(/<line class="rule s\d"/g) ?? []).length, 2);
    assert.equal((sweep.match(/<line class="guide/g) ?? []).length, 4);
    for (const s of json.series) {
      assert.ok(sweep.includes(`--eps auto takes h = ${s.predictedStep.toExponential(2)}`));
      for (const p of s.points) assert.ok(sweep.includes(`>${p.maxRelError}`), String(p.maxRelError));
    }
    const wrong = runCli(['taylor', '--bug', 'sign', '--format', 'html']);
    assert.equal(wrong.code, 1);
    const line = runCli(['taylor', '--bug', 'sign'])
      .stdout.split('\n')
      .find((l) => l.startsWith('FAIL'));
    assert.ok(line && unescaped(wrong.stdout).includes(line));
    assert.match(wrong.stdout, /slope 2: r ∝ h² \(a right gradient\)/);
    // A module's sweep and Taylor test draw the same plots.
    for (const command of ['sweep', 'taylor']) {
      const r = runCli([command, '--module', 'examples/softmax.mjs', '--format', 'html']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /<svg class="plot"[\s\S]*<path class="line s0" d="M\d/);
    }
  });

  test('a module: several rules on one page, its names escaped; the library returns the same page', () => {
    const r = runCli(['--module', 'examples/hvp.mjs', '--format', 'html']);
    assert.equal(r.code, 0);
    // Two rules, one colour key.
    assert.equal(r.stdout.match(/<h2 class="rule-head">/g)?.length, 2);
    assert.equal(r.stdout.match(/<div class="key" role="list"/g)?.length, 1);
    // Several parameters: a scatter each, at its own scale, with its own diagnosis' line.
    const hidden = runCli(['--hidden', '3', '-n', '5', '-d', '4', '-C', '2', '--wrt', 'W1,W2,X', '--bug', 'sign']);
    const page = runCli([
      '--hidden',
      '3',
      '-n',
      '5',
      '-d',
      '4',
      '-C',
      '2',
      '--wrt',
      'W1,W2,X',
      '--bug',
      'sign',
      '--format',
      'html',
    ]);
    assert.equal(page.code, hidden.code);
    for (const name of ['W1', 'W2', 'X']) assert.match(page.stdout, new RegExp(`<h3>${name}</h3><svg class="plot"`));
    assert.equal(page.stdout.match(/<title>analytic = −numeric: the sign is wrong<\/title>/g)?.length, 3);
    const report = checkGradient({
      parameters: { '<img src=x onerror=alert(1)>': [1, 2, 3] },
      loss: (p) => p['<img src=x onerror=alert(1)>'].reduce((s, v) => s + v * v, 0),
      gradient: (p) => ({ '<img src=x onerror=alert(1)>': p['<img src=x onerror=alert(1)>'].map((v) => 2 * v) }),
    });
    const escapedPage = renderHtml(report);
    assert.doesNotMatch(escapedPage, /<img/);
    assert.equal(cellsOf(escapedPage).length, 3);
    // A Jacobian's rows are drawn by the parameter entry they belong to, the worst of its outputs.
    const vjp = checkVjp({
      parameters: { x: [1, 2] },
      output: ({ x }) => [x[0] * x[1], x[0] + x[1], 3 * x[0]],
      vjp: ({ x }, cotangent) => {
        const c = cotangent as number[];
        return { x: [c[0] * x[1] + c[1] + 3 * c[2], c[0] * x[0] + c[1]] };
      },
    });
    // The map of a Jacobian is the Jacobian: a row an output (3), a column an entry of x (2).
    const jacobian = cellsOf(renderHtml(vjp));
    assert.equal(jacobian.length, 6);
    for (const e of vjp.entries) {
      const cell = jacobian.find((c) => c.y === e.output?.[0] && c.x === e.index[0]);
      assert.ok(cell && unescaped(cell.title).startsWith(`∂output[${e.output}]/∂x[${e.index}]`), JSON.stringify(e));
    }
    assert.equal(renderHtml([vjp, report]).match(/<h2 class="rule-head">/g)?.length, 2);
  });
});
