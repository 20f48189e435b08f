import { readFile } from 'node:fs/promises';
import type { Command, Option } from 'commander';
import { InputError, type ParsedInput, parseInput } from '../problem/input.js';
import { EXCLUSIVE } from '../rules/constraints.js';
import { DESCRIPTIVE, REPLAYED } from '../rules/options.js';
import { didYouMean, jsonPosition, UsageError } from './errors.js';
import { optionOf } from './refusals.js';

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
    throw new UsageError(
      `input ${name} is not valid JSON: ${(e as Error).message}${jsonPosition(text, (e as Error).message)}.`,
    );
  }
  try {
    return parseInput(doc, maxElements);
  } catch (e) {
    if (e instanceof InputError) throw new UsageError(`input ${name}: ${inputWords(e)}.`);
    throw e;
  }
}

/** An input that is no check's input, in the command line's words: which command replays it. */
function inputWords(e: InputError): string {
  switch (e.kind?.not) {
    case 'an-object':
      return 'expected a JSON object with X, W and T (or a gradcheck --json report)';
    case 'a-check':
      return `${e.message}: replay a check's --json report`;
    case 'replayable':
      return (
        `a --module report replays with its module, not as --input: ` +
        `gradcheck --module ${e.kind.module} with the flags of its config`
      );
    case 'a-field':
      return `${e.message}${didYouMean(e.kind.key, e.kind.expected)}: expected ${e.kind.expected.join(', ')}`;
    default:
      return e.message;
  }
}

const partnerOf = (key: string) => EXCLUSIVE.flatMap(([a, b]) => (a === key ? [b] : b === key ? [a] : []));

// Only the command line outranks a replayed report: a config file's value (source 'config') does not.
const givenOnCommandLine = (cmd: Command, key: string) => cmd.getOptionValueSource(key) === 'cli';

/**
 * The flags with a replayed report's config for every option the command line did not give, each value through its
 * option's parser and choices: a config is held to the flags' rules. A typed flag wins over its own option's value
 * and any option it excludes (--sample over a replayed --fast). Also returns which flags came from the config.
 */
export function withConfig<F extends object>(
  cmd: Command,
  given: F,
  config: Record<string, unknown>,
  inputName: string,
): { flags: F; fromConfig: Set<string> } {
  for (const key of Object.keys(config)) {
    if (!(REPLAYED as readonly string[]).includes(key) && !DESCRIPTIVE.includes(key))
      throw new UsageError(
        `input ${inputName}: config.${key} is not a setting a report replays${didYouMean(key, REPLAYED)}: ` +
          `expected ${REPLAYED.join(', ')}.`,
      );
  }
  const flags = { ...given } as Record<string, unknown>;
  const fromConfig = new Set<string>();
  for (const key of REPLAYED) {
    const option = optionOf(cmd, key);
    if (!option || !(key in config) || config[key] === null) continue;
    if (givenOnCommandLine(cmd, key) || partnerOf(key).some((k) => givenOnCommandLine(cmd, k))) continue;
    flags[key] = optionValue(option, config[key], `input ${inputName}: config.${key}`);
    fromConfig.add(key);
  }
  return { flags: flags as F, fromConfig };
}

/** A file's value through its option's parser and choices; a bad one is a usage error naming `where` it came from. */
export function optionValue(option: Option, value: unknown, where: string): unknown {
  // JSON reads 1e400 as Infinity, which JSON.stringify writes as null: say what it was.
  const shown =
    typeof value === 'number' && !Number.isFinite(value)
      ? `out of range (${value > 0 ? '' : '−'}1e308 or beyond, read as ${value})`
      : JSON.stringify(value);
  const fail = (why: string) => new UsageError(`${where} is ${shown}: ${why}`);
  if (option.isBoolean() || option.negate || typeof option.defaultValue === 'boolean') {
    if (typeof value !== 'boolean') throw fail('expected true or false.');
    return value;
  }
  const text = Array.isArray(value)
    ? value.join(',')
    : typeof value === 'string' || typeof value === 'number'
      ? String(value)
      : undefined;
  if (text === undefined) throw fail('expected a string or a number.');
  if (option.argChoices && !option.argChoices.includes(text))
    throw fail(`expected one of ${option.argChoices.join(', ')}.`);
  try {
    return option.parseArg ? option.parseArg(text, undefined as never) : text;
  } catch (e) {
    throw fail((e as Error).message);
  }
}
