// npm run bench, part: one gradcheck command line in this process, its output thrown away;
// prints {"seconds", "maxRssKB", "code"} as JSON on stderr (the peak is the whole process's).
// Usage: node bench/peak.mjs <gradcheck arguments>
import { Writable } from 'node:stream';
import { main } from '../dist/cli.cjs';

// The output goes nowhere, as to /dev/null: writing it is timed, keeping it is not.
const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
Object.defineProperty(process, 'stdout', { value: Object.assign(sink, { isTTY: false }) });
const start = performance.now();
const code = await main(process.argv.slice(2));
const seconds = (performance.now() - start) / 1000;
process.stderr.write(`${JSON.stringify({ seconds, maxRssKB: process.resourceUsage().maxRSS, code })}\n`);
