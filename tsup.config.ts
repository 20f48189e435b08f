import { existsSync, readdirSync, rmSync } from 'node:fs';
import { defineConfig } from 'tsup';

// The CLI bundle's chunks of earlier builds would be packed with the new ones; tsup's own clean
// would empty dist/, tsc's ESM output included.
// Its hashed files (chunk-*, …) are named anew each build.
// The command line's code cache belongs to the build that wrote it (npm run build writes it last).
if (existsSync('dist')) for (const file of readdirSync('dist')) if (/^[a-z-]+-[A-Z0-9]{8}\.js$|\.cache$/.test(file)) rmSync(`dist/${file}`);

// The CommonJS side of the package (require, jest's default loader): one bundle per entry beside
// tsc's ESM output in dist/, with bundled .d.cts types. import.meta.url is shimmed from __filename,
// so version.ts finds ../package.json from dist/ as it does from the ESM files.
export default defineConfig([
  {
  entry: { index: 'src/index.ts', vitest: 'src/matchers/vitest.ts', jest: 'src/matchers/jest.ts', tfjs: 'src/tfjs.ts', 'async-worker': 'src/library/async-worker.ts', 'model-worker': 'src/checks/model-worker.ts' },
  format: ['cjs'],
  outDir: 'dist',
  outExtension: () => ({ js: '.cjs' }),
  dts: true,
  shims: true,
  clean: false,
  splitting: false,
  sourcemap: false,
  target: 'node20',
  external: ['vitest', 'expect', '@tensorflow/tfjs', '@tensorflow/tfjs-core'],
},
  // The command line as CommonJS: the process's entry (cli: `--version` answered without the
  // rest, then command loaded), the command as one bundle, which main.ts compiles through
  // node:vm with the code cache npm run build writes beside it (src/cli/compiled.ts), and its
  // lines worker (its model worker is the CommonJS side's model-worker.cjs, above). node loads a
  // few files instead of about a hundred, which is most of a short run's time (--version 0.13 s
  // → 0.08 s, measured).
  {
    entry: { cli: 'src/cli/main.ts', command: 'src/cli/command.ts', 'lines-worker': 'src/render/lines-worker.ts' },
    format: ['cjs'],
    outDir: 'dist',
    outExtension: () => ({ js: '.cjs' }),
    dts: false,
    shims: true,
    clean: false,
    splitting: false,
    sourcemap: false,
    target: 'node20',
    platform: 'node',
    noExternal: [/.*/],
    external: ['@tensorflow/tfjs', '@tensorflow/tfjs-core'],
  },
  // The module worker, which imports a user's ES module, as one ES module.
  // CommonJS dependencies bundled into ESM need a require of their own.
  {
    entry: { 'module-worker': 'src/cli/module-worker.ts' },
    format: ['esm'],
    outDir: 'dist',
    dts: false,
    clean: false,
    splitting: true,
    sourcemap: false,
    target: 'node20',
    platform: 'node',
    noExternal: [/.*/],
    external: ['@tensorflow/tfjs', '@tensorflow/tfjs-core'],
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  },
]);
