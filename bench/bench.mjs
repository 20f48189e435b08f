// npm run bench: gradcheck's speed and memory on a ladder of shapes (docs/BENCHMARKS.md).
// Each measurement runs in a fresh node process; `--quick` runs only the two smallest shapes.
import { execFileSync, spawnSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const one = fileURLToPath(new URL('./one.mjs', import.meta.url));
const quick = process.argv.includes('--quick');
const LADDER = [
  [4, 3, 2],
  [100, 20, 5],
  [300, 64, 16],
  [1000, 128, 32],
  [2000, 256, 64],
  [4000, 512, 128],
];
/** Shapes small enough for --numeric full (2·d·C forward passes of n·d·C each). */
const FULL_UP_TO = 300 * 64 * 16;

/** Best of `runs` wall times of a whole process, in seconds. */
function processSeconds(args, runs = 10, command = process.execPath) {
  let best = Infinity;
  for (let k = 0; k < runs; k++) {
    const t = performance.now();
    execFileSync(command, args, { stdio: 'ignore' });
    best = Math.min(best, (performance.now() - t) / 1000);
  }
  return best;
}

const measure = (shape, mode) =>
  JSON.parse(execFileSync(process.execPath, [one, ...shape.map(String), mode], { encoding: 'utf8' }));
const fmt = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '—');

const baseline = measure([1, 1, 1], 'baseline').maxRssKB / 1024;
console.log(
  `gradcheck benchmark — ${os.cpus()[0].model}, ${os.cpus().length} cores, node ${process.version}, ${os.platform()} ${os.arch()}`,
);
console.log(
  'sigmoid model, float64, central differences, --eps auto, every entry checked; times are the best of 10 runs (below 1e5 n·d·C), of 3 (below 5e6), else one run',
);
console.log(`baseline RSS of a node process that loads gradcheck: ${fmt(baseline)} MB\n`);
console.log(
  '| n × d × C | entries | check ms (1 thread) | entry·rows/s | floor loop ms | check / floor | --jobs 2 ms | speed-up | peak RSS MB | over baseline / inputs | full ms | full / local |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const shape of quick ? LADDER.slice(0, 2) : LADDER) {
  const [n, d, C] = shape;
  const local = measure(shape, 'local');
  const split = measure(shape, 'jobs2');
  if (!local.passed || !split.passed) throw new Error(`${shape} did not pass`);
  const full = n * d * C <= FULL_UP_TO ? measure(shape, 'full') : undefined;
  const inputsMB = ((n * d + d * C + n * C) * 8) / 2 ** 20;
  const peak = local.maxRssKB / 1024;
  // An entry·row: one row of one entry's strip, for one difference of two loss values.
  const perSecond = Math.round((n * d * C) / (local.checkMs / 1000)).toLocaleString('en-US');
  console.log(
    `| ${n} × ${d} × ${C} | ${d * C} | ${fmt(local.checkMs)} | ${perSecond} | ${fmt(local.floorMs)} | ${fmt(local.checkMs / local.floorMs, 2)} | ` +
      `${fmt(split.checkMs)} | ${fmt(local.checkMs / split.checkMs, 2)} | ${fmt(peak)} | ${fmt((peak - baseline) / inputsMB, 1)} | ` +
      `${full ? fmt(full.checkMs) : '—'} | ${full ? fmt(full.checkMs / local.checkMs, 0) : '—'} |`,
  );
}
// --quick: the ladder's two smallest shapes only.
if (!quick) everythingElse();

function everythingElse() {
  const kernelNs = (path) =>
    JSON.parse(
      execFileSync(process.execPath, [fileURLToPath(new URL('./kernel.mjs', import.meta.url)), path], {
        encoding: 'utf8',
      }),
    );
  const [shared, tanhPath, perRow] = ['shared', 'tanh', 'per-row'].map(kernelNs);
  console.log(
    `\nNumeric kernel (bench/kernel.mjs: central differences of every entry of W at a fixed step, ${shared.shape.join(' × ')}, ` +
      `${(shared.entryRows / 1e8).toFixed(2)}e8 entry·rows, float64, one thread, each path in a process of its own): sigmoid with shared exponentials ` +
      `${fmt(shared.ns, 2)} ns per entry·row, tanh with shared exponentials ${fmt(tanhPath.ns, 2)} ns, σ evaluated per row ` +
      `(the path of float32, relu, softplus) ${fmt(perRow.ns, 2)} ns.`,
  );

  const bin = fileURLToPath(new URL('../bin/gradcheck.js', import.meta.url));
  const nodeAlone = processSeconds(['-e', '0']);
  const version = processSeconds([bin, '--version']);
  const small = processSeconds([bin, '-q']);
  const LARGE = ['-n', '1000', '-d', '128', '-C', '32', '--init', 'scaled', '-q'];
  const large = processSeconds([bin, ...LARGE], 5);
  // The numpy script's own work: one central difference an entry at its step, its allclose rule.
  const likeNumpy = processSeconds([bin, ...LARGE, '--eps', String(2 ** -17), '--tolerance', 'allclose'], 5);
  /** A python3 that can import `module` (Debian's /usr/bin/python3 carries numpy and torch where pip's may not), or undefined. */
  function pythonWith(module) {
    for (const python of ['python3', '/usr/bin/python3']) {
      try {
        execFileSync(python, ['-c', `import ${module}`], { stdio: 'ignore' });
        return python;
      } catch {}
    }
    return undefined;
  }
  const script = (name) => fileURLToPath(new URL(`./${name}`, import.meta.url));
  const numpy = pythonWith('numpy');
  const torch = pythonWith('torch');
  const rows = [
    ['node -e 0', nodeAlone],
    ['gradcheck --version', version],
    ['gradcheck -q (4 × 3 × 2)', small],
    ['gradcheck -n 1000 -d 128 -C 32 --init scaled -q', large],
    ["… --eps 2^-17 --tolerance allclose (the numpy script's work)", likeNumpy],
    ...(numpy
      ? [['python3 bench/numpy_check.py (1000 × 128 × 32)', processSeconds([script('numpy_check.py')], 5, numpy)]]
      : []),
    ...(torch
      ? [
          [
            'python3 bench/torch_gradcheck.py (1000 × 128 × 32, both modes)',
            processSeconds([script('torch_gradcheck.py')], 1, torch),
          ],
        ]
      : []),
  ];
  console.log(
    '\nWhole processes (best of 10; the large check and numpy best of 5; torch one run; Python rows only where python3 has the module):\n',
  );
  console.log('| what | seconds | × node -e 0 |');
  console.log('|---|---:|---:|');
  for (const [what, s] of rows) console.log(`| \`${what}\` | ${s.toFixed(3)} | ${(s / nodeAlone).toFixed(2)} |`);
  if (numpy) {
    const numpyRow = rows.find(([what]) => what.includes('numpy_check'))[1];
    console.log(
      `\nAgainst the numpy script: gradcheck's default check ${(large / numpyRow).toFixed(2)}× its time, the same work ${(likeNumpy / numpyRow).toFixed(2)}×.`,
    );
  }
  if (torch) {
    const torchRow = rows.find(([what]) => what.includes('torch_gradcheck'))[1];
    console.log(
      `torch.autograd.gradcheck (both modes) takes ${(torchRow / large).toFixed(0)}× gradcheck's default check.`,
    );
  }

  /** One command line's whole time and peak RSS, its output thrown away (bench/peak.mjs). */
  function peakOf(args) {
    const r = spawnSync(process.execPath, [fileURLToPath(new URL('./peak.mjs', import.meta.url)), ...args], {
      encoding: 'utf8',
    });
    const line = JSON.parse(r.stderr.trim().split('\n').at(-1));
    if (line.code !== 0) throw new Error(`${args.join(' ')} exited ${line.code}`);
    return line;
  }
  console.log('\nMany entries and tall shapes (one run each, output thrown away; peak RSS of the whole process):\n');
  console.log('| command line | entries | seconds | peak RSS MB |');
  console.log('|---|---:|---:|---:|');
  const SCALE = [
    [['-n', '10', '-d', '1000', '-C', '1000', '--init', 'scaled', '--format', 'csv'], 1e6],
    [['-n', '10', '-d', '1000', '-C', '1000', '--init', 'scaled', '--format', 'json'], 1e6],
    [['-n', '10', '-d', '1000', '-C', '1000', '--init', 'scaled', '-q'], 1e6],
    [['-n', '10', '-d', '1000', '-C', '1000', '--init', 'scaled', '--format', 'html'], 1e6],
    [['-n', '10', '-d', '1000', '-C', '1000', '--init', 'scaled', '--bug', 'sign', '--format', 'html'], 1e6],
    [['-n', '10', '-d', '1000', '-C', '1000', '--init', 'scaled', '-q', '--fast'], 1],
    [['-n', '10', '-d', '1448', '-C', '1448', '--init', 'scaled', '--format', 'csv'], 1448 * 1448],
    [['-n', '10', '-d', '1448', '-C', '1448', '--init', 'scaled', '--format', 'json'], 1448 * 1448],
    [['-n', '10', '-d', '1448', '-C', '1448', '--init', 'scaled', '--format', 'junit'], 1448 * 1448],
    [['-n', '10', '-d', '1448', '-C', '1448', '--init', 'scaled', '-q'], 1448 * 1448],
    [['-n', '800000', '-d', '10', '-C', '10', '--init', 'scaled', '-q'], 100],
    [['-n', '800000', '-d', '10', '-C', '10', '--init', 'scaled', '-q', '--fast'], 1],
    [['-n', '1000', '-d', '1000', '-C', '1000', '--init', 'scaled', '-q', '--sample', '100'], 100],
  ];
  for (const [args, entries] of SCALE) {
    const r = peakOf(args);
    console.log(
      `| \`gradcheck ${args.join(' ')}\` | ${entries.toLocaleString('en-US')} | ${fmt(r.seconds, 2)} | ${fmt(r.maxRssKB / 1024, 0)} |`,
    );
  }

  // What a csv of 10⁶ entries cannot go below on one thread: V8's shortest form of a double, six of them a line
  // (analytic, numeric, difference, relError, roundoff, bound; |difference| and the power-of-two step are reused).
  const doubles = Float64Array.from({ length: 3e6 }, (_, i) => Math.sin(i) * 10 ** ((i % 40) - 20));
  const formatStart = performance.now();
  let written = 0;
  for (const x of doubles) written += String(x).length;
  const formatNs = ((performance.now() - formatStart) * 1e6) / doubles.length;
  console.log(
    `\nFormatting floor: String(x) of a double (its shortest form, as csv and JSON write it; ${written.toLocaleString('en-US')} characters) ` +
      `takes ${fmt(formatNs, 0)} ns. A csv line formats six, so 10⁶ lines take at least ${fmt((6 * formatNs * 1e6) / 1e9, 2)} s on one thread.`,
  );

  const overhead = JSON.parse(
    execFileSync(process.execPath, [fileURLToPath(new URL('./overhead.mjs', import.meta.url))], { encoding: 'utf8' }),
  );
  console.log(
    `\nA module's loss at ${overhead.parameters.toLocaleString('en-US')} parameters (checkGradient, every entry): ${overhead.calls.toLocaleString('en-US')} loss calls, ` +
      `${fmt(overhead.lossMs / 1000, 2)} s inside the loss, ${fmt((overhead.totalMs - overhead.lossMs) / 1000, 2)} s gradcheck's own ` +
      `(${fmt(overhead.overheadPerCallUs, 2)} µs a call, ${fmt(100 * overhead.overheadShare, 1)}% of the loss's time).`,
  );
  execFileSync(process.execPath, [fileURLToPath(new URL('./html.mjs', import.meta.url))], { stdio: 'inherit' });
  // Loss calls an entry beside torch's 2, --fast's bisection, a module's whole check beside the user's own loop.
  execFileSync(process.execPath, [fileURLToPath(new URL('./calls.mjs', import.meta.url))], { stdio: 'inherit' });
}
