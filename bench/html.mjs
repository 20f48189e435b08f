// npm run bench, part: the HTML page of 10⁵ entries, its size and how long headless Chromium takes to draw it
// (navigation to the first frame after load, from file://; the median of 5 opens, each in a fresh page).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bin = fileURLToPath(new URL('../bin/gradcheck.js', import.meta.url));
const chromiumPath = process.env.GRADCHECK_CHROMIUM ?? '/usr/bin/chromium';
const dir = mkdtempSync(join(tmpdir(), 'gradcheck-bench-html-'));
const CASES = [
  ['-n', '50', '-d', '1000', '-C', '100', '--init', 'scaled'],
  ['-n', '50', '-d', '1000', '-C', '100', '--init', 'scaled', '--bug', 'sign'],
  ['-n', '8', '-d', '316', '-C', '316', '--init', 'scaled', '--bug', 'transpose'],
];

console.log('\nThe HTML page of about 10⁵ entries (`--format html`), drawn by headless Chromium from file://:\n');
if (!existsSync(chromiumPath)) {
  console.log(`(skipped: no Chromium at ${chromiumPath}; .ci/run installs Debian's)`);
  process.exit(0);
}
const { chromium } = await import('playwright-core');
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
});
console.log('| command line | entries | page MiB | drawn ms (median of 5) | slowest ms |');
console.log('|---|---:|---:|---:|---:|');
for (const [k, args] of CASES.entries()) {
  const file = join(dir, `page${k}.html`);
  try {
    execFileSync(process.execPath, [bin, ...args, '--report-html', file, '-q'], { stdio: 'ignore' });
  } catch {
    // A failing check exits 1; the page is written all the same.
  }
  const times = [];
  for (let run = 0; run < 5; run++) {
    const page = await browser.newPage();
    const start = performance.now();
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
    times.push(performance.now() - start);
    await page.close();
  }
  times.sort((a, b) => a - b);
  const entries = Number(args[3]) * Number(args[5]);
  const mib = statSync(file).size / 2 ** 20;
  console.log(
    `| \`gradcheck ${args.join(' ')} --format html\` | ${entries.toLocaleString('en-US')} | ${mib.toFixed(2)} | ` +
      `${times[2].toFixed(0)} | ${times[4].toFixed(0)} |`,
  );
}
await browser.close();
