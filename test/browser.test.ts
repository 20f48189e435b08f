/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launch, openFile } from './browser.js';
import { ROOT, runCli } from './helpers.js';

/**
 * Reports opened in Chromium from file://, as a user opens them: nothing logged, nothing fetched, and what is drawn
 * is what the JSON of the same run says. Screenshots are kept in test/output/ (UPDATE_SCREENSHOTS=1 copies the
 * README's into docs/images/).
 */
const OUTPUT = join(ROOT, 'test', 'output');
mkdirSync(OUTPUT, { recursive: true });
// CI installs Chromium (.ci/run): there the test runs or fails, never skips.
const skip = !hasChromium && process.env.CI !== 'true' ? 'Chromium is not installed (.ci/run installs it)' : false;

interface Entry {
  param: string;
  index: number[];
  analytic: number;
  numeric: number;
  absError: number;
  bound: number;
  status: string;
}

/** The report of one run twice: its JSON on stdout, its page written beside it (--report-html). */
function run(name: string, args: string[]): { file: string; json: { entries: Entry[]; series?: unknown[] } } {
  const file = join(OUTPUT, `${name}.html`);
  const r = runCli([...args, '--json', '--report-html', file]);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  return { file, json: JSON.parse(r.stdout) };
}

/** The cells a page drew, from the DOM: position, outline, hover text. */
async function drawnCells(page: Page) {
  return page.$$eval('svg.map[data-param] rect.cell', (rects) =>
    rects.map((r) => ({
      x: Number(r.getAttribute('x')),
      y: Number(r.getAttribute('y')),
      fails: r.classList.contains('fail'),
    })),
  );
}

/** Where JSON entries of a matrix fall in tiles of `tile`: each tile's key, and whether it holds a failing entry. */
function expectedTiles(entries: readonly Entry[], tile: number): Map<string, boolean> {
  const tiles = new Map<string, boolean>();
  for (const e of entries) {
    const key = `${Math.floor(e.index[1] / tile)},${Math.floor(e.index[0] / tile)}`;
    tiles.set(key, (tiles.get(key) ?? false) || e.status === 'fail');
  }
  return tiles;
}

/** The hover text of the cell under the mouse at the centre of the n-th failing cell: what a user sees there. */
async function hoverFailing(page: Page, n: number): Promise<string> {
  const rect = page.locator('svg.map[data-param] rect.cell.fail').nth(n);
  const box = await rect.boundingBox();
  assert.ok(box);
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(x, y);
  return page.evaluate(
    ([px, py]) => {
      const under = document.elementFromPoint(px, py);
      const cell = under?.closest('rect.cell') ?? under;
      return cell?.querySelector('title')?.textContent ?? `nothing hoverable under the mouse: ${under?.tagName}`;
    },
    [x, y],
  );
}

describe('reports in Chromium', { skip }, () => {
  let browser: Browser;
  let close: () => Promise<void>;
  before(async () => {
    ({ browser, close } = await launch());
  });
  after(async () => close?.());

  async function opened(file: string, name: string, colorScheme: 'light' | 'dark' = 'light') {
    const o = await openFile(browser, file, { colorScheme });
    assert.deepEqual(o.errors, [], 'console errors');
    assert.deepEqual(o.requests, [], 'network requests');
    await o.page.screenshot({ path: join(OUTPUT, `${name}.png`), fullPage: true });
    return o.page;
  }

  test('a passing check: a cell an entry, none outlined', async () => {
    const { file, json } = run('pass', []);
    const page = await opened(file, 'pass');
    const cells = await drawnCells(page);
    assert.equal(cells.length, json.entries.length);
    assert.equal(cells.filter((c) => c.fails).length, 0);
    assert.equal(await page.locator('section.verdict.pass h2').textContent(), runCli(['-q']).stdout.trim());
    await page.close();
  });

  test('a transposed gradient: the failing entries outlined where they are, their numbers on hover', async () => {
    const { file, json } = run('transpose', ['--bug', 'transpose', '-d', '6', '-C', '6', '-n', '8']);
    const page = await opened(file, 'transpose');
    const cells = await drawnCells(page);
    const failing = json.entries.filter((e) => e.status === 'fail');
    assert.equal(cells.length, 36);
    assert.deepEqual(
      cells
        .filter((c) => c.fails)
        .map((c) => `${c.y},${c.x}`)
        .sort(),
      failing.map((e) => e.index.join(',')).sort(),
    );
    for (const n of [0, failing.length - 1]) {
      const text = await hoverFailing(page, n);
      const e = failing.find((f) => text.startsWith(`W[${f.index.join(',')}]: FAIL`));
      assert.ok(e, text);
      for (const value of [e.analytic, e.numeric, e.bound]) assert.ok(text.includes(String(value)), text);
    }
    assert.equal(await page.locator('svg.plot').count(), 2, 'the scatter, and the one against the transpose');
    // The README's picture: the verdict, its reasons and the map, at the width of a README.
    if (process.env.UPDATE_SCREENSHOTS) {
      await page.setViewportSize({ width: 900, height: 900 });
      const clip = { x: 0, y: 0, width: 900, height: 880 };
      await page.screenshot({ path: join(ROOT, 'docs/images/report.png'), clip, fullPage: true });
    }
    await page.close();
    // Dark mode: light text on a dark page; printed: black on white, the cells' colours kept.
    const dark = await opened(file, 'transpose-dark', 'dark');
    assert.equal(await dark.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(18, 18, 18)');
    await dark.emulateMedia({ media: 'print', colorScheme: 'dark' });
    await dark.screenshot({ path: join(OUTPUT, 'transpose-print.png'), fullPage: true });
    assert.equal(await dark.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(255, 255, 255)');
    const fill = await dark.evaluate(() => getComputedStyle(document.querySelector('rect.cell.c7') as Element).fill);
    assert.equal(fill, 'rgb(68, 1, 84)');
    await dark.close();
  });

  test('a sweep: a line and a marker a point for each series, the chosen steps marked', async () => {
    const args = ['sweep', '--scheme', 'forward,central,five-point', '--dtype', 'float64,float32'];
    const { file, json } = run('sweep', args);
    const series = json.series as { points: unknown[] }[];
    const page = await opened(file, 'sweep');
    assert.equal(await page.locator('svg.plot:not(.sample) path.line').count(), series.length);
    assert.equal(await page.locator('svg.plot line.rule').count(), series.length);
    const markers = await page.locator('svg.plot:not(.sample) :is(circle, rect, path)[class^="s"]').count();
    assert.equal(
      markers,
      series.reduce((n, s) => n + s.points.length, 0),
    );
    await page.close();
  });

  test('10⁵ entries: tiles, each the worst of its entries, outlined where the JSON has a failing one', async () => {
    const { file, json } = run('large', [
      '-n',
      '8',
      '-d',
      '316',
      '-C',
      '316',
      '--init',
      'scaled',
      '--bug',
      'transpose',
    ]);
    assert.equal(json.entries.length, 316 * 316);
    const page = await opened(file, 'large');
    const tile = Number(await page.locator('svg.map[data-param]').getAttribute('data-tile'));
    assert.equal(tile, 5);
    const cells = await drawnCells(page);
    const tiles = expectedTiles(json.entries, tile);
    assert.equal(cells.length, tiles.size);
    for (const c of cells) assert.equal(c.fails, tiles.get(`${c.x},${c.y}`), `tile ${c.x},${c.y}`);
    // The hover text names the tile's worst entry (|a − n| / bound largest) with its numbers.
    const text = await hoverFailing(page, 7);
    const [, r0, r1, c0, c1] = /rows (\d+)…(\d+), cols (\d+)…(\d+)/.exec(text)?.map(Number) ?? [];
    const inTile = json.entries.filter(
      (e) => e.index[0] >= r0 && e.index[0] <= r1 && e.index[1] >= c0 && e.index[1] <= c1,
    );
    const worst = inTile.reduce((w, e) => (e.absError / e.bound > w.absError / w.bound ? e : w));
    assert.ok(text.includes(`W[${worst.index.join(',')}]: FAIL`), text);
    assert.ok(text.includes(String(worst.analytic)) && text.includes(String(worst.numeric)), text);
    await page.close();
  });
});
