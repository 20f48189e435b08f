/** Text as HTML (and SVG) reads it: a module's parameter or path may be named anything, markup included. */
export function escaped(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** What a page calls the difference an entry may have: its bound, or allclose's allowed atol + rtol·|numeric|. */
export const allowedWord = (tol: { tolerance?: string }) => (tol.tolerance === 'allclose' ? 'allowed' : 'bound');

/** A table: a head and rows of cells already escaped; numeric columns right-aligned by class. */
export function tableHtml(head: readonly string[], rows: readonly (readonly string[])[], numeric: readonly boolean[]) {
  const cell = (tag: string, text: string, k: number) => `<${tag}${numeric[k] ? ' class="num"' : ''}>${text}</${tag}>`;
  return (
    `<table><thead><tr>${head.map((h, k) => cell('th', escaped(h), k)).join('')}</tr></thead><tbody>` +
    rows.map((row) => `<tr>${row.map((text, k) => cell('td', text, k)).join('')}</tr>`).join('') +
    '</tbody></table>'
  );
}

/**
 * Lines of a report's prose as a list: a nested "  - " line an item of its own (a parameter's line), any other line
 * that starts with two spaces the rest of the item before it (as the terminal wraps it).
 */
export function proseHtml(lines: readonly string[]): string {
  const items: { text: string; nested: boolean }[] = [];
  for (const line of lines.flatMap((text) => text.split('\n'))) {
    const nested = /^\s+- /.test(line);
    if (!nested && /^\s\s/.test(line) && items.length > 0) items[items.length - 1].text += `\n${line.trim()}`;
    else items.push({ text: line.replace(/^\s+- /, ''), nested });
  }
  const html = items.map((item) => `<li${item.nested ? ' class="nested"' : ''}>${escaped(item.text)}</li>`);
  return html.length ? `<ul class="details">${html.join('')}</ul>` : '';
}
