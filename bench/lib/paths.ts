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
 * The shared data folder: ../shared/data next to the repository, as the other
 * tools' files live outside the repo. An explicit override wins.
 */
export function sharedDataDir(override?: string): string {
  return override ? path.resolve(override) : path.resolve(repoRoot, '..', 'shared', 'data');
}

/** Resolves a user-given path against the current directory. */
export function resolveUserPath(p: string): string {
  return path.resolve(process.cwd(), p);
}
