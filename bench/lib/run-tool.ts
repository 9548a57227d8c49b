/**
 * One measured training run of one tool, on the one words/s definition all
 * reports use: corpus tokens x epochs / wall seconds of the whole process.
 * (The tools' own figures count differently; bench/README.md, "Traps".)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Tool, ToolReport, TrainSpec } from '../peers/tool';
import { waitForQuiet } from './cpu';
import { assertSucceeded, runMeasured } from './measure';

export interface RunResult {
  tool: string;
  architecture: TrainSpec['architecture'];
  run: number;
  wallSeconds: number;
  /** corpus tokens x epochs / wall seconds. */
  wordsPerSecond: number;
  /** corpus tokens x epochs / the tool's own training seconds, if reported. */
  trainWordsPerSecond?: number;
  maxRssMB?: number;
  cpuSeconds?: number;
  /** Share of the machine other processes used during the run (see measure.ts). */
  otherCpuShare?: number;
  vectors: string;
  report: ToolReport;
  command: string[];
}

/** Above this share of the machine used by others, a run is flagged. */
export const BUSY_FLAG = 0.05;

/** Trains once, measured. */
export async function runTool(tool: Tool, spec: TrainSpec, corpusTokens: number, run: number): Promise<RunResult> {
  fs.mkdirSync(path.dirname(spec.outPrefix), { recursive: true });
  const c = tool.command(spec);
  const m = await runMeasured(c.cmd, c.args, { cwd: c.cwd });
  assertSucceeded(tool.name, m);
  if (!fs.existsSync(c.vectors)) throw new Error(`${tool.name} exited 0 but wrote no ${c.vectors}`);
  const report = tool.parse(m, spec);
  const words = corpusTokens * spec.epochs;
  return {
    tool: tool.name,
    architecture: spec.architecture,
    run,
    wallSeconds: m.wallSeconds,
    wordsPerSecond: words / m.wallSeconds,
    trainWordsPerSecond: report.trainSeconds ? words / report.trainSeconds : undefined,
    maxRssMB: m.maxRssMB,
    cpuSeconds: m.cpuSeconds,
    otherCpuShare: m.otherCpuShare,
    vectors: c.vectors,
    report,
    command: m.command,
  };
}

/** Rotates the tool order each round so no tool always runs first (or last). */
export function rotate<T>(xs: readonly T[], by: number): T[] {
  const k = xs.length === 0 ? 0 : by % xs.length;
  return [...xs.slice(k), ...xs.slice(0, k)];
}

export interface QuietOptions {
  /** Wait up to this many seconds for quiet CPUs before each attempt (0: never). */
  quietWait: number;
  /** Re-run up to this many times when others took more than RETRY_BUSY of the CPUs. */
  retries: number;
  /** Written to stdout when an attempt starts (after any waiting). */
  label: string;
}

/** Above this share of the machine used by others, a run is repeated. */
export const RETRY_BUSY = 0.1;

/**
 * runTool on a shared machine: wait for quiet CPUs, run, and run again when
 * other processes took a real share of the CPUs meanwhile (the last attempt
 * is kept either way, flagged).
 */
export async function runToolQuietly(
  tool: Tool,
  spec: TrainSpec,
  corpusTokens: number,
  run: number,
  q: QuietOptions,
): Promise<RunResult> {
  for (let attempt = 0; ; attempt++) {
    if (q.quietWait > 0) await waitForQuiet(q.quietWait);
    process.stdout.write(q.label);
    const r = await runTool(tool, spec, corpusTokens, run);
    if (attempt >= q.retries || r.otherCpuShare === undefined || r.otherCpuShare <= RETRY_BUSY) return r;
    process.stdout.write(
      `${r.wallSeconds.toFixed(1)} s, but others used ${(r.otherCpuShare * 100).toFixed(0)}% of the CPUs: again\n`,
    );
  }
}

/** "", or a note that other processes took a share of the CPUs during the run. */
export function busyNote(r: RunResult): string {
  const s = r.otherCpuShare;
  return s !== undefined && s > BUSY_FLAG ? `  [others used ${(s * 100).toFixed(0)}% of the CPUs: timing skewed]` : '';
}
