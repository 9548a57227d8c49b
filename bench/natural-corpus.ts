/**
 * A natural-English corpus of about 6M tokens from three Debian packages, for
 * the benchmarks that need real text (short lines, a real Zipf tail, sample
 * 1e-3) rather than the text8-shaped generator:
 *
 *   kjv      the King James Bible (1611, public domain): bible-kjv-text holds
 *            it compressed; bible-kjv's `bible` command reads it. One verse a
 *            line, 31,102 lines.
 *   wordnet  WordNet 3.0's glosses (wordnet-base, WordNet licence): the text
 *            after "| " in /usr/share/wordnet/data.{noun,verb,adj,adv}, one
 *            gloss (definition and examples) a line.
 *   gcide    GCIDE 0.48, the GNU Collaborative International Dictionary of
 *            English (dict-gcide, GPL-2+): Webster's 1913 with additions, in
 *            dictd form (/usr/share/dictd/gcide.{index,dict.dz}). One
 *            paragraph of an entry (a sense, a note, a quotation) a line.
 *            Paragraphs marked [WordNet 1.5] are left out: wordnet gives the
 *            newer glosses.
 *
 * Text8-style tokens: lowercased, accents dropped, every run of letters a
 * token, everything else (punctuation, digits, apostrophes, hyphens) a
 * separator. GCIDE's markup goes first: pronunciations \..\, bracketed
 * etymologies, sources and usage labels [..], subject labels such as
 * (Zool.), citations --Shak., the braces of {cross references}.
 *
 * Deterministic: the same installed packages give the same bytes. Writes
 * bench/out/natural.txt and its .stats.json sidecar (tokens, lines, types,
 * types with count >= 5, the package versions).
 *
 *   node --import tsx bench/natural-corpus.ts [--out FILE] [--sources kjv,wordnet,gcide]
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { type CorpusStats, readStats, summarizeCounts, writeStats } from './lib/corpus-stats';
import { Flags } from './lib/flags';
import { LineWriter } from './lib/line-writer';
import { ensureOut, resolveUserPath } from './lib/paths';

/** One source: the packages it needs and how it yields lines of raw text. */
interface Source {
  name: 'kjv' | 'wordnet' | 'gcide';
  packages: string[];
  /** Files (or commands) that must exist; undefined when all are there. */
  missing(): string | undefined;
  lines(): Iterable<string>;
}

export const SOURCE_NAMES = ['kjv', 'wordnet', 'gcide'] as const;

const BIBLE_COMMAND = '/usr/bin/bible';
const BIBLE_DATA = '/usr/lib/bible.data';
const WORDNET_DIR = '/usr/share/wordnet';
const WORDNET_FILES = ['data.noun', 'data.verb', 'data.adj', 'data.adv'];
const GCIDE_INDEX = '/usr/share/dictd/gcide.index';
const GCIDE_DATA = '/usr/share/dictd/gcide.dict.dz';

function firstMissing(files: readonly string[]): string | undefined {
  return files.find((f) => !fs.existsSync(f));
}

const kjv: Source = {
  name: 'kjv',
  packages: ['bible-kjv', 'bible-kjv-text'],
  missing: () => firstMissing([BIBLE_COMMAND, BIBLE_DATA]),
  *lines() {
    // A huge line width puts each verse on one line: "  12 And God said, ...".
    const r = spawnSync(BIBLE_COMMAND, ['-l1000000', 'gen1:1-rev22:21'], {
      encoding: 'latin1',
      maxBuffer: 64 << 20,
    });
    if (r.status !== 0) throw new Error(`${BIBLE_COMMAND} failed (exit ${String(r.status)}): ${r.stderr}`);
    for (const line of r.stdout.split('\n')) {
      const verse = /^\s+\d+ (.*)$/.exec(line);
      if (verse) yield verse[1];
    }
  },
};

const wordnet: Source = {
  name: 'wordnet',
  packages: ['wordnet-base'],
  missing: () => firstMissing(WORDNET_FILES.map((f) => path.join(WORDNET_DIR, f))),
  *lines() {
    for (const f of WORDNET_FILES) {
      for (const line of fs.readFileSync(path.join(WORDNET_DIR, f), 'latin1').split('\n')) {
        // The licence header lines start with two spaces; a synset's gloss follows " | ".
        if (line.startsWith('  ')) continue;
        const bar = line.indexOf(' | ');
        if (bar >= 0) yield line.slice(bar + 3);
      }
    }
  },
};

/** dictd's base64 numbers (offsets and lengths in the index). */
function dictNumber(s: string): number {
  const digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let n = 0;
  for (const ch of s) {
    const d = digits.indexOf(ch);
    if (d < 0) throw new Error(`${GCIDE_INDEX}: bad number ${JSON.stringify(s)}`);
    n = n * 64 + d;
  }
  return n;
}

/** Removes [..] spans, nested ones included (etymologies, sources, labels). */
function withoutBrackets(s: string): string {
  let out = '';
  let depth = 0;
  for (const ch of s) {
    if (ch === '[') depth++;
    else if (ch === ']') depth = Math.max(0, depth - 1);
    else if (depth === 0) out += ch;
  }
  return out;
}

/** ", n.", ", v. t.", ", adv.", ", E. pl.": the part-of-speech labels that follow headwords. */
const POS_AFTER_COMMA =
  /,\s*(?:(?:n|v|a|adv|prep|conj|interj|pron|p|pr|pl|imp|t|i|vb|sing|superl|compar|E|L|F)\.\s*(?:&\s*)?)+/g;

/** One GCIDE paragraph without its markup (what is left is prose). */
export function gcideProse(paragraph: string): string {
  return withoutBrackets(
    paragraph
      .replace(/\[(?:eth|thorn)\]/g, 'th') // letters written as entities: [ae], [e^], ['e], [imac]
      .replace(/\[[=.'"`~^,-]?([a-z]{1,2})(?:\^|mac|um)?\]/g, '$1')
      .replace(/\\[^\\]*\\/g, ' ') // pronunciations: \Ab*do"men\
      .replace(/\([^()]*["*`][^()]*\)/g, ' ') // respellings: (z[imac]"th[e^]m)
      .replace(/(?<=[A-Za-z])[*"`]+(?=[A-Za-z])/g, '') // syllable marks in derived forms: O"ver*fond"ly
      .replace(POS_AFTER_COMMA, ' ') // parts of speech after a headword: , v. t.
      .replace(/--[A-Z][A-Za-z]*\.?/g, ' ') // citations: --Shak., --Bailey.
      .replace(/\((?:[A-Z][a-z]*\.\s*)+\)/g, ' ') // subject labels: (Zool.), (Mus.)
      .replace(/[{}]/g, ' '),
  );
}

const gcide: Source = {
  name: 'gcide',
  packages: ['dict-gcide'],
  missing: () => firstMissing([GCIDE_INDEX, GCIDE_DATA]),
  *lines() {
    // .dict.dz is dictzip: gzip with a chunk table in the header, so plain gunzip reads it.
    const data = zlib.gunzipSync(fs.readFileSync(GCIDE_DATA)).toString('latin1');
    // Entries by their byte range; several headwords can share one entry.
    const ranges = new Map<number, number>();
    for (const line of fs.readFileSync(GCIDE_INDEX, 'latin1').split('\n')) {
      const [head, off, len] = line.split('\t');
      if (!head || off === undefined || len === undefined || head.startsWith('00-')) continue;
      ranges.set(dictNumber(off), dictNumber(len));
    }
    for (const offset of [...ranges.keys()].sort((a, b) => a - b)) {
      const entry = data.slice(offset, offset + (ranges.get(offset) ?? 0));
      for (const para of entry.split(/\n\s*\n/)) {
        if (para.includes('[WordNet 1.5]')) continue;
        yield gcideProse(para.replace(/\s*\n\s*/g, ' '));
      }
    }
  },
};

const SOURCES: Record<(typeof SOURCE_NAMES)[number], Source> = { kjv, wordnet, gcide };

/** Text8-style tokens of one line: lowercase letter runs, accents dropped. */
export function tokenize(text: string): string[] {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .match(/[a-z]+/g) ?? []
  );
}

/** The apt command that installs what the chosen sources need. */
export function installHint(sources: readonly Source[]): string {
  const pkgs = [...new Set(sources.flatMap((s) => s.packages))].join(' ');
  return `apt-get update && apt-get install -y ${pkgs}`;
}

function packageVersion(pkg: string): string | null {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own ${field} syntax
  const r = spawnSync('dpkg-query', ['-W', '-f=${Version}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout ? r.stdout : null;
}

/** Writes the corpus and its sidecar; returns the stats. */
export function writeNaturalCorpus(out: string, names: readonly string[]): CorpusStats {
  const sources = names.map((n) => {
    const s = SOURCES[n as keyof typeof SOURCES];
    if (!s) throw new Error(`unknown source ${JSON.stringify(n)}; expected ${SOURCE_NAMES.join(', ')}`);
    return s;
  });
  const missing = sources.map((s) => s.missing()).filter((m): m is string => m !== undefined);
  if (missing.length > 0) {
    throw new Error(`${missing.join(', ')} not found. Install the sources with:\n  ${installHint(sources)}`);
  }
  const started = process.hrtime.bigint();
  const counts = new Map<string, number>();
  const perSource: Record<string, { lines: number; tokens: number }> = {};
  const writer = new LineWriter(out);
  try {
    for (const s of sources) {
      const linesBefore = writer.lines;
      const tokensBefore = writer.tokens;
      for (const text of s.lines()) {
        for (const tok of tokenize(text)) {
          writer.word(Buffer.from(tok, 'latin1'));
          counts.set(tok, (counts.get(tok) ?? 0) + 1);
        }
        writer.endLine();
      }
      perSource[s.name] = { lines: writer.lines - linesBefore, tokens: writer.tokens - tokensBefore };
    }
    writer.close();
  } catch (err) {
    writer.abort();
    throw err;
  }
  const stats: CorpusStats = {
    tokens: writer.tokens,
    lines: writer.lines,
    bytes: writer.bytes,
    ...summarizeCounts(counts.values(), writer.tokens),
    source: {
      generator: 'bench/natural-corpus.ts',
      kind: 'natural',
      sources: perSource,
      packages: Object.fromEntries(sources.flatMap((s) => s.packages).map((p) => [p, packageVersion(p)])),
    },
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
  writeStats(out, stats);
  return stats;
}

/** bench/out/natural.txt, written when missing or made from other sources. */
export function ensureNaturalCorpus(file = path.join(ensureOut(), 'natural.txt')): string {
  const s = readStats(file);
  const src = s?.source as { kind?: string; sources?: Record<string, unknown> } | undefined;
  const complete = src?.kind === 'natural' && SOURCE_NAMES.every((n) => src.sources?.[n] !== undefined);
  if (!complete) {
    process.stdout.write(`writing ${file} from ${SOURCE_NAMES.join(', ')}...\n`);
    writeNaturalCorpus(file, SOURCE_NAMES);
  }
  return file;
}

function main(): void {
  const flags = Flags.parse(
    process.argv.slice(2),
    {
      out: { kind: 'string', help: 'output file (default bench/out/natural.txt)' },
      sources: { kind: 'string', help: `comma-separated, in this order`, default: SOURCE_NAMES.join(',') },
    },
    'Usage: node --import tsx bench/natural-corpus.ts [--out FILE] [--sources kjv,wordnet,gcide]',
  );
  const explicit = flags.string('out');
  const out = explicit ? resolveUserPath(explicit) : path.join(ensureOut(), 'natural.txt');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  let s: CorpusStats;
  try {
    s = writeNaturalCorpus(out, flags.list('sources'));
  } catch (err) {
    process.stderr.write(`error: ${(err as Error).message}\n`);
    process.exit(1);
  }
  const n = (x: number): string => x.toLocaleString('en-US');
  const per = s.source.sources as Record<string, { lines: number; tokens: number }>;
  process.stdout.write(
    `natural: ${out}\n` +
      Object.entries(per)
        .map(([name, p]) => `  ${name.padEnd(8)} ${n(p.lines).padStart(9)} lines ${n(p.tokens).padStart(11)} tokens\n`)
        .join('') +
      `  tokens ${n(s.tokens)}, lines ${n(s.lines)} (${(s.tokens / s.lines).toFixed(1)} tokens a line), ` +
      `${(s.bytes / 1e6).toFixed(1)} MB\n` +
      `  types ${n(s.types)}, count >= 5: ${n(s.typesMinCount5)}, top type ${(s.topTypeShare * 100).toFixed(2)}%\n` +
      `  ${s.seconds?.toFixed(1)} s\n`,
  );
}

if (require.main === module) main();
