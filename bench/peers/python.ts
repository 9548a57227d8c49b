/**
 * The Python that has gensim. Debian's python3-gensim lives under
 * /usr/bin/python3; a pyenv python3 first on PATH does not have it, so the
 * bare name is never used. PYTHON overrides.
 */
import { spawnSync } from 'node:child_process';

export const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';

export const GENSIM_INSTALL_HINT =
  `gensim is not importable by ${PYTHON}. Install it with:\n` +
  '  apt-get update && apt-get install -y python3-gensim\n' +
  '(or point PYTHON at an interpreter that has gensim and scipy).';

let cached: string | undefined | null = null;

/** gensim's version, or undefined when PYTHON cannot import it. */
export function gensimVersion(): string | undefined {
  if (cached !== null) return cached;
  const r = spawnSync(PYTHON, ['-c', 'import gensim, scipy; print(gensim.__version__)'], { encoding: 'utf8' });
  cached = r.status === 0 ? r.stdout.trim() : undefined;
  return cached;
}
