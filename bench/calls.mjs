// npm run bench, part: what a check of a user's module costs, counted and timed (issue 30).
// The modules are test/network.ts's two-layer networks (hand-written backward passes, right gradients), built to
// plain ES modules here so that the command line can load them. Prints markdown on stdout.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin/gradcheck.js');
const scratch = mkdtempSync(join(os.tmpdir(), 'gradcheck-bench-'));
const networkFile = join(scratch, 'network.mjs');
buildSync({ entryPoints: [join(root, 'test/network.ts')], format: 'esm', outfile: networkFile, logLevel: 'error' });
const { network, withWrongEntry, largeEntry, SMALL, LARGE } = await import(networkFile);
const { checkGradient } = await import(join(root, 'dist/index.js'));

/** About 1,000 parameters: 20 inputs, 45 hidden units, 2 outputs, 3 rows. */
const MIDDLE = [20, 45, 2, 3];
const SIZES = [
  ['≈50', SMALL, 10],
  ['≈1,000', MIDDLE, 4],
  ['≈10,000', LARGE, 1],
];
const ACTIVATIONS = ['tanh', 'sigmoid', 'relu'];
const SETTINGS = [
  ['default', {}],
  ['--tolerance allclose', { tolerance: 'allclose' }],
  ['--scheme forward', { scheme: 'forward' }],
  ['--fast', { fast: true }],
];

/** A module file holding one network: what `gradcheck --module` loads. */
function moduleOf(sizes, activation, seed, loop = 1) {
  const path = join(scratch, `${activation}-${sizes.join('x')}-${seed}-${loop}.mjs`);
  writeFileSync(
    path,
    `import { network } from ${JSON.stringify(networkFile)};
     const net = network(${JSON.stringify(sizes)}, ${JSON.stringify(activation)}, ${seed});
     export const parameters = net.parameters;
     export const loss = (p) => { let l = 0; for (let r = 0; r < ${loop}; r++) l = net.loss(p); return l; };
     export const gradient = net.gradient;`,
  );
  return path;
}

/** Loss calls an entry of a right gradient, the mean and the largest over `seeds` networks, counted by the check. */
function callsPerEntry(sizes, activation, seeds, options) {
  const perEntry = Array.from({ length: seeds }, (_, s) => {
    const net = network(sizes, activation, s + 1);
    const report = checkGradient(net, options);
    if (report.summary.verdict !== 'pass')
      throw new Error(`${activation} ${sizes} seed ${s + 1}: ${report.summary.verdict}`);
    return report.summary.lossCalls / net.size;
  });
  return [perEntry.reduce((a, b) => a + b, 0) / seeds, Math.max(...perEntry)];
}

console.log(
  '\nLoss calls an entry of a right gradient, every call counted (pilots, screen, escalations; summary.lossCalls), ' +
    'mean (largest) over seeds of test/network.ts; torch.autograd.gradcheck makes 2 (central differences), ' +
    'its fast mode 2 for the whole check:\n',
);
console.log(`| parameters (seeds) | activation | ${SETTINGS.map(([name]) => name).join(' | ')} | torch |`);
console.log(`|---|---|${SETTINGS.map(() => '---:').join('|')}|---:|`);
for (const [label, sizes, seeds] of SIZES)
  for (const activation of ACTIVATIONS) {
    const P = network(sizes, activation, 1).size;
    const cells = SETTINGS.map(([name, options]) => {
      const [mean, most] = callsPerEntry(sizes, activation, seeds, options);
      // --fast's cost is the check's, not an entry's.
      return name === '--fast' ? `${Math.round(mean * P)} calls` : `${mean.toFixed(3)} (${most.toFixed(3)})`;
    });
    console.log(`| ${label}: ${P.toLocaleString('en-US')} (${seeds}) | ${activation} | ${cells.join(' | ')} | 2 |`);
  }

const found = ACTIVATIONS.map((activation) => {
  const calls = [1, 2, 3].map((seed) => {
    const net = network(LARGE, activation, seed);
    const wrong = withWrongEntry(net, largeEntry(net, seed), 1e-3);
    const { summary, entries } = checkGradient(wrong, { fast: true });
    const named = entries.filter((e) => e.param !== 'direction' && e.status === 'fail').length;
    if (summary.verdict !== 'fail' || named !== 1)
      throw new Error(`--fast ${activation} seed ${seed}: ${summary.verdict}, ${named} named`);
    return summary.lossCalls;
  });
  return `${activation} ${calls.join(', ')}`;
});
console.log(
  `\n--fast on 10,084 parameters with one entry of W1 wrong by a relative 1e-3 (seeds 1, 2, 3): the direction fails, ` +
    `is bisected to that one entry and the entry measured; loss calls in all: ${found.join('; ')}.`,
);

/** Best of `runs` wall times of `node args`, in seconds. */
function seconds(args, runs) {
  let best = Infinity;
  for (let k = 0; k < runs; k++) {
    const t = performance.now();
    execFileSync(process.execPath, args, { stdio: 'ignore' });
    best = Math.min(best, (performance.now() - t) / 1000);
  }
  return best;
}

/**
 * A process that loads the module, takes its gradient once and makes the 2·P loss calls of central differences
 * itself, each entry moved and put back: what a user's own check costs, the floor a check is held to. (The gradient
 * first, as any check takes it: V8 then compiles the network's forward pass for both callers, and the loss calls
 * run about 30% slower than in a loop that never took the gradient.)
 */
const ownLoop = join(scratch, 'own-loop.mjs');
writeFileSync(
  ownLoop,
  `const m = await import(process.argv[2]);
   const p = m.parameters;
   m.gradient(p);
   let sum = 0;
   const h = 1e-5;
   const visit = (a) => { for (let k = 0; k < a.length; k++) {
     if (Array.isArray(a[k])) { visit(a[k]); continue; }
     const v = a[k]; a[k] = v + h; const up = m.loss(p); a[k] = v - h; const down = m.loss(p); a[k] = v; sum += up - down; } };
   for (const key of Object.keys(p)) visit(p[key]);
   if (!Number.isFinite(sum)) throw new Error('not finite');`,
);

console.log(
  '\nA module of 10,084 parameters (test/network.ts, tanh, one row), its loss repeated r times a call to weigh it: ' +
    "the whole check as a process (`gradcheck --module … -q`, best of 3 and of 2) beside a process making the 2·P loss calls of the user's own loop:\n",
);
console.log('| loss repeated | own 2·P calls s | check, --jobs 1 s | check / own | --jobs 2 s | speed-up |');
console.log('|---:|---:|---:|---:|---:|---:|');
for (const [loop, runs] of [
  [1, 3],
  [8, 2],
]) {
  const path = moduleOf(LARGE, 'tanh', 1, loop);
  const own = seconds([ownLoop, path], runs);
  const one = seconds([bin, '--module', path, '-q', '--jobs', '1'], runs);
  const two = seconds([bin, '--module', path, '-q', '--jobs', '2'], runs);
  console.log(
    `| ${loop} | ${own.toFixed(2)} | ${one.toFixed(2)} | ${(one / own).toFixed(2)} | ${two.toFixed(2)} | ${(one / two).toFixed(2)} |`,
  );
}
