import { fromRows, type Matrix } from '../model/matrix.js';
import type { Problem } from './generate.js';

/**
 * Input that cannot be used: the message names the field and what is wrong with it. A document
 * that is not a check's input at all has a `kind` instead, for the caller to word (it names commands).
 */
export class InputError extends Error {
  constructor(
    message: string,
    readonly kind?:
      | { not: 'an-object' }
      | { not: 'a-check'; report: string }
      | { not: 'replayable'; module: string }
      | { not: 'a-field'; key: string; expected: readonly string[] },
  ) {
    super(message);
  }
}

/** A JSON value read from --input: either { X, W, T } or a gradcheck report, which also brings its config. */
export interface ParsedInput {
  problem: Problem;
  /** The config of a report being replayed, unchecked; undefined for plain inputs. */
  config?: Record<string, unknown>;
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A non-empty array of equally long, non-empty rows of finite numbers. */
function matrix(value: unknown, name: string): Matrix {
  if (value === undefined) throw new InputError(`${name} is missing: expected an array of rows of numbers`);
  if (!Array.isArray(value)) throw new InputError(`${name} is not an array of rows`);
  if (value.length === 0) throw new InputError(`${name} has no rows: expected at least one`);
  let width = -1;
  value.forEach((row: unknown, i) => {
    if (!Array.isArray(row)) throw new InputError(`${name}[${i}] is not an array of numbers`);
    if (row.length === 0) throw new InputError(`${name}[${i}] is empty: expected at least one value`);
    if (width === -1) width = row.length;
    else if (row.length !== width)
      throw new InputError(`${name}[${i}] has ${count(row.length, 'value')}, expected ${width}`);
    row.forEach((x: unknown, j) => {
      // JSON.parse reads 1e400 as Infinity: say so, rather than JSON.stringify's "null".
      if (typeof x === 'number' && !Number.isFinite(x))
        throw new InputError(`${name}[${i}][${j}] is ${x}: too large for float64 (at most 1.8e308 in size)`);
      if (typeof x !== 'number')
        throw new InputError(`${name}[${i}][${j}] is not a finite number: ${JSON.stringify(x) ?? String(x)}`);
    });
  });
  return fromRows(value as number[][]);
}

/**
 * X (n×d), W (d×C), T (n×C), or with a hidden layer W1 (d×k) and W2 (k×C):
 * the shapes must fit the network and Y − T.
 */
export function parseInput(doc: unknown, maxElements: number): ParsedInput {
  if (!isObject(doc)) throw new InputError('expected a JSON object with X, W and T, or a report', { not: 'an-object' });
  if (doc.schemaVersion !== undefined && doc.schemaVersion !== 1)
    throw new InputError(
      `schemaVersion is ${JSON.stringify(doc.schemaVersion)}: this gradcheck reads reports of schemaVersion 1`,
    );
  if (doc.kind === 'sweep' || doc.kind === 'taylor')
    throw new InputError(`a ${doc.kind} report holds no X, W and T to check`, {
      not: 'a-check',
      report: String(doc.kind),
    });
  if (isObject(doc.config) && doc.config.model === 'module')
    throw new InputError('a report of a module replays with its module', {
      not: 'replayable',
      module: String(doc.config.module ?? '<path>'),
    });
  const isReport = isObject(doc.inputs);
  const source = isReport ? (doc.inputs as Record<string, unknown>) : doc;
  // A plain input holds these and nothing else: a misspelled one would be ignored.
  const fields = ['X', 'W', 'W1', 'W2', 'T', 'config', 'schemaVersion'];
  const stray = isReport ? undefined : Object.keys(doc).find((k) => !fields.includes(k));
  if (stray !== undefined)
    throw new InputError(`'${stray}' is not a field of an input`, { not: 'a-field', key: stray, expected: fields });
  const prefix = isReport ? 'inputs.' : '';
  const shape = (name: string) => {
    const v = source[name];
    return Array.isArray(v) ? `${v.length}×${Array.isArray(v[0]) ? v[0].length : '?'}` : '';
  };
  // W1 and W2 (a hidden layer), or W.
  const weights = source.W1 !== undefined || source.W2 !== undefined ? ['W1', 'W2'] : ['W'];
  const names = ['X', ...weights, 'T'];
  // Checked before the numbers are copied: a huge input is refused as a huge problem is.
  const sizes = names.map((name) => {
    const v = source[name];
    return Array.isArray(v) ? v.length * (Array.isArray(v[0]) ? v[0].length : 0) : 0;
  });
  const elements = sizes.reduce((a, b) => a + b, 0);
  if (elements > maxElements)
    throw new InputError(
      `${names.join(', ')} (${names.map(shape).join(', ')}) hold ${elements} values; ` +
        `at most ${maxElements} are accepted`,
    );
  const X = matrix(source.X, `${prefix}X`);
  const layers = weights.map((name) => matrix(source[name], `${prefix}${name}`));
  const T = matrix(source.T, `${prefix}T`);
  const [first, second] = layers;
  const last = second ?? first;
  const lastName = `${prefix}${weights[weights.length - 1]}`;
  if (first.rows !== X.cols)
    throw new InputError(
      `${prefix}${weights[0]} has ${count(first.rows, 'row')}, expected ${X.cols} (the columns of X)`,
    );
  if (second && second.rows !== first.cols)
    throw new InputError(`${prefix}W2 has ${count(second.rows, 'row')}, expected ${first.cols} (the columns of W1)`);
  if (T.rows !== X.rows)
    throw new InputError(`${prefix}T has ${count(T.rows, 'row')}, expected ${X.rows} (the rows of X)`);
  if (T.cols !== last.cols)
    throw new InputError(
      `${prefix}T[0] has ${count(T.cols, 'value')}, expected ${last.cols} ` +
        `(the columns of ${lastName.slice(prefix.length)})`,
    );
  // A config replays with a report's inputs and with plain X, W, T alike.
  if (doc.config !== undefined && !isObject(doc.config)) throw new InputError('config is not an object');
  return {
    problem: second ? { X, W: first, T, W2: second } : { X, W: first, T },
    config: isReport
      ? ((doc.config as Record<string, unknown> | undefined) ?? {})
      : (doc.config as Record<string, unknown> | undefined),
  };
}
