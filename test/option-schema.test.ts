/**
 * The option schema (lib/options.ts) and what derives from it: the command
 * line's flags and --help, the checkpoint's options section, the reference
 * trainer's rules and defaults, and the native config, whose reader
 * (binding/addon/training_job.cpp readConfig) must enforce the same ranges.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import t from 'tap';

import { trainCommand, trainOptionsOf } from '../lib/cli/train';
import { invalidOptionError } from '../lib/errors';
import { train, Word2Vec } from '../lib/index';
import { native } from '../lib/native';
import {
  CBOW_DEFAULT_ALPHA,
  DEFAULTS,
  KEPT_OPTION_NAMES,
  NATIVE_OPTION_NAMES,
  nativeSettings,
  resolveTrainOptions,
  TRAIN_OPTION_NAMES,
  TRAIN_SCHEMA,
  type ModelOptions,
  type OptionRow,
  type TrainOptions,
} from '../lib/options';
import { referenceTrain, resolveReferenceOptions } from '../lib/reference/trainer';
import { scratchIn } from './support/scratch';

const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'option-schema-test-'));
t.teardown(() => fs.rmSync(WORK, { recursive: true, force: true }));
const scratch = scratchIn(WORK);

function row(name: keyof TrainOptions): OptionRow<unknown> {
  return TRAIN_SCHEMA[name];
}

/** A valid value of the option other than its default, from its rule alone (so a new option needs no case here). */
function otherValue(name: keyof TrainOptions): unknown {
  const { rule, default: fallback } = row(name);
  if (rule.choices) return rule.choices.find((c) => c !== fallback);
  if (rule.kind === 'boolean') return !fallback;
  if (rule.kind === 'string') return `${name}.out`;
  if (rule.bounds && typeof fallback === 'number') {
    const max = rule.bounds.max ?? Infinity;
    if (rule.kind === 'integer') return fallback < max ? fallback + 1 : fallback - 1;
    return fallback !== 0 ? fallback / 2 : (rule.bounds.min ?? 0) / 2 + max / 2;
  }
  throw new Error(`no test value for ${name}`);
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

t.test('the rows: a default for every kept option, no flag only for the corpus and the signal', async (t) => {
  t.strictSame([...TRAIN_OPTION_NAMES].sort(), Object.keys(TRAIN_SCHEMA).sort());
  for (const name of KEPT_OPTION_NAMES) {
    t.not(row(name).default, undefined, `${name} has a default`);
    t.equal(row(name).rule.check(name, row(name).default), row(name).default, `${name}'s default passes its own rule`);
    t.equal(DEFAULTS[name], row(name).default, `DEFAULTS.${name} is the schema's`);
  }
  t.strictSame(
    TRAIN_OPTION_NAMES.filter((n) => row(n).flag === null),
    ['corpus', 'signal'],
    'the corpus is positional and Ctrl-C is the signal; every other option is a flag',
  );
  t.ok(
    NATIVE_OPTION_NAMES.every((n) => (KEPT_OPTION_NAMES as readonly string[]).includes(n)),
    'the native trainer reads only kept options',
  );
});

t.test('every flag of the schema parses into its option, under each spelling, and is in --help', async (t) => {
  const usage = trainCommand.usage.replace(/\s+/g, ' ');
  for (const name of TRAIN_OPTION_NAMES) {
    const flag = row(name).flag;
    if (flag === null) continue;
    const value = otherValue(name);
    const spellings = [`--${kebab(name)}`, ...(flag.aliases ?? [])];
    for (const spelling of spellings) {
      const argv =
        typeof value === 'boolean' ? [value ? spelling : spelling.replace(/^--/, '--no-')] : [spelling, String(value)];
      t.equal((trainOptionsOf(argv) as Record<string, unknown>)[name], value, `${argv.join(' ')} sets ${name}`);
    }
    t.match(usage, kebab(name), `--help names --${kebab(name)}`);
    t.ok(usage.includes(row(name).doc), `--help gives ${name}'s doc`);
    if (row(name).default !== undefined && row(name).rule.kind !== 'boolean') {
      t.ok(
        usage.includes(`(default ${flag.defaultText ?? String(row(name).default)})`),
        `--help gives ${name}'s default`,
      );
    }
    for (const alias of flag.aliases ?? []) t.ok(usage.includes(`${alias} `), `--help lists the spelling ${alias}`);
  }
  t.strictSame(trainOptionsOf([]), {}, "no flags, no options: the defaults are train()'s");
  t.throws(() => trainOptionsOf(['--min-cont', '3']), {
    name: 'UsageError',
    message: "unknown flag '--min-cont' (did you mean '--min-count'?)",
  });
});

t.test('a checkpoint keeps every kept option, each at a value other than its default', async (t) => {
  const corpus = scratch.write(
    'corpus.txt',
    `${Array.from({ length: 60 }, (_, i) => `a b c d e f g h ${i % 7}`).join('\n')}\n`,
  );
  const given = Object.fromEntries(KEPT_OPTION_NAMES.map((name) => [name, otherValue(name)])) as Partial<ModelOptions>;
  // Kept small so the run is quick; both still differ from the defaults.
  Object.assign(given, { dim: 8, epochs: 2, minCount: 1, alpha: 0.03, minAlpha: 0.0002 });
  const model = await train({ corpus, ...given });
  const expected = { ...given };
  t.strictSame(model.options, expected, 'the model remembers each option as given');
  for (const name of KEPT_OPTION_NAMES) t.not(model.options[name], DEFAULTS[name], `${name} is not its default`);
  const file = scratch.path('model.hogvec');
  await model.save(file);
  const loaded = await Word2Vec.load(file);
  t.strictSame(
    Object.keys(loaded.options),
    [...KEPT_OPTION_NAMES],
    'the options section holds the kept options, in schema order',
  );
  t.strictSame(loaded.options, expected, 'and each reads back as saved');
});

t.test("the reference trainer takes train()'s rules and defaults", async (t) => {
  const corpus = scratch.write('ref.txt', 'a b c a b c\n');
  const resolved = resolveReferenceOptions({ corpus });
  const { corpus: file, ...settings } = resolved;
  t.equal(file, path.resolve(corpus));
  const names = Object.keys(settings) as (keyof ModelOptions)[];
  t.ok(names.length >= 14, 'the reference takes the model options it implements');
  t.strictSame(settings, Object.fromEntries(names.map((n) => [n, DEFAULTS[n]])), "its defaults are the schema's");
  t.equal(resolveReferenceOptions({ corpus, architecture: 'cbow' }).alpha, CBOW_DEFAULT_ALPHA, 'cbow alpha as train()');
  t.equal(resolveReferenceOptions({ corpus, alpha: 0.00005 }).minAlpha, 0.00005, 'minAlpha clamped as train()');
  for (const name of names) {
    // The same bad values give train()'s errors, TypeError and RangeError alike.
    for (const bad of ['1', -1e9, 1.5e9]) {
      const trainError = (() => {
        try {
          resolveTrainOptions({ corpus, [name]: bad });
        } catch (e) {
          return e as Error;
        }
        return undefined;
      })();
      if (trainError === undefined) continue;
      t.throws(
        () => referenceTrain({ corpus, [name]: bad } as never),
        { name: trainError.name, message: trainError.message },
        `${name} ${JSON.stringify(bad)}: ${trainError.name}`,
      );
    }
  }
  t.throws(() => referenceTrain({ corpus, maxVocabSize: 999 }), {
    name: 'RangeError',
    message: /integer between 1000 and/,
  });
  t.throws(() => referenceTrain({ corpus, threads: 2 } as never), {
    name: 'TypeError',
    message: /^Unknown option 'threads'/,
  });
});

t.test("readConfig: the native trainer checks every field with the schema's bounds", async (t) => {
  const { TrainingJob } = native();
  const base = { ...nativeSettings(DEFAULTS) } as Record<string, unknown>;
  const make = (config: Record<string, unknown>) => new TrainingJob(config as never, ['unused.txt']);
  t.doesNotThrow(() => make(base), 'the defaults pass');
  for (const name of NATIVE_OPTION_NAMES) {
    const { rule } = row(name);
    t.throws(() => make({ ...base, [name]: undefined }), { name: 'TypeError' }, `${name} missing: a TypeError`);
    if (!rule.bounds) continue;
    const { min = -Infinity, max = Infinity, minExclusive, maxExclusive } = rule.bounds;
    const step = rule.kind === 'integer' ? 1 : 0.5;
    const outside = [minExclusive ? min : min - step, maxExclusive ? max : max + step, Number.NaN];
    if (rule.kind === 'integer') outside.push(min + 0.5);
    // minAlpha is bounded by alpha too: let alpha reach the schema's maximum for it.
    const within = { ...base, ...(name === 'minAlpha' ? { alpha: max } : {}) };
    for (const value of outside) {
      const error = t.throws(
        () => make({ ...within, [name]: value }),
        { name: 'RangeError' },
        `${name} ${value}: a RangeError`,
      );
      if (name !== 'minAlpha') {
        t.equal(
          (error as Error).message,
          invalidOptionError(name, rule.expected, value).message,
          `${name} ${value}: the library's message`,
        );
      }
    }
    if (!minExclusive) t.doesNotThrow(() => make({ ...within, [name]: min }), `${name} ${min} passes`);
    if (!maxExclusive) t.doesNotThrow(() => make({ ...within, [name]: max }), `${name} ${max} passes`);
    t.throws(() => make({ ...within, [name]: String(min) }), { name: 'TypeError' }, `${name} as a string: a TypeError`);
  }
  t.throws(
    () => make({ ...base, minAlpha: 0.5, alpha: 0.25 }),
    { name: 'RangeError', message: /minAlpha/ },
    'minAlpha above alpha',
  );
  t.throws(() => make({ ...base, scheduleDone: -1 }), { name: 'RangeError', message: /scheduleDone/ });
  t.throws(() => make({ ...base, epochsBefore: 2 ** 32 }), { name: 'RangeError', message: /epochsBefore/ });
  t.throws(() => make({ ...base, cbowMean: 1 }), { name: 'TypeError', message: /cbowMean/ });
});
