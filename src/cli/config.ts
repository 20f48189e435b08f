import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command, Option } from 'commander';
import { lilconfig } from 'lilconfig';
import { NOT_IN_CONFIG } from '../rules/options.js';
import { didYouMean, jsonPosition, UsageError } from './errors.js';
import { optionOf } from './refusals.js';
import { optionValue } from './replay.js';

/** Looked for in each directory from the working one upward, as eslint and prettier users expect. */
const SEARCH_PLACES = [
  'package.json',
  'gradcheck.config.json',
  'gradcheck.config.js',
  'gradcheck.config.mjs',
  'gradcheck.config.cjs',
];

export interface FoundConfig {
  path: string;
  settings: Record<string, unknown>;
  /** The config file's folder: the paths it names (module, input) are relative to it. */
  folder: string;
}

/** How a JavaScript config file is imported, by URL (Io.importFile). */
export type ImportFile = (url: string) => Promise<{ default?: unknown }>;

/** A JavaScript config's default export, imported by `importFile` (lilconfig's own loader calls import() itself). */
const importedDefault =
  (importFile: ImportFile) =>
  async (path: string): Promise<unknown> =>
    (await importFile(pathToFileURL(path).href)).default;

/** The config file named by --config, or the nearest one found upward from `cwd`; null when there is none. */
export async function findConfig(
  cwd: string,
  named?: string,
  importFile: ImportFile = (url) => import(url),
): Promise<FoundConfig | null> {
  const load = importedDefault(importFile);
  const explorer = lilconfig('gradcheck', {
    searchPlaces: SEARCH_PLACES,
    cache: false,
    loaders: { '.js': load, '.mjs': load, '.cjs': load },
  });
  const where = named ?? cwd;
  let found: Awaited<ReturnType<typeof explorer.search>>;
  try {
    found = named ? await explorer.load(resolve(named)) : await explorer.search(cwd);
  } catch (e) {
    const message = (e as Error).message.split('\n').at(-1) ?? '';
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : message + positionIn(named, message);
    throw new UsageError(
      named
        ? `option '--config <file>' argument '${named}' cannot be loaded: ${why}.`
        : `config file near ${where} cannot be loaded: ${why}.`,
    );
  }
  if (!found) return null;
  const settings = found.config as unknown;
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings))
    throw new UsageError(
      `config ${found.filepath} is ${Array.isArray(settings) ? 'an array' : JSON.stringify(settings)}: ` +
        `expected an object of options.`,
    );
  // As the user named it, or relative to cwd: messages and --print-config stay readable and the same on every machine.
  return {
    path: named ?? relative(cwd, found.filepath),
    settings: settings as Record<string, unknown>,
    folder: dirname(found.filepath),
  };
}

/** The line and column of a JSON syntax error in the named config file. */
function positionIn(named: string | undefined, message: string): string {
  try {
    return named ? jsonPosition(readFileSync(named, 'utf8'), message) : '';
  } catch {
    return '';
  }
}

/** Paths a config file names are relative to it, not to where gradcheck runs (as the user reads the file). */
const PATH_KEYS = ['module', 'input', 'reportHtml'];

/**
 * A config file's settings as option values, for every option the command line did not give (a typed flag wins).
 * Keys are the library's option names (`perDecade`, `recheck: false`), each value through its option's parser and
 * choices. A key another command takes is left to it; any other is refused.
 */
export function applyConfig(cmd: Command, commands: readonly Command[], found: FoundConfig): void {
  for (const [key, value] of Object.entries(found.settings)) {
    const option = NOT_IN_CONFIG.includes(key) ? undefined : optionOf(cmd, key);
    if (!option) {
      if (!NOT_IN_CONFIG.includes(key) && commands.some((c) => optionOf(c, key))) continue;
      const known = [...new Set(commands.flatMap((c) => (c.options as Option[]).map((o) => o.attributeName())))].filter(
        (k) => !NOT_IN_CONFIG.includes(k),
      );
      throw new UsageError(
        `config ${found.path}: '${key}' is not an option gradcheck takes from a config${didYouMean(key, known)}: ` +
          `expected ${known.join(', ')}.`,
      );
    }
    if (cmd.getOptionValueSource(key) === 'cli') continue;
    if (PATH_KEYS.includes(key) && (typeof value !== 'string' || value === ''))
      throw new UsageError(
        `config ${found.path}: ${key} is ${JSON.stringify(value)}: expected a path, a non-empty string.`,
      );
    const located =
      PATH_KEYS.includes(key) && typeof value === 'string' && value !== '-' && !isAbsolute(value)
        ? relative(process.cwd(), resolve(found.folder, value)) || '.'
        : value;
    cmd.setOptionValueWithSource(key, optionValue(option, located, `config ${found.path}: ${key}`), 'config');
  }
}

/** --print-config: each option's value after the config file and the command line, and its source if not a default. */
export function printedConfig(cmd: Command, found: FoundConfig | null): string {
  const options = Object.fromEntries(Object.entries(cmd.opts()).filter(([key]) => !NOT_IN_CONFIG.includes(key)));
  const from = Object.fromEntries(
    Object.keys(options).flatMap((key) => {
      const source = cmd.getOptionValueSource(key);
      return source && source !== 'default' ? [[key, source]] : [];
    }),
  );
  return `${JSON.stringify({ config: found?.path ?? null, options, from }, null, 2)}\n`;
}
