/** Reading a planted-topic corpus's topics, and how well vectors recover them. */
import * as fs from 'node:fs';
import { topicsPath } from '../../bench/generate-corpus';
import type { WordVectors } from '../../lib/index';

/** The planted-topic corpus the tests train on, less its size and file: 10 topics of 20 words over 2,000 background words. */
export const TEST_TOPICS = {
  topics: 10,
  topicWords: 20,
  backgroundTypes: 2000,
  backgroundExponent: 1,
  topicShare: 0.3,
  lineTokens: 20,
  seed: 1,
} as const;

/** The topics written beside a corpus by generatePlanted: each topic's words. */
export function readTopics(corpus: string): string[][] {
  return (JSON.parse(fs.readFileSync(topicsPath(corpus), 'utf8')) as { topics: string[][] }).topics;
}

/**
 * For each topic word, in topic order, the share of its `k` nearest topic
 * words (cosine) that share its topic: 1 when the vectors recover the topics.
 */
export function topicShares(wv: WordVectors, topics: readonly string[][], k = 10): number[] {
  const topicOf = new Map<string, number>();
  topics.forEach((words, i) => words.forEach((w) => topicOf.set(w, i)));
  const topicWords = topics.flat();
  return topicWords.map((w) => {
    const nearest = topicWords
      .filter((x) => x !== w)
      .map((x) => ({ x, s: wv.similarity(w, x) }))
      .sort((a, b) => b.s - a.s)
      .slice(0, k);
    return nearest.filter((n) => topicOf.get(n.x) === topicOf.get(w)).length / k;
  });
}
