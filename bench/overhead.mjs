// npm run bench, part: gradcheck's own time beside a module's loss, at 10,000 parameters.
// The loss is timed from inside (each call's own duration summed); the rest of the check's time
// is gradcheck's: probes, steps, judging, the report. Prints one line of JSON.
import { checkGradient } from '../dist/index.js';

const P = 10_000;
let inLoss = 0;
let calls = 0;
const problem = {
  parameters: { w: Array.from({ length: P }, (_, k) => Math.sin(k) + 0.1) },
  loss: ({ w }) => {
    const t = performance.now();
    let s = 0;
    for (const x of w) s += x * x * (1 + 0.1 * Math.sin(x));
    inLoss += performance.now() - t;
    calls++;
    return s;
  },
  gradient: ({ w }) => ({ w: w.map((x) => 2 * x * (1 + 0.1 * Math.sin(x)) + 0.1 * x * x * Math.cos(x)) }),
};
const t = performance.now();
const report = checkGradient(problem);
const total = performance.now() - t;
console.log(
  JSON.stringify({
    parameters: P,
    calls,
    totalMs: total,
    lossMs: inLoss,
    overheadPerCallUs: ((total - inLoss) / calls) * 1000,
    overheadShare: (total - inLoss) / inLoss,
    verdict: report.summary.verdict,
  }),
);
