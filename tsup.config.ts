import { defineConfig } from 'tsup';

// The CommonJS side of the package (require, jest's default loader): one bundle per entry beside
// tsc's ESM output in dist/, with bundled .d.cts types. import.meta.url is shimmed from __filename,
// so version.ts finds ../package.json from dist/ as it does from the ESM files.
export default defineConfig({
  entry: { index: 'src/index.ts', vitest: 'src/matchers/vitest.ts', jest: 'src/matchers/jest.ts', tfjs: 'src/tfjs.ts' },
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
});
