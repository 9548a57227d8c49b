/**
 * Cycles per trained pair without hardware counters (a VM often has none):
 * thread-seconds x the clock /proc/cpuinfo reports. The clock is the nominal
 * one the kernel shows ("cpu MHz"), so the figure compares runs on one
 * machine; it is not a cycle count from the CPU.
 */
import * as fs from 'node:fs';

/** The mean "cpu MHz" over the CPUs in /proc/cpuinfo, or undefined where there is none. */
export function cpuMHz(): number | undefined {
  try {
    const mhz = [...fs.readFileSync('/proc/cpuinfo', 'utf8').matchAll(/^cpu MHz\s*:\s*([\d.]+)/gm)].map((m) =>
      Number(m[1]),
    );
    const ok = mhz.filter((x) => Number.isFinite(x) && x > 0);
    return ok.length > 0 ? ok.reduce((a, b) => a + b, 0) / ok.length : undefined;
  } catch {
    return undefined;
  }
}

/** threadSeconds x MHz x 1e6 / pairs; undefined when any input is missing or zero. */
export function cyclesPerPair(
  threadSeconds: number | undefined,
  mhz: number | undefined,
  pairs: number | undefined,
): number | undefined {
  if (threadSeconds === undefined || mhz === undefined || !pairs) return undefined;
  return (threadSeconds * mhz * 1e6) / pairs;
}
