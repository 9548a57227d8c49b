/** Medians and number formatting for benchmark reports; tables are lib/table.ts's. */
import { table as formatTable } from '../../lib/table';

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** 1234567 -> "1.23M", 543210 -> "543k". */
export function fmtRate(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return 'n/a';
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)}M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(0)}k`;
  return x.toFixed(0);
}

export function fmtNum(x: number | undefined, digits = 3): string {
  return x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(digits);
}

/** A plain-text table: a header, a rule, then the rows; right-aligned columns after the first. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  return `${formatTable([headers, ...rows], { indent: '', rule: true }).join('\n')}\n`;
}
