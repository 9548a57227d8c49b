/**
 * Scores a vectors file with bench/peers/evaluate.py, so every tool's vectors
 * are judged by the same code (gensim's evaluate_word_pairs and
 * evaluate_word_analogies) rather than by each tool's own evaluator.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { GENSIM_INSTALL_HINT, PYTHON, gensimVersion } from '../peers/python';
import { benchDir } from './paths';

export interface PairScore {
  spearman: number;
  pearson: number;
  oovPercent: number;
}

export interface Evaluation {
  vectors: string;
  vocabSize: number;
  dim: number;
  wordsim353: PairScore;
  simlex999: PairScore;
  analogy: { accuracy: number; correct: number; evaluated: number; questions: number; restrictVocab: number };
}

export function evaluateVectors(vectors: string, dataDir: string, restrictVocab = 30000): Promise<Evaluation> {
  if (!gensimVersion()) return Promise.reject(new Error(GENSIM_INSTALL_HINT));
  const script = path.join(benchDir, 'peers', 'evaluate.py');
  const args = [script, vectors, '--data', dataDir, '--restrict-vocab', String(restrictVocab)];
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0)
        return reject(new Error(`evaluate.py failed for ${vectors} (exit ${String(code)}):\n${err.trim()}`));
      try {
        resolve(JSON.parse(out) as Evaluation);
      } catch {
        reject(new Error(`evaluate.py printed no JSON for ${vectors}:\n${out}\n${err}`));
      }
    });
  });
}
