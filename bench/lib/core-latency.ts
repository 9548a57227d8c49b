/**
 * The time a cache line takes to move between CPU 0 and CPU 1
 * (bench/probe/core-latency.cpp), measured around each timed run. On this
 * kind of virtual machine the host moves the two vCPUs between neighbouring
 * cores (about 25 ns) and distant ones (about 170 ns) every few seconds to
 * minutes; 2-thread Hogwild runs are much slower in the second case, so each
 * run records where it stood. Built with the system's C++ compiler on first
 * use; without one (or on a machine with one CPU, or not Linux) there is no
 * probe and runs record nothing.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { benchDir, ensureOut } from './paths';

/**
 * Below NEAR_NS the two CPUs count as neighbours, between FAR_NS and
 * UNSTEADY_NS as far apart; beyond it the other vCPU was not even running
 * (the host was sharing one core between them).
 */
export const NEAR_NS = 60;
export const FAR_NS = 100;
export const UNSTEADY_NS = 300;

let probe: string | null | undefined;

function probeBinary(): string | null {
  if (probe !== undefined) return probe;
  probe = null;
  if (os.platform() !== 'linux' || os.availableParallelism() < 2) return probe;
  const src = path.join(benchDir, 'probe', 'core-latency.cpp');
  const out = path.join(ensureOut(), 'core-latency');
  const fresh = fs.existsSync(out) && fs.statSync(out).mtimeMs >= fs.statSync(src).mtimeMs;
  if (!fresh) {
    const cc = spawnSync('c++', ['-O2', '-std=c++17', '-pthread', src, '-o', out], { encoding: 'utf8' });
    if (cc.status !== 0) {
      process.stderr.write(`note: no core-to-core probe (c++ failed: ${(cc.stderr || String(cc.error)).trim()})\n`);
      return probe;
    }
  }
  probe = out;
  return probe;
}

/** Nanoseconds one way between CPU 0 and CPU 1, or undefined without a probe. */
export function coreLatencyNs(): number | undefined {
  const bin = probeBinary();
  if (!bin) return undefined;
  const r = spawnSync(bin, [], { encoding: 'utf8', timeout: 10_000 });
  const ns = Number(r.stdout.trim());
  return r.status === 0 && Number.isFinite(ns) ? ns : undefined;
}

/** 'near', 'far' or 'mixed' (or undefined) from the probes before and after a run. */
export function placement(before: number | undefined, after: number | undefined): string | undefined {
  if (before === undefined || after === undefined) return undefined;
  if (before < NEAR_NS && after < NEAR_NS) return 'near';
  if (before > FAR_NS && before < UNSTEADY_NS && after > FAR_NS && after < UNSTEADY_NS) return 'far';
  return 'mixed';
}
