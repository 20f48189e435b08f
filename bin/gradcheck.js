#!/usr/bin/env node
// A thin shim: everything lives in dist/cli, which returns the exit code.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
