/**
 * Peak memory of training on a ~1 GB corpus: the corpus is streamed, so peak
 * RSS should be an idle Node process plus the model (two matrices of
 * vocab x dim floats) with their rows padded to a multiple of 16 floats
 * while training (alignRows, the default; in place), each thread's copies of
 * the hottest rows (hotRowBuffer) and the vocabulary, whatever the corpus
 * size.
 *
 * Measures with GNU time: hogvec training (bench/hogvec-train.ts, bundled to
 * plain JS) on a generated ~1 GB text8-kind file, and idle processes for the
 * baseline: `node -e "setTimeout(()=>{},100)"`, and the same with dist/
 * loaded. Prints the difference next to the expected
 * size of the matrices and vocabulary; writes bench/out/memory.json.
 *
 *   node --import tsx bench/memory.ts [--size-gb 1] [--architecture cbow] [--peers]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateText8, TEXT8_DEFAULTS } from './generate-corpus';
import { corpusStats, readStats } from './lib/corpus-stats';
import { Flags } from './lib/flags';
import { machineInfo } from './lib/machine';
import { assertSucceeded, hasGnuTime, runMeasured } from './lib/measure';
import { ensureOut, repoRoot, resolveUserPath } from './lib/paths';
import { busyNote, type RunResult, runToolQuietly } from './lib/run-tool';
import { fmtNum, fmtRate, table } from './lib/stats';
import { parseArchitecture, trainFlags, trainSpec } from './lib/train-flags';
import { availableTools } from './peers';
import { HOGVEC_DIST, hogvec } from './peers/hogvec';
import { DEFAULTS } from '../lib/options';

/**
 * Bytes per vocabulary entry assumed for the estimate: a ~6-byte word plus a
 * hash-map slot, a count and a pointer or two. An estimate, stated as such.
 */
const VOCAB_ENTRY_BYTES = 64;

interface Baseline {
  name: string;
  command: string;
  maxRssMB?: number;
}

async function baseline(name: string, args: string[]): Promise<Baseline> {
  const m = await runMeasured(process.execPath, args, { cwd: repoRoot });
  assertSucceeded(name, m);
  return { name, command: ['node', ...args].join(' '), maxRssMB: m.maxRssMB };
}

function ensureBigCorpus(file: string, gb: number, seed: number): void {
  const s = readStats(file);
  const src = s?.source ?? {};
  if (s && src.kind === 'text8' && src.maxBytes === gb * 1e9 && src.seed === seed) return;
  process.stdout.write(`generating ${file} (~${gb} GB)...\n`);
  const st = generateText8({
    ...TEXT8_DEFAULTS,
    out: file,
    tokens: Number.POSITIVE_INFINITY,
    maxBytes: gb * 1e9,
    seed,
  });
  process.stdout.write(
    `  ${st.tokens.toLocaleString('en-US')} tokens, ${(st.bytes / 1e6).toFixed(0)} MB, ${st.seconds?.toFixed(1)} s\n`,
  );
}

async function main(): Promise<void> {
  const f = Flags.parse(
    process.argv.slice(2),
    {
      corpus: { kind: 'string', help: 'corpus (default: generated bench/out/text8-<size>gb.txt)' },
      'size-gb': { kind: 'number', help: 'size of the generated corpus in GB', default: 1 },
      architecture: { kind: 'string', help: 'skip-gram or cbow (cbow is faster; memory is the same)', default: 'cbow' },
      ...trainFlags({ sample: 1e-4, epochs: 1 }),
      peers: { kind: 'boolean', help: 'also measure gensim and fastText on the same file' },
      'quiet-wait': { kind: 'number', help: 'wait up to this many seconds for quiet CPUs before a run', default: 60 },
      json: { kind: 'string', help: 'results file (default bench/out/memory.json)' },
    },
    'Usage: node --import tsx bench/memory.ts [flags]',
  );
  if (!hasGnuTime()) throw new Error('/usr/bin/time is missing; install it with: apt-get install -y time');

  const seed = f.number('seed') ?? 1;
  const gb = f.number('size-gb') ?? 1;
  const given = f.string('corpus');
  const corpus = given ? resolveUserPath(given) : path.join(ensureOut(), `text8-${gb}gb.txt`);
  if (given && !fs.existsSync(corpus)) throw new Error(`corpus ${corpus} does not exist`);
  if (!given) ensureBigCorpus(corpus, gb, seed);
  const stats = await corpusStats(corpus);

  const architecture = parseArchitecture(f.string('architecture'));
  const spec = trainSpec(f, corpus, architecture);
  const { dim } = spec;

  process.stdout.write(
    `corpus ${corpus}: ${(stats.bytes / 1e6).toFixed(0)} MB, ${stats.tokens.toLocaleString('en-US')} tokens, ` +
      `${stats.types.toLocaleString('en-US')} types, ${stats.typesMinCount5.toLocaleString('en-US')} with count >= 5\n\n`,
  );

  // Idle baselines: what a Node process costs before any model exists, and
  // with the package (and its native addon) loaded but nothing trained.
  const idle = 'setTimeout(() => {}, 100)';
  const baselines: Baseline[] = [await baseline('idle node', ['-e', idle])];
  const hogvecWhy = hogvec.unavailable();
  if (fs.existsSync(HOGVEC_DIST)) {
    try {
      baselines.push(
        await baseline('idle node + dist/ loaded', ['-e', `require(${JSON.stringify(HOGVEC_DIST)}); ${idle}`]),
      );
    } catch (err) {
      process.stderr.write(`note: loading dist/ for a baseline failed: ${(err as Error).message}\n`);
    }
  }

  const runs: RunResult[] = [];
  const tools = [hogvec, ...(f.bool('peers') ? availableTools(['gensim', 'fasttext']) : [])];
  for (const tool of tools) {
    if (tool === hogvec && hogvecWhy) {
      process.stdout.write(`hogvec: not measured: ${hogvecWhy}\n`);
      continue;
    }
    const outPrefix = path.join(ensureOut('vectors'), `memory-${tool.name.toLowerCase()}-${architecture}`);
    // Peak RSS does not depend on other processes: wait for quiet CPUs only so the time is sane.
    const r = await runToolQuietly(tool, { ...spec, outPrefix }, stats.tokens, 1, {
      quietWait: f.number('quiet-wait') ?? 60,
      retries: 0,
      label: `training ${tool.name} (${architecture}, ${spec.epochs} epoch, ${spec.threads} threads)... `,
    });
    runs.push(r);
    process.stdout.write(
      `${r.wallSeconds.toFixed(1)} s, ${fmtRate(r.wordsPerSecond)} words/s, peak RSS ${fmtNum(r.maxRssMB, 0)} MB${busyNote(r)}\n`,
    );
  }

  // Expected model memory: input and output matrices, float32, plus the
  // vocabulary; during counting every distinct type is held, so count those.
  const hv = runs.find((r) => r.tool === 'hogvec');
  const vocab = hv?.report.vocabSize ?? stats.typesMinCount5;
  const matricesMB = (2 * vocab * dim * 4) / 1e6;
  // alignRows pads each row to 16 floats while training, in place.
  const alignedDim = Math.ceil(dim / 16) * 16;
  const paddingMB = (2 * vocab * (alignedDim - dim) * 4) / 1e6;
  // hotRowBuffer (exactly 2 threads): per thread, both matrices' hottest rows, as trained and as taken.
  const hotRows = spec.threads === 2 ? Math.min(DEFAULTS.hotRowBuffer, vocab) : 0;
  const hotRowsMB = (spec.threads * hotRows * 2 * 2 * alignedDim * 4) / 1e6;
  const vocabularyMB = (stats.types * VOCAB_ENTRY_BYTES) / 1e6;
  const expectedMB = matricesMB + paddingMB + hotRowsMB + vocabularyMB;
  const idleMB = baselines[0].maxRssMB ?? 0;

  process.stdout.write('\n');
  process.stdout.write(
    table(
      ['process', 'peak RSS MB', 'minus idle node MB'],
      [
        ...baselines.map((b) => [b.name, fmtNum(b.maxRssMB, 0), fmtNum((b.maxRssMB ?? 0) - idleMB, 0)]),
        ...runs.map((r) => [`${r.tool} training`, fmtNum(r.maxRssMB, 0), fmtNum((r.maxRssMB ?? 0) - idleMB, 0)]),
      ],
    ),
  );
  process.stdout.write(
    `\nexpected model memory: ${expectedMB.toFixed(0)} MB = matrices 2 x ${vocab.toLocaleString('en-US')} x ${dim} x 4 B ` +
      `(${matricesMB.toFixed(0)} MB) + their rows' padding 2 x ${vocab.toLocaleString('en-US')} x ${alignedDim - dim} x 4 B ` +
      `(${paddingMB.toFixed(0)} MB) + hot-row copies ${spec.threads} threads x ${hotRows} rows x 4 x ${alignedDim} x 4 B ` +
      `(${hotRowsMB.toFixed(1)} MB) + vocabulary ~${stats.types.toLocaleString('en-US')} types x ` +
      `~${VOCAB_ENTRY_BYTES} B (${vocabularyMB.toFixed(0)} MB, estimate)\n` +
      `corpus size: ${(stats.bytes / 1e6).toFixed(0)} MB (should not show up above)\n`,
  );
  if (hv?.maxRssMB !== undefined) {
    const extra = hv.maxRssMB - idleMB - expectedMB;
    process.stdout.write(`hogvec peak - idle node - expected model: ${extra.toFixed(0)} MB\n`);
  }

  const jsonPath = f.string('json') ? resolveUserPath(f.string('json') ?? '') : path.join(ensureOut(), 'memory.json');
  fs.writeFileSync(
    jsonPath,
    JSON.stringify(
      {
        benchmark: 'memory',
        machine: machineInfo(),
        corpus: { path: corpus, ...stats },
        spec,
        baselines,
        runs,
        expected: {
          vocab,
          dim,
          matricesMB,
          alignedDim,
          paddingMB,
          hotRows,
          hotRowsMB,
          vocabularyMB,
          vocabEntryBytesAssumed: VOCAB_ENTRY_BYTES,
          expectedMB,
        },
        hogvecUnavailable: hogvecWhy ?? null,
      },
      null,
      2,
    ) + '\n',
  );
  process.stdout.write(`\nresults: ${jsonPath}\n`);
  if (hogvecWhy) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`error: ${(err as Error).message}\n`);
  process.exit(1);
});
