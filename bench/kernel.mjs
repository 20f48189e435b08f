// The numeric kernel alone: central differences of every entry of W at a fixed step through
// the local strip probe, 10^8 entry·rows in all (an entry·row: one row of one entry's strip,
// both of its loss values), float64; the sigmoid's shared exponentials against σ per row
// (the path tanh, softplus and float32 take). One line of JSON on stdout.
import { logistic, tanh } from '../dist/model/activations.js';
import { unrounded } from '../dist/model/dtype.js';
import { forwardPass } from '../dist/model/network.js';
import { stripProbe, stripsW } from '../dist/model/strips.js';
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

console.log(
  JSON.stringify({
    shape: [n, d, C],
    entryRows: Math.ceil(ENTRY_ROWS / (n * d * C)) * n * d * C,
    sharedNs: nsPerEntryRow(logistic, 3),
    perRowNs: nsPerEntryRow({ ...logistic }, 1),
    tanhNs: nsPerEntryRow(tanh, 1),
  }),
);
