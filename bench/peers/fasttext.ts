/**
 * fastText as a word2vec trainer: `fasttext skipgram|cbow` with -minn 0
 * -maxn 0 (no character n-grams) and -bucket 0, which is what fastText itself
 * sets when there are no n-grams. It writes <prefix>.bin (its own model
 * format) and <prefix>.vec (word2vec text format, which evaluate.py reads).
 * Debian's binary is built without AVX/FMA and draws negatives by count^0.5,
 * not ^0.75: the numbers measure that build.
 *
 * Runnable on its own to train once:
 *   node --import tsx bench/peers/fasttext.ts --corpus C --out-prefix P [--architecture cbow]
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readStats } from '../lib/corpus-stats';
import { Flags } from '../lib/flags';
import { parseArchitecture, trainFlags, trainSpec } from '../lib/train-flags';
import { assertSucceeded, type Measured, runMeasured } from '../lib/measure';
import { resolveUserPath } from '../lib/paths';
import type { Tool, ToolReport, TrainSpec } from './tool';

export const FASTTEXT_INSTALL_HINT =
  'fastText is not on PATH. Install it with:\n  apt-get update && apt-get install -y fasttext\n' +
  '(or set FASTTEXT to the binary).';

/** The binary: FASTTEXT, else `fasttext` on PATH. */
export function fasttextBinary(): string | undefined {
  if (process.env.FASTTEXT) return process.env.FASTTEXT;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, 'fasttext');
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      /* keep looking */
    }
  }
  return undefined;
}

/** The fastText argument list for a spec (also used by the README). */
export function fasttextArgs(s: TrainSpec): string[] {
  return [
    s.architecture === 'skip-gram' ? 'skipgram' : 'cbow',
    '-input',
    s.corpus,
    '-output',
    s.outPrefix,
    '-dim',
    String(s.dim),
    '-ws',
    String(s.window),
    '-neg',
    String(s.negative),
    '-loss',
    s.loss === 'hierarchical-softmax' ? 'hs' : 'ns',
    '-t',
    String(s.sample),
    '-minCount',
    String(s.minCount),
    '-epoch',
    String(s.epochs),
    '-thread',
    String(s.threads),
    '-lr',
    String(s.alpha),
    '-minn',
    '0',
    '-maxn',
    '0',
    '-wordNgrams',
    '1',
    '-bucket',
    '0',
    '-seed',
    String(s.seed),
  ];
}

export const fastText: Tool = {
  name: 'fastText',
  unavailable: () => (fasttextBinary() ? undefined : FASTTEXT_INSTALL_HINT),
  version() {
    // fastText has no --version; report the Debian package version if any.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own ${field} syntax
    const r = spawnSync('dpkg-query', ['-W', '-f=${Version}', 'fasttext'], { encoding: 'utf8' });
    return r.status === 0 && r.stdout ? `debian ${r.stdout}` : 'unknown';
  },
  command(s: TrainSpec) {
    const bin = fasttextBinary();
    if (!bin) throw new Error(FASTTEXT_INSTALL_HINT);
    return { cmd: bin, args: fasttextArgs(s), vectors: `${s.outPrefix}.vec` };
  },
  parse(m: Measured, spec: TrainSpec): ToolReport {
    const text = m.stderrTail + m.stdout;
    const vocab = /Number of words:\s+(\d+)/.exec(text);
    // Its progress line: words/sec per thread, per wall second.
    const rates = [...text.matchAll(/words\/sec\/thread:\s+(\d+)/g)];
    const last = rates.length > 0 ? Number(rates[rates.length - 1][1]) : undefined;
    // fastText logs no training time, but its last rate is tokens / seconds /
    // threads, with tokens = epochs x (corpus tokens + one </s> a line) at the end.
    const stats = readStats(spec.corpus);
    const trainSeconds =
      last && stats ? ((stats.tokens + stats.lines) * spec.epochs) / (last * spec.threads) : undefined;
    return {
      trainSeconds,
      vocabSize: vocab ? Number(vocab[1]) : undefined,
      ownWordsPerSecond: last,
      raw: { wordsPerSecPerThread: last, trainSecondsFromRate: trainSeconds },
    };
  },
};

async function main(): Promise<void> {
  const f = Flags.parse(
    process.argv.slice(2),
    {
      corpus: { kind: 'string', help: 'corpus file' },
      'out-prefix': { kind: 'string', help: 'writes PREFIX.bin and PREFIX.vec' },
      architecture: { kind: 'string', help: 'skip-gram or cbow', default: 'skip-gram' },
      ...trainFlags(),
    },
    'Usage: node --import tsx bench/peers/fasttext.ts --corpus FILE --out-prefix PREFIX [flags]',
  );
  const corpus = f.string('corpus');
  const prefix = f.string('out-prefix');
  if (!corpus || !prefix) throw new Error('--corpus and --out-prefix are required');
  const spec: TrainSpec = {
    ...trainSpec(f, resolveUserPath(corpus), parseArchitecture(f.string('architecture'))),
    outPrefix: resolveUserPath(prefix),
  };
  const why = fastText.unavailable();
  if (why) throw new Error(why);
  const c = fastText.command(spec);
  process.stderr.write(`${c.cmd} ${c.args.join(' ')}\n`);
  const m = await runMeasured(c.cmd, c.args);
  assertSucceeded('fastText', m);
  process.stdout.write(
    JSON.stringify({ ...fastText.parse(m, spec), wallSeconds: m.wallSeconds, maxRssMB: m.maxRssMB }) + '\n',
  );
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`error: ${(err as Error).message}\n`);
    process.exit(1);
  });
}
