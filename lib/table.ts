/**
 * Plain-text tables: the one formatter of the hogvec command, the gradient
 * check report and the benchmark reports.
 */

/**
 * Rows of cells as aligned text lines, each indented by `indent`: the first
 * column left-aligned, the others right-aligned (they hold numbers), unless
 * `align` says otherwise ('l' or 'r' per column). With `rule`, a line of
 * dashes under the first row sets it off as the header.
 */
export function table(
  rows: readonly (readonly string[])[],
  options: { indent?: string; align?: string; rule?: boolean } = {},
): string[] {
  const { indent = '  ', align, rule = false } = options;
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const lines = rows.map((row) => {
    const cells = row.map((cell, i) => {
      const left = (align?.[i] ?? (i === 0 ? 'l' : 'r')) === 'l';
      return left ? cell.padEnd(widths[i]) : cell.padStart(widths[i]);
    });
    return indent + cells.join('  ').trimEnd();
  });
  if (rule && lines.length > 0) lines.splice(1, 0, indent + widths.map((w) => '-'.repeat(w)).join('  '));
  return lines;
}
