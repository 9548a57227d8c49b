// What a Linux prebuild needs from the system at run time, read with objdump
// (objdump -T for the versioned symbols, objdump -p for NEEDED libraries).
import { spawnSync } from 'node:child_process';

/** The newest glibc a Linux prebuild may need: Node.js 22's own binaries need 2.28. */
export const GLIBC_LIMIT = '2.28';

export interface ElfLinkage {
  /** Every GLIBC_x.y version a symbol is bound to, e.g. "2.2.5". */
  glibcVersions: string[];
  /** symbol@GLIBC_x.y for each symbol bound to a version newer than GLIBC_LIMIT. */
  newerThanLimit: string[];
  /** GLIBCXX_ and CXXABI_ versions (a dynamic libstdc++ dependency). */
  libstdcxxVersions: string[];
  /** The DT_NEEDED libraries. */
  needed: string[];
}

function compareVersions(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The newest of some version strings ("2.17", "2.2.5"), or undefined for none. */
export function newestVersion(versions: string[]): string | undefined {
  return [...versions].sort(compareVersions).at(-1);
}

/** Reads file's linkage with the given objdump (the host's, or a cross binutils' for another architecture). */
export function elfLinkage(objdump: string, file: string): ElfLinkage {
  const read = (flag: string): string => {
    const r = spawnSync(objdump, [flag, file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`${objdump} ${flag} ${file} failed: ${r.error?.message ?? r.stderr}`);
    return r.stdout;
  };
  const symbols = read('-T');
  const glibc = new Set<string>();
  const newer = new Set<string>();
  for (const m of symbols.matchAll(/\bGLIBC_([\d.]+)\)?\s+(\S+)/g)) {
    glibc.add(m[1]);
    if (compareVersions(m[1], GLIBC_LIMIT) > 0) newer.add(`${m[2]}@GLIBC_${m[1]}`);
  }
  return {
    glibcVersions: [...glibc].sort(compareVersions),
    newerThanLimit: [...newer],
    libstdcxxVersions: [...new Set([...symbols.matchAll(/\b(?:GLIBCXX|CXXABI)_[\d.]+/g)].map((m) => m[0]))],
    needed: [...read('-p').matchAll(/NEEDED\s+(\S+)/g)].map((m) => m[1]),
  };
}
