/**
 * Where things live. Everything is resolved from this file's location so the
 * scripts work from any working directory.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root (bench/lib/../..). */
export const repoRoot = path.resolve(__dirname, '..', '..');

/** The bench/ folder. */
export const benchDir = path.join(repoRoot, 'bench');

/** Generated corpora, vectors and JSON results (git-ignored). */
export const outDir = path.join(benchDir, 'out');

/** Creates bench/out (or a sub-folder of it) and returns its path. */
export function ensureOut(...sub: string[]): string {
  const dir = path.join(outDir, ...sub);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * The folder holding eval/ (WordSim353, SimLex-999, the analogies):
 * test/fixtures/gensim, the repository's copy of gensim's test data. An
 * explicit override wins.
 */
export function evaluationDataDir(override?: string): string {
  return override ? path.resolve(override) : path.join(repoRoot, 'test', 'fixtures', 'gensim');
}

/** Resolves a user-given path against the current directory. */
export function resolveUserPath(p: string): string {
  return path.resolve(process.cwd(), p);
}
