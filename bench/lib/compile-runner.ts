/**
 * Bundles bench/hogvec-train.ts into one plain CommonJS file so hogvec runs
 * under bare `node`, like `python3 gensim_train.py` or `fasttext`: the tsx
 * loader would add ~35 MB of RSS and its start-up time to every hogvec
 * measurement. esbuild is already installed (tsx depends on it); without it
 * the runner falls back to tsx and says so.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { benchDir, ensureOut } from './paths';

export interface RunnerCommand {
  /** Arguments to node before the runner's own flags. */
  nodeArgs: string[];
  /** True when the tsx fallback is used (measurements include the loader). */
  viaTsx: boolean;
}

let built: RunnerCommand | undefined;

export function hogvecRunner(): RunnerCommand {
  if (built) return built;
  const src = path.join(benchDir, 'hogvec-train.ts');
  const out = path.join(ensureOut(), 'hogvec-train.cjs');
  try {
    const esbuild = require('esbuild') as typeof import('esbuild');
    esbuild.buildSync({
      entryPoints: [src],
      outfile: out,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      // dist/ is loaded at run time from --dist, never bundled.
      logLevel: 'error',
    });
    built = { nodeArgs: [out], viaTsx: false };
  } catch (err) {
    process.stderr.write(
      `note: could not bundle ${src} with esbuild (${(err as Error).message.split('\n')[0]}); ` +
        'running it through tsx, whose loader adds memory and start-up time to hogvec\n',
    );
    if (fs.existsSync(out)) fs.rmSync(out);
    built = { nodeArgs: ['--import', 'tsx', src], viaTsx: true };
  }
  return built;
}
