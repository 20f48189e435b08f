import { InvalidArgumentError } from 'commander';

/**
 * Parsers for option values. Each throws InvalidArgumentError saying what is
 * accepted; commander puts the flag and the value in front of it.
 */

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

export function integerAtLeast(min: number, max: number, why: string) {
  return (text: string): number => {
    const x = decimal(text, `an integer from ${min} to ${max}${why}`);
    if (!Number.isInteger(x) || x < min || x > max) throw new InvalidArgumentError(`Expected an integer from ${min} to ${max}${why}.`);
    return x;
  };
}

export function positiveNumber(text: string): number {
  const x = decimal(text, 'a finite number > 0');
  if (!Number.isFinite(x) || x <= 0) throw new InvalidArgumentError('Expected a finite number > 0.');
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
