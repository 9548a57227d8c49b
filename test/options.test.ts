import t from 'tap';
import * as os from 'node:os';
import * as path from 'node:path';
import { abortError, describeValue, invalidOptionError } from '../lib/errors';
import { CBOW_DEFAULT_ALPHA, DEFAULTS, TRAIN_OPTION_NAMES, resolveTrainOptions } from '../lib/options';

const corpus = 'corpus.txt';

/** Runs fn and returns what it threw, or fails the test if it did not throw. */
function thrown(t: { fail(message: string): unknown }, fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    if (err instanceof Error) return err;
    t.fail(`threw a non-Error: ${String(err)}`);
    return new Error('non-Error');
  }
  t.fail('did not throw');
  return new Error('did not throw');
}

t.test('defaults', async (t) => {
  const r = resolveTrainOptions({ corpus });
  t.strictSame(r, {
    corpus: { kind: 'files', paths: [path.resolve(corpus)] },
    architecture: 'skip-gram',
    loss: 'negative-sampling',
    dim: 100,
    window: 5,
    negative: 5,
    epochs: 5,
    minCount: 5,
    maxVocabSize: 10_000_000,
    sample: 1e-3,
    alpha: 0.025,
    minAlpha: 0.0001,
    threads: Math.min(1024, os.availableParallelism()),
    seed: 1,
    progressInterval: 250,
    signal: undefined,
    checkpoint: undefined,
    nsExponent: 0.75,
    cbowMean: true,
    sharedNegatives: true,
    hotRowBuffer: 1024,
    alignRows: true,
  });
  t.strictSame(Object.keys(r).sort(), [...TRAIN_OPTION_NAMES].sort(), 'resolved keys are the option names');
  t.ok(Object.isFrozen(r), 'resolved options are frozen');
  t.ok(Object.isFrozen(DEFAULTS), 'DEFAULTS is frozen');
  t.equal(DEFAULTS.alpha, 0.025);

  t.equal(resolveTrainOptions({ corpus, architecture: 'cbow' }).alpha, 0.05, 'cbow defaults alpha to 0.05');
  t.equal(CBOW_DEFAULT_ALPHA, 0.05);
  t.equal(resolveTrainOptions({ corpus, architecture: 'cbow', alpha: 0.1 }).alpha, 0.1, 'explicit alpha wins');
  t.equal(resolveTrainOptions({ corpus, dim: undefined }).dim, 100, 'undefined means default');
  t.equal(resolveTrainOptions({ corpus, alpha: 0.00005 }).minAlpha, 0.00005, 'default minAlpha never exceeds alpha');
});

t.test('explicit values pass through', async (t) => {
  const controller = new AbortController();
  const given = {
    architecture: 'cbow',
    loss: 'hierarchical-softmax',
    dim: 7,
    window: 2,
    negative: 3,
    epochs: 9,
    minCount: 1,
    maxVocabSize: 1000,
    sample: 0,
    alpha: 0.5,
    minAlpha: 0.5,
    threads: 3,
    seed: 4294967295,
    progressInterval: 10,
    signal: controller.signal,
    checkpoint: path.resolve('model-{epoch}.hogvec'),
    nsExponent: -0.5,
    cbowMean: false,
    sharedNegatives: false,
    hotRowBuffer: 100,
    alignRows: false,
  } as const;
  const r = resolveTrainOptions({ corpus, ...given });
  t.strictSame({ ...r, corpus: undefined }, { ...given, corpus: undefined });
  t.equal(r.signal, controller.signal, 'the same signal object');

  const duck = { aborted: false, addEventListener() {}, removeEventListener() {} };
  t.equal(resolveTrainOptions({ corpus, signal: duck }).signal, duck, 'a duck-typed signal is accepted');
  t.equal(resolveTrainOptions(Object.assign(Object.create(null), { corpus })).dim, 100, 'null prototype is fine');
});

t.test('corpus forms', async (t) => {
  t.same(resolveTrainOptions({ corpus: ['a.txt', '/abs/b.txt'] }).corpus, {
    kind: 'files',
    paths: [path.resolve('a.txt'), path.resolve('/abs/b.txt')],
  });
  t.same(
    resolveTrainOptions({ corpus: '/no/such/file.txt' }).corpus,
    {
      kind: 'files',
      paths: [path.resolve('/no/such/file.txt')],
    },
    'the file system is not touched',
  );

  const sentences = [
    ['the', 'cat'],
    ['a', 'dog'],
  ];
  const inMemory = resolveTrainOptions({ corpus: sentences }).corpus;
  t.equal(inMemory.kind, 'iterable', 'an array of token arrays is an iterable corpus');
  t.equal(inMemory.kind === 'iterable' && inMemory.source, sentences);

  function* gen(): Generator<string[]> {
    yield ['x'];
  }
  const g = gen();
  const sync = resolveTrainOptions({ corpus: g }).corpus;
  t.equal(sync.kind === 'iterable' && sync.source, g, 'a generator is kept as given');

  async function* agen(): AsyncGenerator<string[]> {
    yield ['y'];
  }
  const ag = agen();
  const async = resolveTrainOptions({ corpus: ag }).corpus;
  t.equal(async.kind === 'iterable' && async.source, ag, 'an async generator is kept as given');
});

type ErrorClass = typeof TypeError | typeof RangeError;
// [label, options, error class, exact message or a pattern the message must match]
const bad: [string, unknown, ErrorClass, string | RegExp][] = [
  [
    'dim 0',
    { corpus, dim: 0 },
    RangeError,
    'Expected integer between 1 and 10000 for dim but received 0 of type number',
  ],
  [
    'dim 1.5',
    { corpus, dim: 1.5 },
    RangeError,
    'Expected integer between 1 and 10000 for dim but received 1.5 of type number',
  ],
  [
    'dim string',
    { corpus, dim: '100' },
    TypeError,
    "Expected integer between 1 and 10000 for dim but received '100' of type string",
  ],
  [
    'dim NaN',
    { corpus, dim: NaN },
    RangeError,
    'Expected integer between 1 and 10000 for dim but received NaN of type number',
  ],
  ['dim Infinity', { corpus, dim: Infinity }, RangeError, /for dim but received Infinity/],
  ['negative -1', { corpus, negative: -1 }, RangeError, /integer between 1 and 1000 for negative\b/],
  ['window 0', { corpus, window: 0 }, RangeError, /\bfor window\b/],
  ['epochs 0', { corpus, epochs: 0 }, RangeError, /\bfor epochs\b/],
  ['minCount 0', { corpus, minCount: 0 }, RangeError, /\bfor minCount\b/],
  ['maxVocabSize 999', { corpus, maxVocabSize: 999 }, RangeError, /\bfor maxVocabSize\b/],
  [
    'alpha NaN',
    { corpus, alpha: NaN },
    RangeError,
    'Expected finite number > 0 and <= 10 for alpha but received NaN of type number',
  ],
  ['alpha -1', { corpus, alpha: -1 }, RangeError, /\bfor alpha\b/],
  ['alpha 0', { corpus, alpha: 0 }, RangeError, /\bfor alpha\b/],
  [
    'minAlpha > alpha',
    { corpus, alpha: 0.01, minAlpha: 0.02 },
    RangeError,
    'Expected finite number >= 0 and <= alpha (0.01) for minAlpha but received 0.02 of type number',
  ],
  [
    'minAlpha > cbow default alpha',
    { corpus, architecture: 'cbow', minAlpha: 0.06 },
    RangeError,
    /alpha \(0\.05\) for minAlpha/,
  ],
  ['threads 0', { corpus, threads: 0 }, RangeError, /integer between 1 and 1024 for threads\b/],
  ['threads 100000', { corpus, threads: 100000 }, RangeError, /\bfor threads\b/],
  [
    'sample 1',
    { corpus, sample: 1 },
    RangeError,
    'Expected finite number >= 0 and < 1 for sample but received 1 of type number',
  ],
  ['sample -0.1', { corpus, sample: -0.1 }, RangeError, /\bfor sample\b/],
  ['seed -1', { corpus, seed: -1 }, RangeError, /integer between 0 and 4294967295 for seed\b/],
  ['seed 2**32', { corpus, seed: 2 ** 32 }, RangeError, /\bfor seed but received 4294967296\b/],
  ['progressInterval 5', { corpus, progressInterval: 5 }, RangeError, /\bfor progressInterval\b/],
  ['nsExponent 11', { corpus, nsExponent: 11 }, RangeError, /\bfor nsExponent\b/],
  [
    'architecture skipgram',
    { corpus, architecture: 'skipgram' },
    RangeError,
    "Expected one of 'skip-gram', 'cbow' for architecture but received 'skipgram' of type string",
  ],
  ['architecture 1', { corpus, architecture: 1 }, TypeError, /\bfor architecture\b/],
  ['loss ns', { corpus, loss: 'ns' }, RangeError, /\bfor loss but received 'ns'/],
  [
    'unknown option dims',
    { corpus, dims: 100 },
    TypeError,
    /^Unknown option 'dims' \(did you mean 'dim'\?\); valid options are: corpus, architecture, .*cbowMean, sharedNegatives, hotRowBuffer, alignRows$/,
  ],
  ['gensim name min_count', { corpus, min_count: 1 }, TypeError, /'min_count' \(did you mean 'minCount'\?\)/],
  ['gensim name size', { corpus, size: 1 }, TypeError, /'size' \(did you mean 'dim'\?\)/],
  ['options null', null, TypeError, 'Expected plain object for options but received null of type object'],
  ['options 42', 42, TypeError, 'Expected plain object for options but received 42 of type number'],
  ['options array', [corpus], TypeError, /\bfor options\b/],
  ['options Map', new Map([['corpus', corpus]]), TypeError, /\bfor options but received Map\(1\)/],
  [
    'corpus missing',
    {},
    TypeError,
    'Expected path, non-empty array of paths, or (async) iterable of token arrays for corpus ' +
      'but received undefined of type undefined',
  ],
  ['corpus empty string', { corpus: '' }, TypeError, /\bfor corpus but received '' of type string$/],
  ['corpus []', { corpus: [] }, TypeError, /\bfor corpus but received \[\] of type object$/],
  [
    "corpus ['']",
    { corpus: [''] },
    TypeError,
    "Expected non-empty string (a path) for corpus[0] but received '' of type string",
  ],
  ['corpus [path, 1]', { corpus: ['a.txt', 1] }, TypeError, /\bfor corpus\[1\] but received 1\b/],
  ['corpus [42]', { corpus: [42] }, TypeError, /\bfor corpus\[0\]/],
  ['corpus 42', { corpus: 42 }, TypeError, /\bfor corpus but received 42 of type number$/],
  ['corpus plain object', { corpus: { a: 1 } }, TypeError, /\bfor corpus but received \{ a: 1 \}/],
  [
    'cbowMean yes',
    { corpus, cbowMean: 'yes' },
    TypeError,
    "Expected boolean for cbowMean but received 'yes' of type string",
  ],
  ['signal {}', { corpus, signal: {} }, TypeError, 'Expected AbortSignal for signal but received {} of type object'],
  ['signal null', { corpus, signal: null }, TypeError, /\bfor signal\b/],
];

t.test('bad options', async (t) => {
  for (const [label, options, ErrorClass, message] of bad) {
    const err = thrown(t, () => resolveTrainOptions(options));
    t.equal(err.constructor, ErrorClass, `${label}: ${ErrorClass.name}`);
    if (typeof message === 'string') t.equal(err.message, message, `${label}: exact message`);
    else t.match(err.message, message, `${label}: message`);
  }
});

t.test('invalidOptionError and describeValue', async (t) => {
  const range = invalidOptionError('dim', 'integer between 1 and 10000', 0);
  t.equal(range.constructor, RangeError, 'range by default');
  t.equal(range.message, 'Expected integer between 1 and 10000 for dim but received 0 of type number');
  t.equal(invalidOptionError('dim', 'integer', 'x', 'type').constructor, TypeError);

  t.equal(describeValue(true), 'true');
  t.equal(describeValue("it's"), "'it\\'s'");
  t.equal(describeValue(undefined), 'undefined');
  t.equal(describeValue(null), 'null');
  t.equal(describeValue([1, 'a']), "[ 1, 'a' ]");
  t.notMatch(describeValue({ deep: { er: 1 } }), /\[object Object\]/);
  t.ok(describeValue('x'.repeat(500)).length <= 62, 'long strings are cut');
  const longArray = describeValue(Array.from({ length: 1000 }, (_, i) => i * 1000));
  t.ok(longArray.length <= 60 && !longArray.includes('\n'), 'long arrays are cut to one short line');
});

t.test('abortError', async (t) => {
  const plain = abortError();
  t.type(plain, Error);
  t.equal(plain.name, 'AbortError');
  t.equal(plain.code, 'ABORT_ERR');
  t.equal(plain.message, 'The training run was aborted');
  t.match(plain.stack, /^AbortError: The training run was aborted/);

  const cause = new Error('disk full');
  const withError = abortError(cause);
  t.equal(withError.message, 'The training run was aborted: disk full');
  t.equal(withError.cause, cause);
  t.equal(abortError('user pressed stop').message, 'The training run was aborted: user pressed stop');

  // A bare abort() gives a DOMException named AbortError; its message adds nothing.
  const controller = new AbortController();
  controller.abort();
  t.equal(abortError(controller.signal.reason).message, 'The training run was aborted');
});
