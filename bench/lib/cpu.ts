/**
 * Whole-machine CPU use from /proc/stat. On a shared 2-core box another
 * process can take half the machine; the 1-minute load average cannot tell
 * (it also counts the previous benchmark run), so runs record how much CPU
 * other processes used while they ran, and can wait for a quiet machine first.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';

export interface CpuSnapshot {
  /** Busy jiffies over all CPUs (user, nice, system, irq, softirq, steal). */
  busy: number;
  /** All jiffies over all CPUs. */
  total: number;
}

let ticks: number | undefined;

/** Jiffies per second (USER_HZ), normally 100. */
export function clockTicks(): number {
  if (ticks === undefined) {
    const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    const n = Number(r.stdout?.trim());
    ticks = r.status === 0 && n > 0 ? n : 100;
  }
  return ticks;
}

/** undefined where /proc/stat does not exist (not Linux). */
export function cpuSnapshot(): CpuSnapshot | undefined {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = f;
    const busy = user + nice + system + irq + softirq + (steal ?? 0);
    return { busy, total: busy + idle + iowait };
  } catch {
    return undefined;
  }
}

/** Busy CPU-seconds between two snapshots (over all CPUs). */
export function busySeconds(a: CpuSnapshot, b: CpuSnapshot): number {
  return (b.busy - a.busy) / clockTicks();
}

/** Share of the machine's capacity that was busy between two snapshots. */
export function busyShare(a: CpuSnapshot, b: CpuSnapshot): number {
  const total = b.total - a.total;
  return total > 0 ? (b.busy - a.busy) / total : 0;
}

/**
 * Waits until the machine is quiet: busy share below `threshold` (of all
 * cores) for `quietSeconds` in a row, sampled every 2 seconds (test suites
 * run in bursts, so one quiet sample is not enough). Gives up after
 * maxSeconds and returns the last share seen, so the caller can flag the run.
 */
export async function waitForQuiet(maxSeconds: number, threshold = 0.1, quietSeconds = 6): Promise<number> {
  const deadline = Date.now() + maxSeconds * 1000;
  let warned = false;
  let quietFor = 0;
  for (;;) {
    const a = cpuSnapshot();
    await new Promise((r) => setTimeout(r, 2000));
    const b = cpuSnapshot();
    if (!a || !b) return 0;
    const share = busyShare(a, b);
    quietFor = share < threshold ? quietFor + 2 : 0;
    if (quietFor >= quietSeconds || Date.now() >= deadline) {
      if (warned)
        process.stderr.write(
          quietFor >= quietSeconds ? ' quiet\n' : ` still ${(share * 100).toFixed(0)}% busy, going on\n`,
        );
      return share;
    }
    if (!warned && share >= threshold) {
      process.stderr.write(
        `waiting for other work to finish (${(share * 100).toFixed(0)}% of ${os.availableParallelism()} cores busy)...`,
      );
      warned = true;
    }
  }
}
