/**
 * One validation for every public function that takes options
 * (lib/validate.ts): an unknown name gets the nearest valid one, a wrong type
 * a TypeError, an out-of-range value a RangeError, all in one message shape.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import t from 'tap';

import {
  evaluateAnalogies,
  evaluateWordPairs,
  gradientCheck,
  loadVectors,
  plotSvg,
  reference,
  train,
  Word2Vec,
  WordVectors,
} from '../lib/index';
import { boolean, checkOptions, finite, integer, oneOf } from '../lib/validate';
import { scratchIn } from './support/scratch';

const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'validate-test-'));
t.teardown(() => fs.rmSync(WORK, { recursive: true, force: true }));
const scratch = scratchIn(WORK);

const SHAPE = /^Expected .+ for [\w.[\]]+ but received .+ of type \w+$/;
const wv = new WordVectors(['cat', 'dog', 'cow', 'pig'], new Float32Array([1, 0, 0.9, 0.1, 0, 1, 0.1, 0.9]), 2);
const corpus = scratch.write('corpus.txt', `${'the cat sat on the mat with a dog\n'.repeat(30)}`);
const vectorsFile = scratch.path('vectors.txt');
const questions = scratch.write('questions.txt', ': s\ncat dog cow pig\n');
const pairs = scratch.write('pairs.tsv', 'cat\tdog\t5\ncow\tpig\t4\ncat\tpig\t1\n');

/** Runs fn (sync or async) and returns what it threw or rejected with. */
async function caught(fn: () => unknown): Promise<Error | undefined> {
  try {
    await fn();
  } catch (err) {
    return err as Error;
  }
  return undefined;
}

t.before(async () => {
  await wv.save(vectorsFile, { format: 'text' });
});

t.test('the rules: what each accepts, and the error of each mistake', async (t) => {
  const rules = {
    n: integer(1, 10),
    x: finite({ min: 0, max: 1, maxExclusive: true }),
    c: oneOf(['a', 'b']),
    f: boolean(),
  };
  t.strictSame(checkOptions({ n: 10, x: 0, c: 'b', f: false }, rules), { n: 10, x: 0, c: 'b', f: false });
  t.strictSame(
    checkOptions({}, rules),
    { n: undefined, x: undefined, c: undefined, f: undefined },
    'absent is undefined',
  );
  const cases: [Record<string, unknown>, string, string][] = [
    [{ n: 0 }, 'RangeError', 'Expected integer between 1 and 10 for n but received 0 of type number'],
    [{ n: 2.5 }, 'RangeError', 'Expected integer between 1 and 10 for n but received 2.5 of type number'],
    [{ n: Number.NaN }, 'RangeError', 'Expected integer between 1 and 10 for n but received NaN of type number'],
    [{ n: '3' }, 'TypeError', "Expected integer between 1 and 10 for n but received '3' of type string"],
    [{ x: 1 }, 'RangeError', 'Expected finite number >= 0 and < 1 for x but received 1 of type number'],
    [
      { x: Number.POSITIVE_INFINITY },
      'RangeError',
      'Expected finite number >= 0 and < 1 for x but received Infinity of type number',
    ],
    [{ x: null }, 'TypeError', 'Expected finite number >= 0 and < 1 for x but received null of type object'],
    [{ c: 'A' }, 'RangeError', "Expected one of 'a', 'b' for c but received 'A' of type string"],
    [{ c: 1 }, 'TypeError', "Expected one of 'a', 'b' for c but received 1 of type number"],
    [{ f: 'yes' }, 'TypeError', "Expected boolean for f but received 'yes' of type string"],
    [{ m: 1 }, 'TypeError', "Unknown option 'm' (did you mean 'n'?); valid options are: n, x, c, f"],
    [{ zzz: 1, n: 1 }, 'TypeError', "Unknown option 'zzz'; valid options are: n, x, c, f"],
  ];
  for (const [options, name, message] of cases) {
    t.throws(() => checkOptions(options, rules), { name, message }, `${JSON.stringify(options)}: ${name}`);
  }
  for (const bad of [null, [], 'n', new Map()]) {
    t.throws(() => checkOptions(bad, rules), { name: 'TypeError', message: /^Expected plain object for options/ });
  }
  t.strictSame(checkOptions(Object.create(null), rules).n, undefined, 'a null-prototype object is plain');
});

t.test('an unknown option of any public function is rejected with the nearest valid name', async (t) => {
  const model = await train({ corpus, dim: 4, epochs: 1, minCount: 1, threads: 1 });
  const cases: [string, () => unknown, string, string][] = [
    ['mostSimilar', () => wv.mostSimilar('cat', { topn: 3 } as never), 'topn', 'topK'],
    [
      'mostSimilar query',
      () => wv.mostSimilar({ positive: ['cat'], topK: 2, restrict_vocab: 3 } as never),
      'restrict_vocab',
      'restrictVocab',
    ],
    ['mostSimilarCosMul', () => wv.mostSimilarCosMul('cat', { epsilonn: 1 } as never), 'epsilonn', 'epsilon'],
    ['analogy', () => wv.analogy('cat', 'dog', 'cow', { methd: '3CosMul' } as never), 'methd', 'method'],
    ['WordVectors.save', () => wv.save(scratch.path('x.txt'), { formt: 'text' } as never), 'formt', 'format'],
    [
      'evaluateAnalogies',
      () => wv.evaluateAnalogies(questions, { restrictvocab: 3 } as never),
      'restrictvocab',
      'restrictVocab',
    ],
    [
      'evaluateAnalogies (function)',
      () => evaluateAnalogies(wv, questions, { case_insensitive: false } as never),
      'case_insensitive',
      'caseInsensitive',
    ],
    [
      'evaluateWordPairs',
      () => evaluateWordPairs(wv, pairs, { dummy4Unknown: true } as never),
      'dummy4Unknown',
      'dummy4unknown',
    ],
    ['loadVectors', () => loadVectors(vectorsFile, { limt: 2 } as never), 'limt', 'limit'],
    ['gradientCheck', () => gradientCheck({ window: 2, dims: 4 } as never), 'dims', 'dim'],
    ['plotSvg', () => plotSvg([{ word: 'a', x: 0, y: 0 }], { widht: 300 } as never), 'widht', 'width'],
    ['train', () => train({ corpus, min_count: 1 } as never), 'min_count', 'minCount'],
    ['Word2Vec.train', () => model.train({ corpus, epoch: 1 } as never), 'epoch', 'epochs'],
    ['referenceTrain', () => reference.referenceTrain({ corpus, seeds: 1 } as never), 'seeds', 'seed'],
  ];
  for (const [fn, run, given, meant] of cases) {
    const error = await caught(run);
    t.equal(error?.name, 'TypeError', `${fn}: a TypeError`);
    t.match(
      error?.message,
      new RegExp(`^Unknown option '${given}' \\(did you mean '${meant}'\\?\\); valid options are: .*${meant}`),
      `${fn}: '${given}' -> did you mean '${meant}'?`,
    );
  }
  const explained = await caught(() => model.train({ corpus, dim: 5 } as never));
  t.match(
    explained?.message,
    /^Option 'dim' belongs to the model and cannot change when training continues; valid options are: corpus, epochs/,
    'Word2Vec.train says why a model option is refused',
  );
});

t.test('a wrong type is a TypeError, a value out of range a RangeError, in one message shape', async (t) => {
  const model = await train({ corpus, dim: 4, epochs: 1, minCount: 1, threads: 1 });
  const cases: [string, () => unknown, 'TypeError' | 'RangeError', string][] = [
    ['mostSimilar topK type', () => wv.mostSimilar('cat', { topK: '5' as never }), 'TypeError', 'topK'],
    ['mostSimilar topK range', () => wv.mostSimilar('cat', { topK: 0 }), 'RangeError', 'topK'],
    [
      'mostSimilar restrictVocab type',
      () => wv.mostSimilar({ positive: ['cat'], restrictVocab: true as never }),
      'TypeError',
      'restrictVocab',
    ],
    ['mostSimilarCosMul epsilon range', () => wv.mostSimilarCosMul('cat', { epsilon: -1 }), 'RangeError', 'epsilon'],
    ['analogy method type', () => wv.analogy('cat', 'dog', 'cow', { method: 3 as never }), 'TypeError', 'method'],
    [
      'analogy method range',
      () => wv.analogy('cat', 'dog', 'cow', { method: '3cosmul' as never }),
      'RangeError',
      'method',
    ],
    ['save format type', () => wv.save(scratch.path('y.txt'), { format: 1 as never }), 'TypeError', 'format'],
    ['save format range', () => wv.save(scratch.path('y.txt'), { format: 'csv' as never }), 'RangeError', 'format'],
    ['save file type', () => wv.save(7 as never), 'TypeError', 'file'],
    ['loadVectors limit type', () => loadVectors(vectorsFile, { limit: '2' as never }), 'TypeError', 'limit'],
    ['loadVectors limit range', () => loadVectors(vectorsFile, { limit: -2 }), 'RangeError', 'limit'],
    [
      'evaluateAnalogies restrictVocab range',
      () => wv.evaluateAnalogies(questions, { restrictVocab: 0 }),
      'RangeError',
      'restrictVocab',
    ],
    [
      'evaluateAnalogies epsilon type',
      () => wv.evaluateAnalogies(questions, { epsilon: '1' as never }),
      'TypeError',
      'epsilon',
    ],
    [
      'evaluateWordPairs dummy4unknown type',
      () => wv.evaluateWordPairs(pairs, { dummy4unknown: 1 as never }),
      'TypeError',
      'dummy4unknown',
    ],
    ['gradientCheck dim range', () => gradientCheck({ dim: 2 }), 'RangeError', 'dim'],
    [
      'gradientCheck tolerances type',
      () => gradientCheck({ tolerances: { float: '1' as never } }),
      'TypeError',
      'tolerances.float',
    ],
    ['plotSvg width range', () => plotSvg([], { width: 100 }), 'RangeError', 'width'],
    ['plotSvg title type', () => plotSvg([], { title: 5 as never }), 'TypeError', 'title'],
    ['train dim type', () => train({ corpus, dim: '100' as never }), 'TypeError', 'dim'],
    ['train sample range', () => train({ corpus, sample: 1 }), 'RangeError', 'sample'],
    ['Word2Vec.train alpha type', () => model.train({ corpus, alpha: '0.1' as never }), 'TypeError', 'alpha'],
    ['Word2Vec.train threads range', () => model.train({ corpus, threads: 0 }), 'RangeError', 'threads'],
    ['Word2Vec.load path type', () => Word2Vec.load(1 as never), 'TypeError', 'path'],
    ['Word2Vec.save path range', () => model.save(''), 'RangeError', 'path'],
    ['referenceTrain dim type', () => reference.referenceTrain({ corpus, dim: '5' as never }), 'TypeError', 'dim'],
    [
      'referenceTrain maxVocabSize range',
      () => reference.referenceTrain({ corpus, maxVocabSize: 10 }),
      'RangeError',
      'maxVocabSize',
    ],
  ];
  for (const [what, run, name, option] of cases) {
    const error = await caught(run);
    t.equal(error?.name, name, `${what}: a ${name}`);
    t.match(error?.message, SHAPE, `${what}: the message shape`);
    t.match(error?.message, ` for ${option} but received `, `${what}: names ${option}`);
  }
});
