import type { Matrix } from '../model/matrix.js';
import type { Losses } from '../model/network.js';
import { shortest } from './format.js';

const MAX_ROWS = 20;
const MAX_COLS = 12;

/** A matrix as right-aligned columns, cut to its first rows and columns when large. */
export function renderMatrix(name: string, m: Matrix): string {
  const rows = Math.min(m.rows, MAX_ROWS);
  const cols = Math.min(m.cols, MAX_COLS);
  const cells: string[][] = [];
  for (let r = 0; r < rows; r++) {
    const row: string[] = [];
    for (let c = 0; c < cols; c++) row.push(shortest(m.data[r * m.cols + c]));
    if (cols < m.cols) row.push('…');
    cells.push(row);
  }
  const widths = cells[0]?.map((_, c) => Math.max(...cells.map((row) => row[c].length))) ?? [];
  const lines = cells.map((row) => `  ${row.map((s, c) => s.padStart(widths[c])).join('  ')}`);
  if (rows < m.rows) lines.push(`  … ${m.rows - rows} more rows`);
  return `${name} (${m.rows}×${m.cols})\n${lines.join('\n')}\n`;
}

/** The notebook's cells: X, W, T, then Z = XW, Y, and both losses. */
export function renderInputs(
  mats: { X: Matrix; W: Matrix; T: Matrix; Z: Matrix; Y: Matrix },
  model: string,
  loss: Losses,
): string {
  return [
    renderMatrix('X', mats.X),
    renderMatrix('W', mats.W),
    renderMatrix('T', mats.T),
    renderMatrix('Z = XW', mats.Z),
    renderMatrix(model === 'linear' ? 'Y = Z' : `Y = ${model}(Z)`, mats.Y),
    `loss2 = ½Σ(Y−T)² = ${shortest(loss.sumHalf)}`,
    `loss1 = mean (Y−T)² = ${shortest(loss.mean)}   (torch.nn.MSELoss(); loss2 = loss1 · n·C / 2)`,
    '',
    '',
  ].join('\n');
}
