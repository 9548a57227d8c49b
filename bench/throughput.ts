/**
 * Side-by-side training throughput: hogvec, gensim and fastText on the
 * text8-shaped corpus, skip-gram and CBOW, same hyperparameters, one tool at a
 * time (two cores are easily shared away), tools alternating run by run.
 *
 * Each run is a whole process (vocabulary, training, saving vectors) timed
 * from outside; words/s = corpus tokens x epochs / wall seconds. Peak RSS
 * comes from GNU time. Prints every run, the medians and the median ratios
 * hogvec/gensim and hogvec/fastText; writes bench/out/throughput.json.
 *
 *   node --import tsx bench/throughput.ts [--runs 3] [--tools hogvec,gensim,fasttext]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateText8, TEXT8_DEFAULTS } from './generate-corpus';
import { corpusStats, readStats } from './lib/corpus-stats';
import { Flags } from './lib/flags';
import { machineInfo } from './lib/machine';
import { hasGnuTime } from './lib/measure';
import { ensureOut, resolveUserPath } from './lib/paths';
import { busyNote, rotate, type RunResult, runToolQuietly } from './lib/run-tool';
import { fmtNum, fmtRate, median, table } from './lib/stats';
import { parseArchitecture, trainFlags, trainSpec } from './lib/train-flags';
import { availableTools } from './peers';
import type { TrainSpec } from './peers/tool';

const USAGE = `Usage: node --import tsx bench/throughput.ts [flags]

Without --corpus, bench/out/text8.txt is generated (or reused when its stats
sidecar matches --tokens and --seed).`;

/** The default corpus: reused when its sidecar matches, else regenerated. */
function ensureText8(file: string, tokens: number, seed: number): void {
  const s = readStats(file);
  const src = s?.source ?? {};
  if (s && src.kind === 'text8' && src.tokens === tokens && src.seed === seed) return;
  process.stdout.write(`generating ${file} (${tokens.toLocaleString('en-US')} tokens, seed ${seed})...\n`);
  const st = generateText8({ ...TEXT8_DEFAULTS, out: file, tokens, seed });
  process.stdout.write(`  ${st.types.toLocaleString('en-US')} types, ${st.typesMinCount5.toLocaleString('en-US')} with count >= 5, ${st.seconds?.toFixed(1)} s\n`);
}

async function main(): Promise<void> {
  const f = Flags.parse(
    process.argv.slice(2),
    {
      corpus: { kind: 'string', help: 'corpus file (default: generated bench/out/text8.txt)' },
      tokens: { kind: 'number', help: 'tokens of the generated corpus', default: TEXT8_DEFAULTS.tokens },
      runs: { kind: 'number', help: 'runs per tool and architecture', default: 3 },
      tools: { kind: 'string', help: 'comma-separated: hogvec,gensim,fasttext', default: 'hogvec,gensim,fasttext' },
      architectures: { kind: 'string', help: 'comma-separated: skip-gram,cbow', default: 'skip-gram,cbow' },
      ...trainFlags({ sample: 1e-4, epochs: 1 }),
      'quiet-wait': {
        kind: 'number',
        help: 'before each run, wait up to this many seconds for other processes to leave the CPUs (0: never)',
        default: 120,
      },
      retries: { kind: 'number', help: 're-runs of a run during which other processes took >10% of the CPUs', default: 2 },
      json: { kind: 'string', help: 'results file (default bench/out/throughput.json)' },
    },
    USAGE,
  );

  const seed = f.number('seed') ?? 1;
  let corpus: string;
  const given = f.string('corpus');
  if (given) {
    corpus = resolveUserPath(given);
    if (!fs.existsSync(corpus)) throw new Error(`corpus ${corpus} does not exist`);
  } else {
    corpus = path.join(ensureOut(), 'text8.txt');
    ensureText8(corpus, f.number('tokens') ?? TEXT8_DEFAULTS.tokens, seed);
  }
  const stats = await corpusStats(corpus);

  const tools = availableTools(f.list('tools'));
  if (tools.length === 0) throw new Error('no tool can run; see the messages above');
  if (!hasGnuTime()) process.stderr.write('note: /usr/bin/time missing (apt-get install -y time): no peak RSS\n');
  const archs = f.list('architectures').map(parseArchitecture);
  const runs = f.number('runs') ?? 3;
  const quietWait = f.number('quiet-wait') ?? 120;
  const retries = f.number('retries') ?? 2;
  const vecDir = ensureOut('vectors');

  process.stdout.write(
    `corpus ${corpus}: ${stats.tokens.toLocaleString('en-US')} tokens, ` +
      `${stats.typesMinCount5.toLocaleString('en-US')} types with count >= 5\n` +
      `tools: ${tools.map((t) => `${t.name} ${t.version()}`).join(', ')}; ${runs} run(s) each, one at a time\n\n`,
  );

  const results: RunResult[] = [];
  const failures: { tool: string; architecture: string; run: number; error: string }[] = [];
  const specs: TrainSpec[] = [];
  for (const architecture of archs) {
    const spec = trainSpec(f, corpus, architecture);
    specs.push({ ...spec, outPrefix: '' });
    const failed = new Set<string>();
    for (let r = 0; r < runs; r++) {
      for (const tool of rotate(tools, r)) {
        if (failed.has(tool.name)) continue;
        const outPrefix = path.join(vecDir, `throughput-${tool.name.toLowerCase()}-${architecture}`);
        try {
          const res = await runToolQuietly(tool, { ...spec, outPrefix }, stats.tokens, r + 1, {
            quietWait,
            retries,
            label: `${architecture} run ${r + 1}/${runs} ${tool.name.padEnd(8)} `,
          });
          results.push(res);
          process.stdout.write(
            `${res.wallSeconds.toFixed(1).padStart(6)} s  ${fmtRate(res.wordsPerSecond).padStart(6)} words/s` +
              `  (train only ${fmtRate(res.trainWordsPerSecond)})  RSS ${fmtNum(res.maxRssMB, 0)} MB` +
              `  CPU ${fmtNum(res.cpuSeconds, 1)} s` +
              busyNote(res) +
              '\n',
          );
        } catch (err) {
          const msg = (err as Error).message;
          failed.add(tool.name);
          failures.push({ tool: tool.name, architecture, run: r + 1, error: msg });
          process.stdout.write(`FAILED\n${msg}\n`);
        }
      }
    }
  }

  // Medians per tool and architecture.
  interface Summary {
    tool: string;
    architecture: string;
    runs: number;
    medianWallSeconds: number;
    medianWordsPerSecond: number;
    medianTrainWordsPerSecond?: number;
    medianMaxRssMB?: number;
    maxOtherCpuShare?: number;
  }
  const summaries: Summary[] = [];
  for (const architecture of archs) {
    for (const tool of tools) {
      const rs = results.filter((x) => x.tool === tool.name && x.architecture === architecture);
      if (rs.length === 0) continue;
      const trains = rs.map((x) => x.trainWordsPerSecond).filter((x): x is number => x !== undefined);
      const rss = rs.map((x) => x.maxRssMB).filter((x): x is number => x !== undefined);
      const others = rs.map((x) => x.otherCpuShare).filter((x): x is number => x !== undefined);
      summaries.push({
        tool: tool.name,
        architecture,
        runs: rs.length,
        medianWallSeconds: median(rs.map((x) => x.wallSeconds)),
        medianWordsPerSecond: median(rs.map((x) => x.wordsPerSecond)),
        medianTrainWordsPerSecond: trains.length ? median(trains) : undefined,
        medianMaxRssMB: rss.length ? median(rss) : undefined,
        maxOtherCpuShare: others.length ? Math.max(...others) : undefined,
      });
    }
  }
  const ratios: { architecture: string; versus: string; ratio: number }[] = [];
  for (const architecture of archs) {
    const h = summaries.find((s) => s.tool === 'hogvec' && s.architecture === architecture);
    for (const other of ['gensim', 'fastText']) {
      const o = summaries.find((s) => s.tool === other && s.architecture === architecture);
      if (h && o) ratios.push({ architecture, versus: other, ratio: h.medianWordsPerSecond / o.medianWordsPerSecond });
    }
  }

  process.stdout.write(
    '\nwords/s = corpus tokens x epochs / wall seconds of the whole process (median of runs);\n' +
      'others CPU = the most CPU other processes took during a run (share of all cores; should be ~0%)\n\n',
  );
  process.stdout.write(
    table(
      ['tool', 'architecture', 'runs', 'wall s', 'words/s', 'train-only words/s', 'peak RSS MB', 'others CPU', 'all runs words/s'],
      summaries.map((s) => [
        s.tool,
        s.architecture,
        String(s.runs),
        s.medianWallSeconds.toFixed(1),
        fmtRate(s.medianWordsPerSecond),
        fmtRate(s.medianTrainWordsPerSecond),
        fmtNum(s.medianMaxRssMB, 0),
        s.maxOtherCpuShare === undefined ? 'n/a' : `${(s.maxOtherCpuShare * 100).toFixed(0)}%`,
        results
          .filter((x) => x.tool === s.tool && x.architecture === s.architecture)
          .map((x) => fmtRate(x.wordsPerSecond))
          .join(' '),
      ]),
    ),
  );
  process.stdout.write('\n');
  for (const architecture of archs) {
    const cell = (v: string): string => {
      const r = ratios.find((x) => x.architecture === architecture && x.versus === v);
      return r ? `${r.ratio.toFixed(2)}x` : 'n/a';
    };
    process.stdout.write(`${architecture}: hogvec/gensim ${cell('gensim')}, hogvec/fastText ${cell('fastText')}\n`);
  }
  if (failures.length) process.stdout.write(`\n${failures.length} tool(s) failed; see above.\n`);

  const jsonPath = f.string('json') ? resolveUserPath(f.string('json') ?? '') : path.join(ensureOut(), 'throughput.json');
  fs.writeFileSync(
    jsonPath,
    JSON.stringify(
      {
        benchmark: 'throughput',
        definition: 'wordsPerSecond = corpus tokens x epochs / wall seconds of the whole process',
        machine: machineInfo(),
        corpus: { path: corpus, ...stats },
        specs: specs.map(({ outPrefix: _, ...s }) => s),
        tools: Object.fromEntries(tools.map((t) => [t.name, t.version()])),
        runs: results,
        summaries,
        ratios,
        failures,
      },
      null,
      2,
    ) + '\n',
  );
  process.stdout.write(`\nresults: ${jsonPath}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`error: ${(err as Error).message}\n`);
  process.exit(1);
});
