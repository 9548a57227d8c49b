/**
 * Planted partners by word frequency: how often a word's nearest neighbours
 * are its cluster mates in the text8-shaped corpus, hogvec against gensim,
 * with words grouped by their count.
 *
 * The generator groups words of adjacent ranks into clusters (5 by default)
 * and makes a token a cluster mate of the previous one with probability 0.3,
 * so mates share contexts. For each sampled word this takes its k = cluster
 * size - 1 nearest neighbours (cosine, the word itself excluded) and counts
 * the mates among them, out of the mates that are in the vocabulary (at most
 * k). Each tool trains with the same settings and seeds; the same words are
 * scored for every tool by hogvec's search on the saved vectors.
 *
 * One thread by default: gensim's corpus_file mode decays its learning rate
 * per worker, so with 2 workers its rate falls at half speed within an epoch
 * and the two tools no longer run the same schedule.
 *
 *   node --import tsx bench/neighbours.ts [--seeds 3] [--threads 1] [--sample 1e-4]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadVectors, type WordVectors } from '../lib/index';
import { resolveCorpus } from './lib/corpora';
import { corpusStats, countTypes } from './lib/corpus-stats';
import { type FlagDefs, Flags } from './lib/flags';
import { machineInfo } from './lib/machine';
import { ensureOut, resolveUserPath } from './lib/paths';
import { Random } from '../lib/reference/random';
import { rotate, runToolQuietly } from './lib/run-tool';
import { fmtNum, median, table } from './lib/stats';
import { DEFAULT_ALPHA, parseArchitecture, parseLoss, trainFlags } from './lib/train-flags';
import { wordForIndex } from './lib/words';
import { availableTools } from './peers';
import type { TrainSpec } from './peers/tool';

/** The training flags less --seed: this trains seeds 1..--seeds. */
function withoutSeed(defs: FlagDefs): FlagDefs {
  const { seed: _seed, ...rest } = defs;
  return rest;
}

/** Count bands [from, to): rare words first. */
const BANDS: readonly [number, number][] = [
  [5, 10],
  [10, 20],
  [20, 50],
  [50, 100],
  [100, 500],
  [500, 5000],
  [5000, Number.POSITIVE_INFINITY],
];

function bandLabel([from, to]: readonly [number, number]): string {
  return Number.isFinite(to) ? `${from}-${to - 1}` : `${from}+`;
}

interface Probe {
  word: string;
  /** Its cluster mates that are in the vocabulary. */
  mates: string[];
}

/** Share of the probes' in-vocabulary mates found among their k nearest neighbours, averaged over probes. */
function partnerShare(wv: WordVectors, probes: readonly Probe[], k: number): number {
  let sum = 0;
  let n = 0;
  for (const p of probes) {
    if (!wv.has(p.word) || p.mates.length === 0) continue;
    const near = new Set(wv.mostSimilar(p.word, { topK: k }).map((s) => s.word));
    const found = p.mates.filter((m) => near.has(m)).length;
    sum += found / Math.min(k, p.mates.length);
    n++;
  }
  return n > 0 ? sum / n : Number.NaN;
}

async function main(): Promise<void> {
  const f = Flags.parse(
    process.argv.slice(2),
    {
      corpus: { kind: 'string', help: 'text8 or a file written by generate-corpus.ts --kind text8', default: 'text8' },
      tools: { kind: 'string', help: 'comma-separated: hogvec,gensim,fasttext', default: 'hogvec,gensim' },
      seeds: { kind: 'number', help: 'training seeds 1..N', default: 3 },
      architecture: { kind: 'string', help: 'skip-gram or cbow', default: 'skip-gram' },
      ...withoutSeed(trainFlags({ sample: 1e-4, epochs: 1, threads: 1 })),
      'per-band': { kind: 'number', help: 'words scored per count band (a fixed random sample)', default: 400 },
      json: { kind: 'string', help: 'results file (default bench/out/neighbours.json)' },
    },
    'Usage: node --import tsx bench/neighbours.ts [flags]',
  );
  const corpus = resolveCorpus(f.string('corpus') ?? 'text8');
  const stats = await corpusStats(corpus.file);
  const src = stats.source as { kind?: string; clusterSize?: number; types?: number };
  if (src.kind !== 'text8' || !src.clusterSize || !src.types) {
    throw new Error(
      `${corpus.file} is not a text8-shaped corpus from generate-corpus.ts (its sidecar names no clusters)`,
    );
  }
  const c = src.clusterSize;
  const types = src.types;
  const k = c - 1;
  const minCount = f.number('min-count') ?? 5;
  const architecture = parseArchitecture(f.string('architecture'));
  const tools = availableTools(f.list('tools'));
  if (tools.length === 0) throw new Error('no tool can run; see the messages above');
  const seeds = f.number('seeds') ?? 3;
  const threads = f.number('threads') ?? 1;

  // Which rank each word has (the generator's words are unique per rank), and every word's count.
  process.stdout.write(`counting ${corpus.file}...\n`);
  const { counts } = await countTypes(corpus.file);
  const rankOf = new Map<string, number>();
  for (let i = 0; i < types; i++) rankOf.set(wordForIndex(i), i);
  const inVocab = (w: string): boolean => (counts.get(w) ?? 0) >= minCount;

  const rng = new Random(1);
  const bands = BANDS.map((band) => {
    const members: Probe[] = [];
    for (const [word, n] of counts) {
      if (n < band[0] || n >= band[1] || n < minCount) continue;
      const r = rankOf.get(word);
      if (r === undefined) continue;
      const base = r - (r % c);
      const mates: string[] = [];
      for (let j = base; j < base + c; j++)
        if (j !== r && j < types && inVocab(wordForIndex(j))) mates.push(wordForIndex(j));
      if (mates.length > 0) members.push({ word, mates });
    }
    // A fixed sample, the same for every tool and seed (Fisher-Yates prefix).
    members.sort((a, b) => (rankOf.get(a.word) ?? 0) - (rankOf.get(b.word) ?? 0));
    const want = Math.min(members.length, f.number('per-band') ?? 400);
    for (let i = 0; i < want; i++) {
      const j = i + rng.below(members.length - i);
      [members[i], members[j]] = [members[j], members[i]];
    }
    return { band, words: members.length, probes: members.slice(0, want) };
  });

  const spec = (seed: number, tool: string): TrainSpec => ({
    corpus: corpus.file,
    architecture,
    loss: parseLoss(f.string('loss')),
    dim: f.number('dim') ?? 100,
    window: f.number('window') ?? 5,
    negative: f.number('negative') ?? 5,
    sample: f.number('sample') ?? 1e-4,
    minCount,
    epochs: f.number('epochs') ?? 1,
    threads,
    alpha: f.number('alpha') ?? DEFAULT_ALPHA[architecture],
    seed,
    outPrefix: path.join(ensureOut('vectors'), `neighbours-${tool.toLowerCase()}-seed${seed}`),
  });
  process.stdout.write(
    `${corpus.name}: ${stats.tokens.toLocaleString('en-US')} tokens, clusters of ${c}: top ${k} neighbours; ` +
      `${architecture}, ${threads} thread(s), sample ${spec(1, '').sample}, ${spec(1, '').epochs} epoch(s), seeds 1..${seeds}\n\n`,
  );

  const shares: { tool: string; seed: number; band: string; share: number }[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    for (const tool of rotate(tools, seed - 1)) {
      const run = await runToolQuietly(tool, spec(seed, tool.name), stats.tokens, seed, {
        quietWait: 0,
        retries: 0,
        label: `seed ${seed} ${tool.name.padEnd(8)} `,
      });
      const wv = await loadVectors(run.vectors);
      const line: string[] = [];
      for (const b of bands) {
        const share = partnerShare(wv, b.probes, k);
        shares.push({ tool: tool.name, seed, band: bandLabel(b.band), share });
        line.push(`${bandLabel(b.band)} ${(share * 100).toFixed(0)}%`);
      }
      process.stdout.write(`train ${fmtNum(run.report.trainSeconds, 1)} s; ${line.join(', ')}\n`);
    }
  }

  const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : 'n/a');
  const cell = (tool: string, band: string): { mean: number; text: string } => {
    const xs = shares.filter((s) => s.tool === tool && s.band === band).map((s) => s.share);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    return { mean, text: xs.length > 1 ? `${pct(mean)} (${pct(Math.min(...xs))}-${pct(Math.max(...xs))})` : pct(mean) };
  };
  const rows = bands.map((b) => {
    const label = bandLabel(b.band);
    const cells = tools.map((t) => cell(t.name, label));
    const h = tools.findIndex((t) => t.name === 'hogvec');
    const g = tools.findIndex((t) => t.name === 'gensim');
    const diff = h >= 0 && g >= 0 ? cells[h].mean - cells[g].mean : Number.NaN;
    return [
      label,
      b.words.toLocaleString('en-US'),
      String(b.probes.length),
      ...cells.map((x) => x.text),
      Number.isFinite(diff) ? `${diff >= 0 ? '+' : ''}${(diff * 100).toFixed(1)} pts` : 'n/a',
    ];
  });
  process.stdout.write(
    `\nshare of in-vocabulary cluster mates among the ${k} nearest neighbours; mean over seeds (min-max)\n\n` +
      table(['count', 'words', 'scored', ...tools.map((t) => t.name), 'hogvec - gensim'], rows),
  );
  const jsonPath = f.string('json')
    ? resolveUserPath(f.string('json') ?? '')
    : path.join(ensureOut(), 'neighbours.json');
  fs.writeFileSync(
    jsonPath,
    JSON.stringify(
      {
        benchmark: 'neighbours',
        machine: machineInfo(),
        corpus: { path: corpus.file, ...stats },
        spec: { ...spec(1, 'tool'), seed: undefined, outPrefix: undefined, seeds },
        bands: bands.map((b) => ({ band: bandLabel(b.band), words: b.words, scored: b.probes.length })),
        shares,
        medians: Object.fromEntries(
          tools.map((t) => [
            t.name,
            Object.fromEntries(
              bands.map((b) => [
                bandLabel(b.band),
                median(shares.filter((s) => s.tool === t.name && s.band === bandLabel(b.band)).map((s) => s.share)),
              ]),
            ),
          ]),
        ),
      },
      null,
      2,
    ) + '\n',
  );
  process.stdout.write(`\nresults: ${jsonPath}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`error: ${(err as Error).message}\n`);
  process.exit(1);
});
