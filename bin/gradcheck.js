#!/usr/bin/env node
// A thin shim: everything lives in dist/cli.js (src/cli bundled), which returns the exit code.
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
