import { jsonNumber } from './format.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A number as the report writes it: its shortest form, or NaN and ±∞ as strings, as the schema says. */
export const numberJson = (x: number) => JSON.stringify(jsonNumber(x));

function isPrimitive(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

/** JSON for people too: a key a line, but objects in arrays and arrays of plain values on one line, to grep, diff. */
export function layout(value: Json, indent: string, inline: boolean): string {
  if (typeof value === 'number') return numberJson(value);
  if (isPrimitive(value)) return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (inline || value.every(isPrimitive)) return `[${value.map((v) => layout(v, indent, true)).join(', ')}]`;
    const inner = `${indent}  `;
    const objectItems = value.every((v) => !isPrimitive(v) && !Array.isArray(v));
    const items = value.map((v) => inner + layout(v, inner, objectItems || v === null || Array.isArray(v)));
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  const object = value as { [key: string]: Json };
  const keys = Object.keys(object).filter((k) => object[k] !== undefined);
  if (keys.length === 0) return '{}';
  if (inline) {
    const fields = keys.map((k) => `${JSON.stringify(k)}: ${layout(object[k], indent, true)}`);
    return `{ ${fields.join(', ')} }`;
  }
  const inner = `${indent}  `;
  const fields = keys.map((k) => `${inner}${JSON.stringify(k)}: ${layout(object[k], inner, false)}`);
  return `{\n${fields.join(',\n')}\n${indent}}`;
}

/** Any JSON-shaped value in the report layout; NaN and ±∞ become strings, as the schema says. */
export function toJson(value: unknown): string {
  return `${layout(value as Json, '', false)}\n`;
}
