import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * The house's shape (docs/ARCHITECTURE.md): no import cycle among src/'s files, type-only imports
 * included, and no import from a lower stage to a higher one. A file's stage is its folder's.
 */
const SRC = fileURLToPath(new URL('../src/', import.meta.url));

/** The stages, lowest first: a file may import from its own stage and those before it. */
const STAGES = [
  'version.ts',
  'numeric',
  'model',
  'problem',
  'rules',
  'pipeline',
  'checks',
  'render',
  'library',
  'matchers',
  'tfjs.ts',
  'cli',
  'index.ts',
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const ALL = files(SRC);
const imports = new Map(
  ALL.map((file) => {
    const text = readFileSync(file, 'utf8');
    const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'/g)].map((m) => m[1]);
    return [file, specs.map((spec) => resolve(dirname(file), spec.replace(/\.js$/, '.ts')))];
  }),
);
const stageOf = (file: string) => STAGES.indexOf(relative(SRC, file).split('/')[0]);

describe('the house: stages and imports', () => {
  it('every file belongs to a stage, and every relative import names a file of src/', () => {
    for (const file of ALL) assert.ok(stageOf(file) >= 0, relative(SRC, file));
    for (const [file, targets] of imports)
      for (const t of targets) assert.ok(ALL.includes(t), `${relative(SRC, file)} imports ${relative(SRC, t)}`);
  });

  it('no import runs from a lower stage to a higher one', () => {
    const upward = [...imports].flatMap(([file, targets]) =>
      targets.filter((t) => stageOf(t) > stageOf(file)).map((t) => `${relative(SRC, file)} → ${relative(SRC, t)}`),
    );
    assert.deepEqual(upward, []);
  });

  it('no import cycle, type-only imports included', () => {
    // Depth-first search; a file met again while on the path closes a cycle.
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, path: string[]) => {
      state.set(file, 'open');
      for (const t of imports.get(file) ?? []) {
        if (state.get(t) === 'open')
          cycles.push([...path.slice(path.indexOf(t)), t].map((f) => relative(SRC, f)).join(' → '));
        else if (!state.has(t)) visit(t, [...path, t]);
      }
      state.set(file, 'done');
    };
    for (const file of ALL) if (!state.has(file)) visit(file, [file]);
    assert.deepEqual(cycles, []);
  });

  it('it sees cycles and upward imports where there are some (the test can fail)', () => {
    assert.ok(stageOf(join(SRC, 'cli/index.ts')) > stageOf(join(SRC, 'pipeline/decide.ts')));
    assert.ok(imports.get(join(SRC, 'pipeline/check.ts'))?.includes(join(SRC, 'pipeline/measure.ts')));
  });
});
