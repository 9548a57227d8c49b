// A trained model's word vectors save straight from the native vocabulary;
// the file must be byte for byte what saving the same words and vectors
// from JS gives, in both formats.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import t from 'tap';

import { WordVectors, loadVectors, train } from '../lib/index';

t.test('model vectors save like any vectors', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hogvec-model-vectors-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const corpus = path.join(dir, 'corpus.txt');
  const words = ['alpha', 'beta', 'gamma', 'delta', 'épsilon', 'ζήτα', 'eta', 'theta'];
  const lines = Array.from({ length: 400 }, (_, i) =>
    Array.from({ length: 12 }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(' '),
  );
  fs.writeFileSync(corpus, `${lines.join('\n')}\n`);
  const model = await train({ corpus, dim: 8, epochs: 2, minCount: 1, threads: 1, seed: 3 });

  const wv = model.wordVectors;
  t.equal(wv.size, words.length, 'size without making the word list');
  for (const format of ['binary', 'text'] as const) {
    const fromModel = path.join(dir, `model.${format}`);
    const fromJs = path.join(dir, `js.${format}`);
    await wv.save(fromModel, { format });
    const copy = new WordVectors([...model.vocabulary.words], Float32Array.from(wv.vectors), wv.dim);
    await copy.save(fromJs, { format });
    t.ok(fs.readFileSync(fromModel).equals(fs.readFileSync(fromJs)), `${format}: identical bytes`);
    const back = await loadVectors(fromModel);
    t.same(back.words, model.vocabulary.words, `${format}: the words come back in order`);
    t.same(Array.from(back.vectors), Array.from(wv.vectors), `${format}: the vectors come back exactly`);
  }
  await t.rejects(
    wv.save(path.join(dir, 'no-such-folder', 'v.bin')),
    /Cannot save word vectors to .*: the folder .* does not exist/,
  );
});
