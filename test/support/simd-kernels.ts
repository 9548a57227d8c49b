// The float kernel cases every SIMD path is checked on (binding/addon/simd.cpp's
// kernelCheck hook), and the float tolerances against exact double results:
// shared by the in-process SIMD tests and the emulated-arm64 checks.
import { prng } from './prng';

/** The SIMD kernel path names the native core knows, on any architecture. */
export const ALL_SIMD_PATHS = ['scalar', 'avx2', 'avx512', 'neon'] as const;
/** Every length 0..70 covers every tail of the 4-, 8-, 16- and 32-wide loops. */
export const MAX_KERNEL_LENGTH = 70;

export interface KernelCase {
  x: number[];
  y: number[];
  a: number;
}

/** What kernelCheck returns for one case. */
export interface KernelResult {
  dot: number;
  axpy: ArrayLike<number>;
  scal: ArrayLike<number>;
  /** CBOW's row kernels: y + x + y + x, and y + a x + a x. */
  addRows: ArrayLike<number>;
  axpyRows: ArrayLike<number>;
}

/** Deterministic floats in [-1, 1) from the test PRNG. */
export function seededFloats(n: number, seed: number): Float32Array {
  const random = prng(seed);
  return Float32Array.from({ length: n }, () => 2 * random() - 1);
}

/** One case per length 0..MAX_KERNEL_LENGTH. */
export const KERNEL_CASES: KernelCase[] = Array.from({ length: MAX_KERNEL_LENGTH + 1 }, (_, n) => ({
  x: Array.from(seededFloats(n, 2 * n + 1)),
  y: Array.from(seededFloats(n, 2 * n + 2)),
  a: Math.fround(0.37 + n / 100),
}));

/** |fl(x.y) - x.y| for n float products summed in float: a few n * eps * sum |x_i y_i|. */
export function dotTolerance(c: KernelCase): number {
  let magnitude = 0;
  for (let i = 0; i < c.x.length; i++) magnitude += Math.abs(c.x[i] * c.y[i]);
  return 4 * (c.x.length + 1) * 2 ** -24 * magnitude;
}

/** y + a x with or without FMA: within two roundings of |y| + |a x|. */
export function axpyTolerance(c: KernelCase, i: number): number {
  return 2 ** -22 * (Math.abs(c.y[i]) + Math.abs(c.a * c.x[i]));
}

/** Every kernel result outside its tolerance of the exact (double) value, as text; [] if none. */
export function kernelMisses(results: KernelResult[]): string[] {
  const misses: string[] = [];
  KERNEL_CASES.forEach((c, n) => {
    const r = results[n];
    if (!r) {
      misses.push(`n=${n}: no result`);
      return;
    }
    let dot = 0;
    for (let i = 0; i < n; i++) dot += c.x[i] * c.y[i];
    if (!(Math.abs(r.dot - dot) <= dotTolerance(c))) misses.push(`dot n=${n}: ${r.dot} vs ${dot}`);
    for (let i = 0; i < n; i++) {
      const axpy = c.y[i] + c.a * c.x[i];
      if (!(Math.abs(r.axpy[i] - axpy) <= axpyTolerance(c, i)))
        misses.push(`axpy n=${n} i=${i}: ${r.axpy[i]} vs ${axpy}`);
      // Three additions, and two axpy steps: a rounding each at most.
      const added = 2 * c.y[i] + 2 * c.x[i];
      if (!(Math.abs(r.addRows[i] - added) <= 2 ** -22 * (2 * Math.abs(c.y[i]) + 2 * Math.abs(c.x[i]))))
        misses.push(`addRows n=${n} i=${i}: ${r.addRows[i]} vs ${added}`);
      const twice = c.y[i] + 2 * c.a * c.x[i];
      if (!(Math.abs(r.axpyRows[i] - twice) <= 2 ** -21 * (Math.abs(c.y[i]) + 2 * Math.abs(c.a * c.x[i]))))
        misses.push(`axpyRows n=${n} i=${i}: ${r.axpyRows[i]} vs ${twice}`);
      // A single multiplication rounds the same way on every path.
      if (r.scal[i] !== Math.fround(c.a * c.x[i]))
        misses.push(`scal n=${n} i=${i}: ${r.scal[i]} vs ${Math.fround(c.a * c.x[i])}`);
    }
    if (r.axpy.length !== n || r.scal.length !== n || r.addRows.length !== n || r.axpyRows.length !== n)
      misses.push(
        `n=${n}: results of length ${r.axpy.length}, ${r.scal.length}, ${r.addRows.length}, ${r.axpyRows.length}`,
      );
  });
  return misses;
}

/** How far two paths' results are apart, in units of the tolerance (dot, axpy), and whether scal is identical. */
export function kernelGap(a: KernelResult[], b: KernelResult[]): { dot: number; axpy: number; scalEqual: boolean } {
  let dot = 0;
  let axpy = 0;
  let scalEqual = true;
  KERNEL_CASES.forEach((c, n) => {
    dot = Math.max(dot, Math.abs(a[n].dot - b[n].dot) / (dotTolerance(c) || 1));
    for (let i = 0; i < n; i++) {
      axpy = Math.max(axpy, Math.abs(a[n].axpy[i] - b[n].axpy[i]) / (axpyTolerance(c, i) || 1));
      scalEqual &&= a[n].scal[i] === b[n].scal[i];
    }
  });
  return { dot, axpy, scalEqual };
}
