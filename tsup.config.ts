import { existsSync, readdirSync, rmSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

// The CLI bundle's chunks of earlier builds would be packed with the new ones; tsup's own clean
// would empty dist/, tsc's ESM output included.
// Its hashed files (chunk-*, …) are named anew each build.
// The command line's code cache belongs to the build that wrote it (npm run build writes it last).
if (existsSync('dist')) for (const file of readdirSync('dist')) if (/^[a-z-]+-[A-Z0-9]{8}\.js$|\.cache$/.test(file)) rmSync(`dist/${file}`);

/** What every bundle shares: beside tsc's output in dist/, which tsup's own clean would empty. */
const BESIDE_TSC = { outDir: 'dist', clean: false, sourcemap: false, target: 'node20' } as const;

/** A CommonJS bundle, a file an entry; import.meta.url shimmed from __filename. */
const COMMONJS = { ...BESIDE_TSC, format: ['cjs'], outExtension: () => ({ js: '.cjs' }), shims: true, splitting: false } as const;

/**
 * Node's built-ins that the bundled dependencies require when loaded but use only on paths a check
 * never takes (commander's child_process for subcommand files, seedrandom's crypto for a seed
 * drawn from entropy, cli-progress's readline for a bar on a terminal): 1–3 ms each to load,
 * 7 ms of every start. Their require() gets a stand-in that loads the real module when a property
 * is first read (our own code loads node:worker_threads when a thread starts, checks/parallel.ts).
 * Only CommonJS require() calls: an ES import would copy the stand-in's (no) properties.
 */
const LAZY_BUILTINS = /^(node:)?(child_process|crypto|readline)$/;
const lazyBuiltins: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'lazy-builtins',
  setup(build) {
    build.onResolve({ filter: LAZY_BUILTINS }, (args) =>
      args.kind !== 'require-call' || args.namespace === 'lazy-builtin'
        ? { path: args.path, external: true }
        : { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin' },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      loader: 'js',
      contents: `let real;
const load = () => (real ??= require('node:${args.path}'));
module.exports = new Proxy({}, { get: (_, key) => load()[key], has: (_, key) => key in load() });`,
    }));
  },
};

/** The command line's bundles hold their dependencies (but the user's TF.js). */
const SELF_CONTAINED = { platform: 'node', noExternal: [/.*/], external: ['@tensorflow/tfjs', '@tensorflow/tfjs-core'] } as const;

// The CommonJS side of the package (require, jest's default loader): one bundle per entry beside
// tsc's ESM output in dist/, with bundled .d.cts types. import.meta.url is shimmed from __filename,
// so version.ts finds ../package.json from dist/ as it does from the ESM files.
export default defineConfig([
  {
    ...COMMONJS,
    entry: {
      index: 'src/index.ts',
      vitest: 'src/matchers/vitest.ts',
      jest: 'src/matchers/jest.ts',
      tfjs: 'src/tfjs.ts',
      'async-worker': 'src/library/async-worker.ts',
      'model-worker': 'src/checks/model/model-worker.ts',
    },
    dts: true,
    external: ['vitest', 'expect', '@tensorflow/tfjs', '@tensorflow/tfjs-core'],
  },
  // The command line as CommonJS: the process's entry (cli: `--version` answered without the
  // rest, then command loaded), the command as one bundle, which main.ts compiles through
  // node:vm with the code cache npm run build writes beside it (src/cli/compiled.ts), and its
  // lines worker (its model worker is the CommonJS side's model-worker.cjs, above). node loads a
  // few files instead of about a hundred, which is most of a short run's time (--version 0.13 s
  // → 0.08 s, measured).
  {
    ...COMMONJS,
    ...SELF_CONTAINED,
    entry: { cli: 'src/cli/main.ts', command: 'src/cli/command.ts', 'lines-worker': 'src/render/lines-worker.ts' },
    dts: false,
    esbuildPlugins: [lazyBuiltins],
    // Leave node: on built-ins' names, so that the plugin above sees commander's require('node:child_process').
    removeNodeProtocol: false,
  },
  // The module worker, which imports a user's ES module, as one ES module.
  // CommonJS dependencies bundled into ESM need a require of their own.
  {
    ...BESIDE_TSC,
    ...SELF_CONTAINED,
    entry: { 'module-worker': 'src/cli/module-worker.ts', 'module-pool-worker': 'src/cli/module-pool-worker.ts' },
    format: ['esm'],
    dts: false,
    splitting: true,
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  },
]);
