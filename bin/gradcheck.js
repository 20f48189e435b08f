#!/usr/bin/env node
// A thin shim, CommonJS (bin/package.json), which node starts a few ms sooner than an ES module:
// everything lives in dist/cli.cjs (src/cli/main.ts bundled), which returns the exit code.
require('../dist/cli.cjs')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
