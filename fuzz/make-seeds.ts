/**
 * Writes the seed corpora of the fuzz targets (fuzz/seeds/<target>/): small,
 * valid files of each kind, written by hogvec itself, plus the format
 * variants other tools write. Deterministic; rerun it after a format change:
 *
 *   node --import tsx fuzz/make-seeds.ts
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { train, WordVectors, type Loss } from '../lib/index';
import { saveVectors } from '../lib/vectors-io';

const SEEDS = path.join(__dirname, 'seeds');

function put(target: string, name: string, content: string | Buffer): void {
  const dir = path.join(SEEDS, target);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, name), content);
}

function binaryEntry(word: string, values: number[], newline: boolean): Buffer {
  const floats = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => floats.writeFloatLE(v, i * 4));
  return Buffer.concat([Buffer.from(`${word} `), floats, Buffer.from(newline ? '\n' : '')]);
}

async function main(): Promise<void> {
  fs.rmSync(SEEDS, { recursive: true, force: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hogvec-seeds-'));
  try {
    // ---- vectors: hogvec's own files, then other tools' variants
    const wv = new WordVectors(
      ['the', 'king', 'queen', 'слово'],
      new Float32Array([
        0.1,
        -0.2,
        0.3,
        1e-8,
        1.5,
        2.5,
        -3.5,
        0,
        -0,
        3.4028234663852886e38,
        1e-45,
        0.25,
        1 / 3,
        2 / 3,
        -1,
        7,
      ]),
      4,
    );
    for (const format of ['text', 'binary'] as const) {
      const file = path.join(work, `own.${format}`);
      await saveVectors(wv, file, { format });
      put(`vectors_${format}`, 'hogvec', fs.readFileSync(file));
    }
    put('vectors_text', 'fasttext-vec', '2 3\nhello 0.1 0.2 0.3 \nworld -1e-3 2E+2 nan \n');
    put('vectors_text', 'crlf-tabs', '2 2\r\na\t1.0\t-2.5\r\n\r\nb +3 inf\r\n');
    put('vectors_text', 'extra-entries', '1 2\nfirst 1 2\nsecond 3 4\n');
    put('vectors_text', 'no-final-newline', '1 1\nx 0.5');
    put(
      'vectors_binary',
      'c-tool',
      Buffer.concat([
        Buffer.from('3 2\n'),
        binaryEntry('</s>', [0.5, -0.5], true),
        binaryEntry('a', [1, 2], true),
        binaryEntry('b', [3, 4], true),
      ]),
    );
    put(
      'vectors_binary',
      'gensim-no-newline',
      Buffer.concat([Buffer.from('2 3\n'), binaryEntry('x', [1, 2, 3], false), binaryEntry('y', [4, 5, 6], false)]),
    );
    put(
      'vectors_binary',
      'dim-1',
      Buffer.concat([Buffer.from('2 1\n'), binaryEntry('p', [0.5], true), binaryEntry('q', [-2], true)]),
    );

    // ---- checkpoints: a tiny model for every loss, and a resumable one
    const corpus = path.join(work, 'corpus.txt');
    fs.writeFileSync(corpus, 'the king and the queen\nthe man and the woman\nking queen man woman\n'.repeat(3));
    const losses: Loss[] = ['negative-sampling', 'hierarchical-softmax', 'softmax'];
    for (const loss of losses) {
      const model = await train({ corpus, loss, dim: 3, epochs: 1, minCount: 1, threads: 1, seed: 7 });
      const file = path.join(work, `${loss}.hogvec`);
      await model.save(file);
      put('checkpoint', loss, fs.readFileSync(file));
    }
    const cbow = await train({ corpus, architecture: 'cbow', dim: 2, epochs: 2, minCount: 3, threads: 1 });
    const cbowFile = path.join(work, 'cbow.hogvec');
    await cbow.save(cbowFile);
    put('checkpoint', 'cbow-min-count-3', fs.readFileSync(cbowFile));

    // ---- corpora: sentences, UTF-8, every whitespace byte, long tokens
    put('corpus', 'sentences', 'the quick brown fox\njumps over the lazy dog\n\nthe end\n');
    put('corpus', 'whitespace', 'a\tb\rc\vd\fe  f\r\n\n\ng\n');
    put('corpus', 'utf8', 'слово 日本語 🙂 ü\nnaïve café\n');
    put('corpus', 'long-token-cut-in-a-character', `${'x'.repeat(1022)}日本\nshort`);
    put('corpus', 'long-token', `${'y'.repeat(1500)} after\n`);
    put('corpus', 'no-final-newline', 'one two three');
    put('corpus', 'binary-bytes', Buffer.from([0, 1, 2, 0x20, 0xff, 0xfe, 0x0a, 0x80, 0xc3, 0x20, 0x09, 0x41]));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
