/**
 * Dense row-major matrices of doubles, the one container the reference uses.
 */

/** A dense row-major matrix: element (i, j) is `data[i * cols + j]`. */
export interface Matrix {
  /** Number of rows (for the embedding matrices, one row per word or inner node). */
  rows: number;
  /** Number of columns (the embedding dimension). */
  cols: number;
  /** The `rows * cols` elements, row after row. */
  data: Float64Array;
}

function checkSize(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(
      `Expected a non-negative integer for ${name} but received ${String(value)} of type ${typeof value}`,
    );
  }
}

/**
 * Makes a `rows` x `cols` matrix.
 *
 * Without `data` the matrix is all zeros. A `Float64Array` is used as is (not
 * copied), so a matrix can be a view over part of a larger parameter vector,
 * which is how gradient checks perturb several matrices through one vector.
 * Any other array-like is copied.
 *
 * @throws Error if a size is not a non-negative integer or `data` does not hold
 *   exactly `rows * cols` elements.
 */
export function matrix(rows: number, cols: number, data?: Float64Array | ArrayLike<number>): Matrix {
  checkSize('rows', rows);
  checkSize('cols', cols);
  const size = rows * cols;
  if (data === undefined) return { rows, cols, data: new Float64Array(size) };
  if (data.length !== size) {
    throw new Error(`Expected ${size} elements (${rows} x ${cols}) for matrix data but received ${data.length}`);
  }
  return { rows, cols, data: data instanceof Float64Array ? data : Float64Array.from(data) };
}

/**
 * Row `i` of `m` as a view: writing to it writes to the matrix.
 *
 * @throws Error if `i` is not an integer in [0, m.rows).
 */
export function row(m: Matrix, i: number): Float64Array {
  if (!Number.isInteger(i) || i < 0 || i >= m.rows) {
    throw new Error(`Expected a row index between 0 and ${m.rows - 1} but received ${String(i)}`);
  }
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}

/**
 * The dot product of two equally long vectors.
 *
 * @throws Error if the lengths differ.
 */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) {
    throw new Error(`Expected vectors of equal length for dot but received ${a.length} and ${b.length}`);
  }
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
