/** Text as HTML (and SVG) reads it: a module's parameter or path may be named anything, markup included. */
export function escaped(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Every digit of a value (what JSON holds), NaN and ±∞ by name. */
export const numberText = (x: number) => String(x);

/** A table: a head and rows of cells already escaped; numeric columns right-aligned by class. */
export function tableHtml(head: readonly string[], rows: readonly (readonly string[])[], numeric: readonly boolean[]) {
  const cell = (tag: string, text: string, k: number) => `<${tag}${numeric[k] ? ' class="num"' : ''}>${text}</${tag}>`;
  return (
    `<table><thead><tr>${head.map((h, k) => cell('th', escaped(h), k)).join('')}</tr></thead><tbody>` +
    rows.map((row) => `<tr>${row.map((text, k) => cell('td', text, k)).join('')}</tr>`).join('') +
    '</tbody></table>'
  );
}

/** Lines of a report's prose as paragraphs (a nested "  - " item stays a list item of its own). */
export function proseHtml(lines: readonly string[]): string {
  const items = lines
    .flatMap((text) => text.split('\n'))
    .map((line) => {
      const nested = /^\s+- /.test(line);
      return `<li${nested ? ' class="nested"' : ''}>${escaped(line.replace(/^\s+- /, ''))}</li>`;
    });
  return items.length ? `<ul class="details">${items.join('')}</ul>` : '';
}
