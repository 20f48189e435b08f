/** A dense row-major matrix of doubles. Float32 problems store float32-rounded doubles. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function createMatrix(rows: number, cols: number, data?: Float64Array): Matrix {
  return { rows, cols, data: data ?? new Float64Array(rows * cols) };
}

export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  const cols = rows.length === 0 ? 0 : rows[0].length;
  const m = createMatrix(rows.length, cols);
  for (const [r, row] of rows.entries()) m.data.set(row, r * cols);
  return m;
}

export function toRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < m.rows; r++) out.push(Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)));
  return out;
}

export function mapMatrix(m: Matrix, f: (x: number) => number): Matrix {
  return createMatrix(m.rows, m.cols, m.data.map(f));
}

export function transpose(m: Matrix): Matrix {
  const t = createMatrix(m.cols, m.rows);
  for (let r = 0; r < m.rows; r++) for (let c = 0; c < m.cols; c++) t.data[c * m.rows + r] = m.data[r * m.cols + c];
  return t;
}
