/**
 * Runs a command as a whole process and measures it from outside: wall time
 * around spawn-to-exit (so vocabulary building, loading and saving count, as
 * a user would feel them) and peak RSS from GNU time's -v report. GNU time
 * writes its report to a file (-o) so it never mixes with the tool's output.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { busySeconds, cpuSnapshot } from './cpu';

export const GNU_TIME = '/usr/bin/time';

export interface Measured {
  command: string[];
  exitCode: number | null;
  signal: string | null;
  wallSeconds: number;
  /** Peak resident set size in MB (1e6 bytes); undefined without GNU time. */
  maxRssMB?: number;
  /** User + system CPU seconds (GNU time), to see how busy both cores were. */
  cpuSeconds?: number;
  stdout: string;
  /** The last 64 KiB of stderr (fastText writes megabytes of progress). */
  stderrTail: string;
  /**
   * CPU used by other processes while this one ran, as a share of the whole
   * machine (0.5 = one of two cores): non-zero means the timing is skewed.
   * Undefined without GNU time or /proc/stat.
   */
  otherCpuShare?: number;
}

const STDERR_KEEP = 64 * 1024;

export function hasGnuTime(): boolean {
  try {
    fs.accessSync(GNU_TIME, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Echo the tool's stderr live (for long runs). */
  echoStderr?: boolean;
}

/** Runs cmd with args to completion; never throws for a non-zero exit. */
export function runMeasured(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<Measured> {
  const useTime = hasGnuTime();
  const report = path.join(os.tmpdir(), `hogvec-bench-time-${process.pid}-${Date.now()}.txt`);
  const argv = useTime ? [GNU_TIME, '-v', '-o', report, cmd, ...args] : [cmd, ...args];
  return new Promise((resolve, reject) => {
    const cpuBefore = cpuSnapshot();
    const started = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      if (opts.echoStderr) process.stderr.write(d);
      stderr += d;
      if (stderr.length > 2 * STDERR_KEEP) stderr = stderr.slice(-STDERR_KEEP);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      const cpuAfter = cpuSnapshot();
      const m: Measured = {
        command: [cmd, ...args],
        exitCode: code,
        signal,
        wallSeconds,
        stdout,
        stderrTail: stderr.slice(-STDERR_KEEP),
      };
      if (useTime) {
        try {
          const text = fs.readFileSync(report, 'utf8');
          fs.rmSync(report, { force: true });
          const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(text);
          if (rss) m.maxRssMB = (Number(rss[1]) * 1024) / 1e6;
          const user = /User time \(seconds\): ([\d.]+)/.exec(text);
          const sys = /System time \(seconds\): ([\d.]+)/.exec(text);
          if (user && sys) m.cpuSeconds = Number(user[1]) + Number(sys[1]);
          // GNU time exits with the command's status; trust its report for it.
          const status = /Exit status: (\d+)/.exec(text);
          if (status && m.exitCode !== null) m.exitCode = Number(status[1]);
        } catch {
          /* no report: leave RSS undefined */
        }
      }
      if (cpuBefore && cpuAfter && m.cpuSeconds !== undefined && wallSeconds > 0) {
        const others = busySeconds(cpuBefore, cpuAfter) - m.cpuSeconds;
        m.otherCpuShare = Math.max(0, others / (wallSeconds * os.availableParallelism()));
      }
      resolve(m);
    });
  });
}

/** The last JSON object line a tool printed on stdout, if any. */
export function lastJsonLine(stdout: string): Record<string, unknown> | undefined {
  const lines = stdout.trim().split('\n').reverse();
  for (const line of lines) {
    const t = line.trim();
    if (!t.startsWith('{')) continue;
    try {
      return JSON.parse(t) as Record<string, unknown>;
    } catch {
      /* not JSON */
    }
  }
  return undefined;
}

/** Throws with the tool's stderr tail when a run failed. */
export function assertSucceeded(name: string, m: Measured): void {
  if (m.exitCode === 0 && m.signal === null) return;
  const why = m.signal ? `signal ${m.signal}` : `exit code ${String(m.exitCode)}`;
  const tail = m.stderrTail
    .split(/\r|\n/)
    .filter((l) => l.trim())
    .slice(-15)
    .join('\n');
  throw new Error(`${name} failed (${why}): ${m.command.join(' ')}\n${tail}`);
}
