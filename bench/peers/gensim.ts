/** gensim Word2Vec through bench/peers/gensim_train.py (corpus_file mode). */
import * as path from 'node:path';
import { lastJsonLine, type Measured } from '../lib/measure';
import { benchDir } from '../lib/paths';
import { GENSIM_INSTALL_HINT, PYTHON, gensimVersion } from './python';
import type { Tool, ToolReport, TrainSpec } from './tool';

export const gensim: Tool = {
  name: 'gensim',
  unavailable: () => (gensimVersion() ? undefined : GENSIM_INSTALL_HINT),
  version: () => gensimVersion() ?? 'missing',
  command(s: TrainSpec) {
    const vectors = `${s.outPrefix}.bin`;
    return {
      cmd: PYTHON,
      args: [
        path.join(benchDir, 'peers', 'gensim_train.py'),
        '--corpus',
        s.corpus,
        '--out',
        vectors,
        '--sg',
        s.architecture === 'skip-gram' ? '1' : '0',
        '--dim',
        String(s.dim),
        '--window',
        String(s.window),
        '--negative',
        s.loss === 'hierarchical-softmax' ? '0' : String(s.negative),
        '--hs',
        s.loss === 'hierarchical-softmax' ? '1' : '0',
        '--sample',
        String(s.sample),
        '--min-count',
        String(s.minCount),
        '--epochs',
        String(s.epochs),
        '--workers',
        String(s.threads),
        '--alpha',
        String(s.alpha),
        '--seed',
        String(s.seed),
      ],
      vectors,
    };
  },
  parse(m: Measured): ToolReport {
    const j = lastJsonLine(m.stdout);
    if (!j) return {};
    return {
      trainSeconds: num(j.trainSeconds),
      trainCpuSeconds: num(j.trainCpuSeconds),
      vocabSize: num(j.vocabSize),
      // gensim's log counts "effective" words (after subsampling); this is
      // corpus tokens over train() seconds, on our definition.
      ownWordsPerSecond: num(j.trainWordsPerSecond),
      raw: j,
    };
  },
};

function num(x: unknown): number | undefined {
  return typeof x === 'number' ? x : undefined;
}
