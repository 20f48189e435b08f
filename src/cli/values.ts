import { InvalidArgumentError } from 'commander';
import type { Accepts } from '../rules/options.js';

/** Option parsers: each throws InvalidArgumentError saying what is accepted; commander prefixes flag and value. */

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function decimal(text: string, accepted: string): number {
  if (!DECIMAL.test(text.trim())) throw new InvalidArgumentError(`Expected ${accepted}.`);
  return Number(text);
}

export function positiveInteger(text: string): number {
  const x = decimal(text, 'a positive integer');
  if (!Number.isSafeInteger(x) || x < 1) throw new InvalidArgumentError('Expected a positive integer.');
  return x;
}

/** A positive integer, or the one word given. */
export function positiveIntegerOr<W extends string>(word: W) {
  return (text: string): number | W => {
    if (text === word) return word;
    const x = decimal(text, `a positive integer or ${word}`);
    if (!Number.isSafeInteger(x) || x < 1) throw new InvalidArgumentError(`Expected a positive integer or ${word}.`);
    return x;
  };
}

export function integerBetween(min: number, max: number, why = '') {
  return (text: string): number => {
    const accepted = `an integer from ${min} to ${max}${why}`;
    const x = decimal(text, accepted);
    if (!Number.isInteger(x) || x < min || x > max) throw new InvalidArgumentError(`Expected ${accepted}.`);
    return x;
  };
}

export function positiveNumber(text: string): number {
  const x = decimal(text, 'a finite number > 0');
  if (!Number.isFinite(x) || x <= 0) throw new InvalidArgumentError('Expected a finite number > 0.');
  return x;
}

/** `auto`, or a finite step > 0. */
export function stepRule(text: string): 'auto' | number {
  if (text === 'auto') return 'auto';
  const x = decimal(text, '"auto" or a finite number > 0');
  if (!Number.isFinite(x) || x <= 0) throw new InvalidArgumentError('Expected "auto" or a finite number > 0.');
  return x;
}

export function nonNegativeNumber(text: string): number {
  const x = decimal(text, 'a finite number ≥ 0');
  if (!Number.isFinite(x) || x < 0) throw new InvalidArgumentError('Expected a finite number ≥ 0.');
  return x;
}

export function nonEmpty(text: string): string {
  if (text.length === 0) throw new InvalidArgumentError('Expected a non-empty string.');
  return text;
}

/** A comma-separated list of names from `choices`, each at most once. */
export function listOf<T extends string>(choices: readonly T[]) {
  return (text: string): T[] => {
    const items = text.split(',').map((s) => s.trim());
    const bad = items.find((s) => !(choices as readonly string[]).includes(s));
    if (bad !== undefined) throw new InvalidArgumentError(`Expected a comma-separated list of ${choices.join(', ')}.`);
    if (new Set(items).size !== items.length) throw new InvalidArgumentError('Expected each name at most once.');
    return items as T[];
  };
}

/** The parser of an option the rule book accepts: undefined where commander's choices, or a switch, do. */
export function parserFor(accepts: Accepts): ((text: string) => unknown) | undefined {
  switch (accepts.kind) {
    case 'integer':
      return accepts.max === undefined && accepts.min === 1
        ? positiveInteger
        : integerBetween(accepts.min, accepts.max ?? Infinity, accepts.why);
    case 'number':
      return accepts.strict ? positiveNumber : nonNegativeNumber;
    case 'step':
      return stepRule;
    case 'count-or-auto':
      return positiveIntegerOr('auto');
    case 'list':
      return listOf(accepts.choices);
    case 'seed':
    case 'path':
      return nonEmpty;
    default:
      return undefined;
  }
}
