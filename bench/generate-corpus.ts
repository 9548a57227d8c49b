/**
 * Deterministic synthetic corpora for the benchmarks and tests.
 *
 *   text8    text8-shaped: ~17M tokens, ~254k distinct types of which ~70k
 *            occur >= 5 times, top word ~6% of tokens, 1,000-token lines.
 *   web      web-shaped, the vocabulary users train at scale: a Zipf law
 *            (exponent 1) over 2M ranks, 16M tokens, 1.36M distinct types
 *            of which 267k occur >= 5 times, top word 5.4%, lines of 12-30
 *            tokens.
 *   planted  K topics of M topic words over a Zipf background; a sidecar
 *            <out>.topics.json lists each topic's words, so a check can ask
 *            whether each topic word's nearest topic words share its topic.
 *
 * The stream depends only on the seed and the parameters. Tokens go straight
 * to the file through a fixed buffer, so any size (--size-gb) runs in a few
 * megabytes of memory.
 *
 *   node --import tsx bench/generate-corpus.ts --kind text8 --out bench/out/text8.txt
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Random } from '../lib/reference/random';
import { AliasSampler, zipfWeights } from './lib/alias';
import { type CorpusStats, summarizeCounts, writeStats } from './lib/corpus-stats';
import { Flags } from './lib/flags';
import { LineWriter } from './lib/line-writer';
import { resolveUserPath } from './lib/paths';
import { encodeWords, wordForIndex } from './lib/words';

/** Options of the text8-shaped corpus. */
export interface Text8Options {
  out: string;
  /** Token budget; generation also stops at maxBytes, whichever comes first. */
  tokens: number;
  maxBytes: number;
  /** Size of the Zipf-Mandelbrot universe (ranks that can be drawn). */
  types: number;
  exponent: number;
  offset: number;
  /** Words are grouped by rank into clusters of this size. */
  clusterSize: number;
  /** Probability that a token is a cluster mate of the previous token. */
  link: number;
  lineTokens: number;
  /** When set, each line has a uniformly drawn length in [lineTokens, lineTokensMax]. */
  lineTokensMax?: number;
  seed: number;
  /** The name the sidecar records (default text8). */
  kind?: 'text8' | 'web';
}

// Zipf-Mandelbrot (r + 4)^-1.30 over 350k ranks gives, at 17M tokens, ~254k
// distinct types, ~70k with count >= 5 and a 6% top word: text8's 253,854 /
// 71,290 / 6.2%. A pure power law with exponent 1.0 cannot: over 250k ranks it
// leaves ~226k types with count >= 5 and gives the top word 8%.
export const TEXT8_DEFAULTS: Omit<Text8Options, 'out'> = {
  tokens: 17_000_000,
  maxBytes: Number.POSITIVE_INFINITY,
  types: 350_000,
  exponent: 1.3,
  offset: 4,
  clusterSize: 5,
  link: 0.3,
  // gensim's corpus_file mode drops words when lines exceed 10,000 tokens.
  lineTokens: 1000,
  seed: 1,
};

// A pure power law over 2M ranks: at 16M tokens the ranks up to about
// 16M / (H(2M) x 5) ~ 213k would occur >= 5 times (H(2M) ~ 15.1, the
// harmonic number) and the top word 6.6% of the tokens; the cluster links
// move mass from the head to its mates, which gives 267k words with
// count >= 5 and a top word of 5.4%.
export const WEB_DEFAULTS: Omit<Text8Options, 'out'> = {
  ...TEXT8_DEFAULTS,
  tokens: 16_000_000,
  types: 2_000_000,
  exponent: 1.0,
  offset: 0,
  lineTokens: 12,
  lineTokensMax: 30,
  kind: 'web',
};

/** Options of the planted-topic corpus. */
export interface PlantedOptions {
  out: string;
  tokens: number;
  topics: number;
  topicWords: number;
  backgroundTypes: number;
  backgroundExponent: number;
  /** Probability that a token of a sentence is one of its topic's words. */
  topicShare: number;
  /** Tokens per sentence (one sentence a line). */
  lineTokens: number;
  seed: number;
}

export const PLANTED_DEFAULTS: Omit<PlantedOptions, 'out'> = {
  tokens: 1_000_000,
  topics: 10,
  topicWords: 20,
  backgroundTypes: 5000,
  backgroundExponent: 1.0,
  topicShare: 0.3,
  lineTokens: 20,
  seed: 1,
};

/** The planted-topic sidecar. */
export interface TopicsFile {
  topics: string[][];
  options: Omit<PlantedOptions, 'out'>;
}

export function topicsPath(corpus: string): string {
  return `${corpus}.topics.json`;
}

/**
 * Writes the text8-shaped corpus. Local structure makes it learnable: words
 * of adjacent ranks form clusters, and with probability `link` a token is a
 * random cluster mate of the previous token, so cluster mates share contexts
 * (they should end up nearest neighbours). Mates have similar ranks, so the
 * Zipf marginal is nearly unchanged.
 */
export function generateText8(o: Text8Options): CorpusStats {
  const started = process.hrtime.bigint();
  const rng = new Random(o.seed);
  const sampler = new AliasSampler(zipfWeights(o.types, o.exponent, o.offset));
  const words = encodeWords(o.types);
  const counts = new Uint32Array(o.types);
  const c = o.clusterSize;
  const writer = new LineWriter(o.out);
  try {
    let prev = -1;
    while (writer.tokens < o.tokens && writer.size < o.maxBytes) {
      const lineTokens =
        o.lineTokensMax !== undefined && o.lineTokensMax > o.lineTokens
          ? o.lineTokens + rng.below(o.lineTokensMax - o.lineTokens + 1)
          : o.lineTokens;
      for (let j = 0; j < lineTokens && writer.tokens < o.tokens; j++) {
        let w = -1;
        if (prev >= 0 && c > 1 && rng.uniform32() < o.link) {
          // A uniformly chosen other member of prev's cluster.
          const base = prev - (prev % c);
          const mate = base + ((prev - base + 1 + rng.below(c - 1)) % c);
          if (mate < o.types) w = mate;
        }
        if (w < 0) w = sampler.sample(rng);
        writer.word(words[w]);
        counts[w]++;
        prev = w;
      }
      writer.endLine();
    }
    writer.close();
  } catch (err) {
    writer.abort();
    throw err;
  }
  const { out, ...params } = o;
  const stats: CorpusStats = {
    tokens: writer.tokens,
    lines: writer.lines,
    bytes: writer.bytes,
    ...summarizeCounts(counts, writer.tokens),
    source: {
      generator: 'bench/generate-corpus.ts',
      ...params,
      kind: o.kind ?? 'text8',
      maxBytes: finiteOrNull(o.maxBytes),
    },
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
  writeStats(out, stats);
  return stats;
}

/**
 * Writes the planted-topic corpus: each sentence picks one topic; each of its
 * tokens is a word of that topic with probability topicShare, otherwise a
 * Zipf background word. Background words carry no topic, so only the topic
 * words' co-occurrence can separate the topics.
 */
export function generatePlanted(o: PlantedOptions): CorpusStats {
  const started = process.hrtime.bigint();
  const rng = new Random(o.seed);
  const background = new AliasSampler(zipfWeights(o.backgroundTypes, o.backgroundExponent));
  const nTopicWords = o.topics * o.topicWords;
  // Topic words take indices after the background, so the two never collide.
  const words = encodeWords(o.backgroundTypes + nTopicWords);
  const counts = new Uint32Array(words.length);
  const writer = new LineWriter(o.out);
  try {
    while (writer.tokens < o.tokens) {
      const topic = rng.below(o.topics);
      for (let j = 0; j < o.lineTokens && writer.tokens < o.tokens; j++) {
        const w =
          rng.uniform32() < o.topicShare
            ? o.backgroundTypes + topic * o.topicWords + rng.below(o.topicWords)
            : background.sample(rng);
        writer.word(words[w]);
        counts[w]++;
      }
      writer.endLine();
    }
    writer.close();
  } catch (err) {
    writer.abort();
    throw err;
  }
  const { out, ...params } = o;
  const topics: string[][] = [];
  for (let t = 0; t < o.topics; t++) {
    const list: string[] = [];
    for (let k = 0; k < o.topicWords; k++) list.push(wordForIndex(o.backgroundTypes + t * o.topicWords + k));
    topics.push(list);
  }
  const sidecar: TopicsFile = { topics, options: params };
  fs.writeFileSync(topicsPath(out), JSON.stringify(sidecar, null, 2) + '\n');
  const stats: CorpusStats = {
    tokens: writer.tokens,
    lines: writer.lines,
    bytes: writer.bytes,
    ...summarizeCounts(counts, writer.tokens),
    source: { generator: 'bench/generate-corpus.ts', kind: 'planted', ...params },
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
  writeStats(out, stats);
  return stats;
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

const USAGE = `Usage: node --import tsx bench/generate-corpus.ts --kind text8|web|planted --out FILE [flags]

  text8 with --size-gb (or --bytes) keeps writing until the file reaches that
  size; the token budget is then unlimited unless --tokens is given too.`;

function main(): void {
  const flags = Flags.parse(
    process.argv.slice(2),
    {
      kind: { kind: 'string', help: 'text8, web or planted', default: 'text8' },
      out: { kind: 'string', help: 'output file (sidecars are written next to it)' },
      seed: { kind: 'number', help: 'PRNG seed', default: 1 },
      tokens: { kind: 'number', help: 'token budget (text8 17000000, planted 1000000)' },
      'size-gb': { kind: 'number', help: 'text8: stop at this many GB (1e9 bytes)' },
      bytes: { kind: 'number', help: 'text8: stop at this many bytes' },
      'line-tokens': { kind: 'number', help: 'tokens per line (text8 1000, planted 20)' },
      types: { kind: 'number', help: 'text8: Zipf universe size', default: TEXT8_DEFAULTS.types },
      exponent: { kind: 'number', help: 'text8: Zipf exponent', default: TEXT8_DEFAULTS.exponent },
      offset: { kind: 'number', help: 'text8: Mandelbrot rank offset', default: TEXT8_DEFAULTS.offset },
      'cluster-size': { kind: 'number', help: 'text8: words per cluster', default: TEXT8_DEFAULTS.clusterSize },
      link: { kind: 'number', help: 'text8: P(next token is a cluster mate)', default: TEXT8_DEFAULTS.link },
      topics: { kind: 'number', help: 'planted: number of topics', default: PLANTED_DEFAULTS.topics },
      'topic-words': { kind: 'number', help: 'planted: words per topic', default: PLANTED_DEFAULTS.topicWords },
      'background-types': {
        kind: 'number',
        help: 'planted: background vocabulary size',
        default: PLANTED_DEFAULTS.backgroundTypes,
      },
      'topic-share': {
        kind: 'number',
        help: 'planted: P(token is a topic word)',
        default: PLANTED_DEFAULTS.topicShare,
      },
    },
    USAGE,
  );

  const out = flags.string('out');
  if (!out) {
    process.stderr.write(`error: --out is required\n\n${USAGE}\n`);
    process.exit(2);
  }
  const file = resolveUserPath(out);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const kind = flags.string('kind');
  const seed = flags.number('seed') ?? 1;
  let stats: CorpusStats;
  if (kind === 'text8' || kind === 'web') {
    const d = kind === 'web' ? WEB_DEFAULTS : TEXT8_DEFAULTS;
    // A flag given wins; otherwise the kind's own default (the flags' defaults are text8's).
    const given = (name: string): number | undefined => (flags.has(name) ? flags.number(name) : undefined);
    const gb = flags.number('size-gb');
    const maxBytes = flags.number('bytes') ?? (gb !== undefined ? gb * 1e9 : Number.POSITIVE_INFINITY);
    const sized = Number.isFinite(maxBytes);
    stats = generateText8({
      ...d,
      out: file,
      tokens: flags.number('tokens') ?? (sized ? Number.POSITIVE_INFINITY : d.tokens),
      maxBytes,
      types: positiveInt(given('types') ?? d.types, 'types'),
      exponent: given('exponent') ?? d.exponent,
      offset: given('offset') ?? d.offset,
      clusterSize: positiveInt(given('cluster-size') ?? d.clusterSize, 'cluster-size'),
      link: probability(given('link') ?? d.link, 'link'),
      lineTokens: positiveInt(flags.number('line-tokens') ?? d.lineTokens, 'line-tokens'),
      seed,
    });
  } else if (kind === 'planted') {
    stats = generatePlanted({
      out: file,
      tokens: positiveInt(flags.number('tokens') ?? PLANTED_DEFAULTS.tokens, 'tokens'),
      topics: positiveInt(flags.number('topics'), 'topics'),
      topicWords: positiveInt(flags.number('topic-words'), 'topic-words'),
      backgroundTypes: positiveInt(flags.number('background-types'), 'background-types'),
      backgroundExponent: PLANTED_DEFAULTS.backgroundExponent,
      topicShare: probability(flags.number('topic-share'), 'topic-share'),
      lineTokens: positiveInt(flags.number('line-tokens') ?? PLANTED_DEFAULTS.lineTokens, 'line-tokens'),
      seed,
    });
  } else {
    process.stderr.write(`error: --kind must be text8 or planted, not ${JSON.stringify(kind)}\n`);
    process.exit(2);
  }
  const mb = (stats.bytes / 1e6).toFixed(1);
  process.stdout.write(
    `${kind}: ${file}\n` +
      `  tokens ${stats.tokens.toLocaleString('en-US')}, lines ${stats.lines.toLocaleString('en-US')}, ${mb} MB\n` +
      `  types ${stats.types.toLocaleString('en-US')}, count >= 5: ${stats.typesMinCount5.toLocaleString('en-US')}, ` +
      `top type ${(stats.topTypeShare * 100).toFixed(2)}% of tokens\n` +
      `  ${stats.seconds?.toFixed(1)} s` +
      (kind === 'planted' ? `; topics in ${topicsPath(file)}` : '') +
      '\n',
  );
}

function positiveInt(v: number | undefined, name: string): number {
  if (v === undefined || !Number.isInteger(v) || v < 1) {
    process.stderr.write(`error: --${name} expects a positive integer but received ${String(v)}\n`);
    process.exit(2);
  }
  return v;
}

function probability(v: number | undefined, name: string): number {
  if (v === undefined || !(v >= 0 && v <= 1)) {
    process.stderr.write(`error: --${name} expects a number between 0 and 1 but received ${String(v)}\n`);
    process.exit(2);
  }
  return v;
}

if (require.main === module) main();
