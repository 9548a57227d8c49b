/**
 * How the hogvec command writes numbers, durations and tables: short,
 * aligned, and the same in every subcommand.
 */
export { table } from '../table';

/** 1234567 -> '1,234,567'. */
export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A rate with a k/M/G suffix: 812345 -> '812k', 1234567 -> '1.23M'. */
export function rate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return '-';
  const units: [number, string][] = [
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [size, suffix] of units) {
    if (perSecond >= size) return `${(perSecond / size).toPrecision(3)}${suffix}`;
  }
  return String(Math.round(perSecond));
}

/** Milliseconds as m:ss or h:mm:ss ('--:--' when unknown). */
export function clock(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '--:--';
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Milliseconds as seconds with one decimal: '16.9 s'. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Bytes in binary units: '5.8 MiB'. */
export function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${n} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** A fraction as a percentage with one decimal: 0.4321 -> '43.2%'. */
export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}
