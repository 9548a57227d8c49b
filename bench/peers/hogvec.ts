/**
 * hogvec as a whole process: bench/hogvec-train.ts (bundled to plain JS) under
 * bare node, loading the compiled package from dist/ as a user's script would.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hogvecRunner } from '../lib/compile-runner';
import { lastJsonLine, type Measured } from '../lib/measure';
import { repoRoot } from '../lib/paths';
import type { Tool, ToolReport, TrainSpec } from './tool';

export const HOGVEC_DIST = path.join(repoRoot, 'dist', 'index.js');

let cached: string | undefined | null = null;

/** undefined when dist/ exports train(); otherwise what is missing. */
function hogvecUnavailable(): string | undefined {
  if (cached !== null) return cached;
  if (!fs.existsSync(HOGVEC_DIST)) {
    cached = `hogvec is not built (${HOGVEC_DIST} is missing). Build it with: npm run compile`;
    return cached;
  }
  const r = spawnSync(
    process.execPath,
    ['-e', "const m = require('./dist/index.js'); process.exit(typeof m.train === 'function' ? 0 : 3)"],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  if (r.status === 0) cached = undefined;
  else if (r.status === 3)
    cached = 'dist/index.js does not export train() yet. Rebuild (npm run compile) once it lands.';
  else cached = `loading dist/index.js failed:\n${r.stderr.trim().split('\n').slice(-5).join('\n')}`;
  return cached;
}

export const hogvec: Tool = {
  name: 'hogvec',
  unavailable: hogvecUnavailable,
  version() {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    return pkg.version;
  },
  command(s: TrainSpec) {
    const vectors = `${s.outPrefix}.bin`;
    return {
      cmd: process.execPath,
      args: [
        ...hogvecRunner().nodeArgs,
        '--dist',
        HOGVEC_DIST,
        '--corpus',
        s.corpus,
        '--out',
        vectors,
        '--architecture',
        s.architecture,
        '--loss',
        s.loss,
        '--dim',
        String(s.dim),
        '--window',
        String(s.window),
        '--negative',
        String(s.negative),
        '--sample',
        String(s.sample),
        '--min-count',
        String(s.minCount),
        '--epochs',
        String(s.epochs),
        '--threads',
        String(s.threads),
        '--alpha',
        String(s.alpha),
        '--seed',
        String(s.seed),
        ...Object.entries(s.hogvecOptions ?? {}).flatMap(([k, v]) => ['--option', `${k}=${String(v)}`]),
      ],
      cwd: repoRoot,
      vectors,
    };
  },
  parse(m: Measured): ToolReport {
    const j = lastJsonLine(m.stdout);
    if (!j) return {};
    return {
      trainSeconds: num(j.trainSeconds),
      trainCpuSeconds: num(j.trainCpuSeconds),
      pairs: num(j.pairs),
      vocabSize: num(j.vocabSize),
      ownWordsPerSecond: num(j.lastTokensPerSecond),
      raw: j,
    };
  },
};

function num(x: unknown): number | undefined {
  return typeof x === 'number' ? x : undefined;
}
