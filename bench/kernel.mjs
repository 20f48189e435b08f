// The numeric kernel alone: central differences of every entry of W at a fixed step through
// the local strip probe, 10^8 entry·rows in all (an entry·row: one row of one entry's strip,
// both of its loss values), float64. Usage: node bench/kernel.mjs shared|tanh|per-row — the
// sigmoid's shared exponentials, tanh's, or σ evaluated per row (the path softplus, relu and
// float32 take). One line of JSON on stdout.
import { logistic, tanh } from '../dist/model/activations.js';
import { forwardPass } from '../dist/model/network.js';
import { stripProbe } from '../dist/model/strip-probe.js';
import { stripsW } from '../dist/model/strips.js';
import { unrounded } from '../dist/numeric/dtype.js';
import { generateProblem } from '../dist/problem/generate.js';

const [n, d, C] = [2000, 256, 64];
const ENTRY_ROWS = 1e8;
const problem = generateProblem({ n, d, C, domain: 10, seed: '42', rng: 'arc4', init: 'scaled' });
const h = 2 ** -17;

/** ns per entry·row of `act`'s probe over ENTRY_ROWS, best of `runs` (a σ-per-row path: its own copy of σ). */
function nsPerEntryRow(act, runs) {
  const { X, W, T } = problem;
  const probe = stripProbe(stripsW(X, W, T, forwardPass(X, W, act, unrounded).Z), W.data, act, unrounded);
  const sweeps = Math.ceil(ENTRY_ROWS / (n * d * C));
  let best = Infinity;
  let sink = 0;
  for (let run = 0; run < runs; run++) {
    const t = performance.now();
    for (let s = 0; s < sweeps; s++) for (let k = 0; k < d * C; k++) sink += probe.difference(k, h, -h);
    best = Math.min(best, (performance.now() - t) / (sweeps * n * d * C));
  }
  if (Number.isNaN(sink)) throw new Error('NaN difference');
  return best * 1e6;
}

// One path a process: V8 specializes the kernel for the first activation it meets, and a
// second one in the same process would measure its deoptimized code, not gradcheck's.
const path = process.argv[2] ?? 'shared';
const act = { shared: logistic, tanh, 'per-row': { ...logistic } }[path];
console.log(
  JSON.stringify({
    shape: [n, d, C],
    entryRows: Math.ceil(ENTRY_ROWS / (n * d * C)) * n * d * C,
    path,
    ns: nsPerEntryRow(act, path === 'per-row' ? 1 : 3),
  }),
);
