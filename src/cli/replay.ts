import { readFile } from 'node:fs/promises';
import type { Command, Option } from 'commander';
import { InputError, type ParsedInput, parseInput } from '../problem/input.js';
import { UsageError } from './errors.js';

/** The text of --input: a file, or standard input for `-`. */
export async function readInputText(path: string, stdin: NodeJS.ReadableStream): Promise<string> {
  if (path !== '-') {
    try {
      return await readFile(path, 'utf8');
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const why =
        err.code === 'ENOENT'
          ? 'no such file'
          : err.code === 'EISDIR'
            ? 'it is a directory'
            : err.code === 'EACCES'
              ? 'permission denied'
              : err.message;
      throw new UsageError(`option '--input <file>' argument '${path}' cannot be read: ${why}.`);
    }
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses and checks --input; every problem is one line naming the input and the field. */
export function readInputJson(text: string, path: string, maxElements: number): ParsedInput {
  const name = path === '-' ? 'standard input' : path;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`input ${name} is not valid JSON: ${(e as Error).message}.`);
  }
  try {
    return parseInput(doc, maxElements);
  } catch (e) {
    if (e instanceof InputError) throw new UsageError(`input ${name}: ${e.message}.`);
    throw e;
  }
}

/** Options whose values come from the input's shapes, never from flags or a config. */
const SHAPE_OPTIONS = ['n', 'd', 'C'];

/**
 * The flags with a replayed report's config in place of every option the command line
 * left at its default: each value goes through the option's own parser and choices, so a
 * config is held to exactly the rules of the flags. Flags given on the command line win.
 */
export function withConfig<F extends object>(cmd: Command, given: F, config: Record<string, unknown>, inputName: string): F {
  const flags = { ...given } as Record<string, unknown>;
  for (const option of cmd.options as Option[]) {
    const key = option.attributeName();
    if (SHAPE_OPTIONS.includes(key) || !(key in config)) continue;
    if (cmd.getOptionValueSource(key) !== 'default' && cmd.getOptionValueSource(key) !== undefined) continue;
    const value = config[key];
    if (value === null) continue;
    const fail = (why: string) => new UsageError(`input ${inputName}: config.${key} is ${JSON.stringify(value)}: ${why}`);
    if (option.isBoolean() || option.negate || typeof option.defaultValue === 'boolean') {
      if (typeof value !== 'boolean') throw fail('expected true or false.');
      flags[key] = value;
      continue;
    }
    const text = Array.isArray(value)
      ? value.join(',')
      : typeof value === 'string' || typeof value === 'number'
        ? String(value)
        : undefined;
    if (text === undefined) throw fail('expected a string or a number.');
    if (option.argChoices && !option.argChoices.includes(text)) throw fail(`expected one of ${option.argChoices.join(', ')}.`);
    try {
      flags[key] = option.parseArg ? option.parseArg(text, undefined as never) : text;
    } catch (e) {
      throw fail((e as Error).message);
    }
  }
  return flags as F;
}
