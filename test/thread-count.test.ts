/**
 * Training is correct at any thread count: at 2, 4, 8, 16 and 32 threads
 * (more threads than this machine's cores is allowed; in the sanitizer
 * build, whose steps are slower, the threads interleave finely, as many
 * cores run them), skip-gram and CBOW at the package
 * defaults, with hierarchical softmax, and with each option that changes how
 * the threads share rows flipped, train vectors that stay bounded and whose nearest neighbours are
 * as good as one thread's, on a planted-topic corpus: each topic word's 10
 * nearest topic words should share its topic.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import t, { type Test } from 'tap';

import { generatePlanted } from '../bench/generate-corpus';
import { train, type TrainOptions, type WordVectors } from '../lib/index';
import { readTopics, TEST_TOPICS, topicShares } from './support/planted-topics';

const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'thread-count-test-'));
t.teardown(() => fs.rmSync(WORK, { recursive: true, force: true }));

const CORPUS = path.join(WORK, 'planted.txt');
generatePlanted({
  ...TEST_TOPICS,
  out: CORPUS,
  tokens: 300_000,
});
const TOPICS = readTopics(CORPUS);

/** Options that change how the threads share rows, each flipped from its default. */
const SHARING_OPTIONS: readonly Partial<TrainOptions>[] = [
  { hotRowBuffer: 0 },
  { sharedNegatives: false },
  { alignRows: false },
  { hotRowBuffer: 4096 },
];

interface Quality {
  /** The largest |coordinate| of any input vector. */
  largest: number;
  /** Mean share of each topic word's 10 nearest topic words that share its topic. */
  purity: number;
}

function quality(wv: WordVectors): Quality {
  let largest = 0;
  for (const w of wv.words) for (const x of wv.get(w) ?? []) largest = Math.max(largest, Math.abs(x));
  const shares = topicShares(wv, TOPICS);
  return { largest, purity: shares.reduce((a, b) => a + b, 0) / shares.length };
}

async function trainQuality(options: Partial<TrainOptions>): Promise<Quality> {
  const model = await train({ corpus: CORPUS, dim: 50, epochs: 2, seed: 1, ...options });
  return quality(model.wordVectors);
}

const describe = (o: Partial<TrainOptions>): string =>
  Object.entries(o)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || 'defaults';

/** Checks each run against one thread's: bounded vectors, purity within 0.05. */
async function compareWithOneThread(
  t: Test,
  base: Partial<TrainOptions>,
  runs: readonly Partial<TrainOptions>[],
): Promise<void> {
  const one = await trainQuality({ ...base, threads: 1 });
  t.ok(one.purity >= 0.9, `1 thread: purity ${one.purity.toFixed(3)}, largest coordinate ${one.largest.toFixed(2)}`);
  for (const run of runs) {
    const q = await trainQuality({ ...base, ...run });
    const label = describe(run);
    t.ok(
      q.largest <= 3 * one.largest,
      `${label}: vectors stay bounded (largest coordinate ${q.largest.toFixed(2)}, 1 thread ${one.largest.toFixed(2)})`,
    );
    t.ok(
      q.purity >= one.purity - 0.05,
      `${label}: purity ${q.purity.toFixed(3)} within 0.05 of 1 thread's ${one.purity.toFixed(3)}`,
    );
  }
}

for (const architecture of ['skip-gram', 'cbow'] as const) {
  t.test(`${architecture}: every thread count trains what one thread trains`, async (t) => {
    const runs: Partial<TrainOptions>[] = [];
    for (const threads of [2, 4, 8, 16, 32]) runs.push({ threads });
    for (const threads of [8, 32]) for (const o of SHARING_OPTIONS) runs.push({ threads, ...o });
    await compareWithOneThread(t, { architecture }, runs);
  });

  // Hierarchical softmax shares the top of the Huffman tree: every path visits it.
  t.test(`${architecture}, hierarchical softmax: every thread count trains what one thread trains`, async (t) => {
    const runs: Partial<TrainOptions>[] = [
      { threads: 2 },
      { threads: 2, hotRowBuffer: 0 },
      { threads: 2, hotRowBuffer: 4096 },
    ];
    for (const threads of [4, 8, 32]) runs.push({ threads });
    await compareWithOneThread(t, { architecture, loss: 'hierarchical-softmax' }, runs);
  });
}
