/**
 * Side-by-side training speed: hogvec, gensim (corpus_file) and fastText on
 * the text8-shaped corpus and on natural English text, skip-gram and CBOW, at
 * 1 and 2 threads, at the package defaults (sample 1e-3, dim 100, window 5,
 * negative 5, minCount 5; 1 epoch here).
 *
 * Runs are interleaved: every round runs every configuration once with every
 * tool, the tool order rotating, so a slow spell of a shared machine lands on
 * all tools alike. For each configuration it prints the median and min-max of
 *   - training time, as each tool reports it: hogvec's training phase (its
 *     progress reports), gensim's train() call, fastText's derived from its
 *     last words/sec/thread;
 *   - whole-process time (spawn to exit: vocabulary, training, saving);
 *   - the ratio hogvec/gensim of speeds (gensim seconds / hogvec seconds),
 *     from the runs of the same round;
 *   - hogvec's cycles per skip-gram (center, context) pair: training CPU time
 *     x the clock /proc/cpuinfo reports / pairs trained (and, beside it, the
 *     same from training wall time x threads).
 *
 * `--hogvec-option key=value` (repeatable) passes a train() option to hogvec
 * alone, so one engine mode can be measured: --hogvec-option sharedNegatives=true
 *
 *   node --import tsx bench/throughput.ts [--corpora text8,natural] [--rounds 5]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TEXT8_DEFAULTS } from './generate-corpus';
import { resolveCorpus } from './lib/corpora';
import { corpusStats, type CorpusStats } from './lib/corpus-stats';
import { coreLatencyNs, placement } from './lib/core-latency';
import { cpuMHz, cyclesPerPair } from './lib/cpu-clock';
import { EXACT_MODE, describeEngineOptions, type EngineOptions, parseEngineOptions } from './lib/engine-options';
import { Flags } from './lib/flags';
import { machineInfo } from './lib/machine';
import { hasGnuTime } from './lib/measure';
import { ensureOut, resolveUserPath } from './lib/paths';
import { busyNote, rotate, type RunResult, runToolQuietly } from './lib/run-tool';
import { fmtNum, fmtRate, median, table } from './lib/stats';
import { DEFAULT_ALPHA, parseArchitecture, parseLoss, trainFlags } from './lib/train-flags';
import { availableTools } from './peers';
import type { Tool, TrainSpec } from './peers/tool';

const USAGE = `Usage: node --import tsx bench/throughput.ts [flags] [--hogvec-option key=value ...]

--corpora names the corpora: text8 (bench/out/text8.txt, generated when its
sidecar does not match --tokens and --seed), natural (bench/out/natural.txt,
written by bench/natural-corpus.ts from Debian packages), or a file path.
--hogvec-option key=value (repeatable) passes a train() option to hogvec alone.`;

interface Corpus {
  name: string;
  file: string;
  stats: CorpusStats;
}

/** One contestant: a tool, and for hogvec the engine options of one mode. */
interface Contestant {
  /** "hogvec", "hogvec sharedNegatives=true", "gensim", "fastText". */
  name: string;
  tool: Tool;
  hogvecOptions: EngineOptions;
}

/** "exact" -> EXACT_MODE, "defaults" -> {}, "a=1,b=true" -> { a: 1, b: true }. */
function parseMode(text: string): EngineOptions {
  if (text === 'exact') return { ...EXACT_MODE };
  if (text === 'defaults') return {};
  return parseEngineOptions(text.split(',').map((s) => s.trim()));
}

/** One measured cell of the grid: a corpus, an architecture, a thread count. */
interface Config {
  corpus: Corpus;
  architecture: TrainSpec['architecture'];
  threads: number;
}

interface Run {
  tool: string;
  corpus: string;
  architecture: string;
  threads: number;
  round: number;
  wholeSeconds: number;
  trainSeconds?: number;
  trainCpuSeconds?: number;
  pairs?: number;
  /** From training CPU time (all threads). */
  cyclesPerPairCpu?: number;
  /** From training wall time x threads. */
  cyclesPerPairWall?: number;
  otherCpuShare?: number;
  maxRssMB?: number;
  /** One-way ns between CPU 0 and CPU 1 just before and just after the run (lib/core-latency.ts). */
  coreLatencyNs: { before?: number; after?: number };
  /** near | far | mixed, from coreLatencyNs. */
  placement?: string;
  result: RunResult;
}

/** "near 3, far 1, mixed 1" over runs, or "n/a" without a probe. */
function countPlacements(rs: readonly Run[]): string {
  const counts = new Map<string, number>();
  for (const r of rs) if (r.placement) counts.set(r.placement, (counts.get(r.placement) ?? 0) + 1);
  return counts.size === 0 ? 'n/a' : [...counts].map(([k, n]) => `${k} ${n}`).join(', ');
}

interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}

function spread(xs: readonly (number | undefined)[]): Spread | undefined {
  const v = xs.filter((x): x is number => x !== undefined && Number.isFinite(x));
  if (v.length === 0) return undefined;
  return { median: median(v), min: Math.min(...v), max: Math.max(...v), n: v.length };
}

function fmtSpread(s: Spread | undefined, digits = 1, unit = ''): string {
  if (!s) return 'n/a';
  return `${s.median.toFixed(digits)}${unit} (${s.min.toFixed(digits)}-${s.max.toFixed(digits)})`;
}

function configKey(c: { corpus: string; architecture: string; threads: number }): string {
  return `${c.corpus}/${c.architecture}/${c.threads}`;
}

async function main(): Promise<void> {
  const f = Flags.parse(
    process.argv.slice(2),
    {
      corpora: { kind: 'string', help: 'comma-separated: text8, natural, or file paths', default: 'text8,natural' },
      tokens: { kind: 'number', help: 'tokens of the generated text8-shaped corpus', default: TEXT8_DEFAULTS.tokens },
      rounds: { kind: 'number', help: 'rounds; each runs every tool once per configuration', default: 5 },
      tools: { kind: 'string', help: 'comma-separated: hogvec,gensim,fasttext', default: 'hogvec,gensim,fasttext' },
      architectures: { kind: 'string', help: 'comma-separated: skip-gram,cbow', default: 'skip-gram,cbow' },
      ...trainFlags({ epochs: 1 }),
      threads: { kind: 'string', help: 'comma-separated thread counts', default: '1,2' },
      'hogvec-option': {
        kind: 'repeated',
        help: 'a train() option for hogvec alone as key=value, e.g. sharedNegatives=true',
      },
      'hogvec-mode': {
        kind: 'repeated',
        help:
          'run hogvec once per mode, interleaved: exact (sharedNegatives=false), defaults, ' +
          'or key=value[,key=value] (added to --hogvec-option)',
      },
      'quiet-wait': {
        kind: 'number',
        help: 'before each run, wait up to this many seconds for other processes to leave the CPUs (0: never)',
        default: 0,
      },
      retries: {
        kind: 'number',
        help: 're-runs of a run during which other processes took >10% of the CPUs',
        default: 0,
      },
      json: { kind: 'string', help: 'results file (default bench/out/throughput.json)' },
    },
    USAGE,
  );

  const hogvecOptions = parseEngineOptions(f.repeated('hogvec-option'));
  const seed = f.number('seed') ?? 1;
  const corpora: Corpus[] = [];
  for (const name of f.list('corpora')) {
    const c = resolveCorpus(name, { text8Tokens: f.number('tokens'), text8Seed: seed });
    corpora.push({ ...c, stats: await corpusStats(c.file) });
  }
  if (corpora.length === 0) throw new Error('--corpora names no corpus');

  const tools = availableTools(f.list('tools'));
  if (tools.length === 0) throw new Error('no tool can run; see the messages above');
  const modes = f.repeated('hogvec-mode').map(parseMode);
  const contestants: Contestant[] = tools.flatMap((tool) =>
    tool.name !== 'hogvec'
      ? [{ name: tool.name, tool, hogvecOptions: {} }]
      : (modes.length > 0 ? modes : [{}]).map((m) => {
          const o = { ...hogvecOptions, ...m };
          const name = Object.keys(o).length === 0 ? 'hogvec' : `hogvec ${describeEngineOptions(o)}`;
          return { name, tool, hogvecOptions: o };
        }),
  );
  const isHogvec = (name: string): boolean => name === 'hogvec' || name.startsWith('hogvec ');
  const hogvecNames = contestants.filter((x) => x.tool.name === 'hogvec').map((x) => x.name);
  if (!hasGnuTime()) process.stderr.write('note: /usr/bin/time missing (apt-get install -y time): no peak RSS\n');
  const archs = f.list('architectures').map(parseArchitecture);
  const threadCounts = f.list('threads').map(Number);
  for (const t of threadCounts)
    if (!Number.isInteger(t) || t < 1) throw new Error(`--threads: ${t} is not a thread count`);
  const rounds = f.number('rounds') ?? 5;
  const epochs = f.number('epochs') ?? 1;
  const mhz = cpuMHz();
  const vecDir = ensureOut('vectors');

  const configs: Config[] = [];
  for (const corpus of corpora)
    for (const architecture of archs)
      for (const threads of threadCounts) configs.push({ corpus, architecture, threads });
  const specFor = (c: Config, who: Contestant): TrainSpec => ({
    corpus: c.corpus.file,
    architecture: c.architecture,
    loss: parseLoss(f.string('loss')),
    dim: f.number('dim') ?? 100,
    window: f.number('window') ?? 5,
    negative: f.number('negative') ?? 5,
    sample: f.number('sample') ?? 1e-3,
    minCount: f.number('min-count') ?? 5,
    epochs,
    threads: c.threads,
    alpha: f.number('alpha') ?? DEFAULT_ALPHA[c.architecture],
    seed,
    outPrefix: path.join(
      vecDir,
      `throughput-${who.name.toLowerCase().replace(/[^a-z0-9.=-]+/g, '_')}-${c.corpus.name}-${c.architecture}-${c.threads}t`,
    ),
    hogvecOptions: who.hogvecOptions,
  });

  process.stdout.write(
    corpora
      .map(
        (c) =>
          `corpus ${c.name}: ${c.file}, ${c.stats.tokens.toLocaleString('en-US')} tokens, ` +
          `${(c.stats.tokens / c.stats.lines).toFixed(1)} a line, ${c.stats.typesMinCount5.toLocaleString('en-US')} types with count >= 5\n`,
      )
      .join('') +
      `tools: ${tools.map((t) => `${t.name} ${t.version()}`).join(', ')}\n` +
      `hogvec modes: ${contestants
        .filter((x) => x.tool.name === 'hogvec')
        .map((x) => describeEngineOptions(x.hogvecOptions))
        .join('; ')}\n` +
      `${rounds} round(s) x ${configs.length} configuration(s) x ${contestants.length} contestant(s), interleaved, one run at a time` +
      `; clock ${mhz ? `${mhz.toFixed(0)} MHz (/proc/cpuinfo)` : 'unknown'}\n\n`,
  );

  const runs: Run[] = [];
  const failures: { tool: string; config: string; round: number; error: string }[] = [];
  const failed = new Set<string>();
  for (let r = 0; r < rounds; r++) {
    for (const c of configs) {
      for (const who of rotate(contestants, r)) {
        const tool = who.tool;
        const key = `${who.name} ${configKey({ corpus: c.corpus.name, architecture: c.architecture, threads: c.threads })}`;
        if (failed.has(key)) continue;
        const spec = specFor(c, who);
        try {
          const before = coreLatencyNs();
          const res = await runToolQuietly(tool, spec, c.corpus.stats.tokens, r + 1, {
            quietWait: f.number('quiet-wait') ?? 0,
            retries: f.number('retries') ?? 0,
            label: `round ${r + 1}/${rounds} ${c.corpus.name} ${c.architecture} ${c.threads}t ${who.name.padEnd(8)} `,
          });
          const rep = res.report;
          const after = coreLatencyNs();
          const run: Run = {
            tool: who.name,
            corpus: c.corpus.name,
            architecture: c.architecture,
            threads: c.threads,
            round: r + 1,
            wholeSeconds: res.wallSeconds,
            trainSeconds: rep.trainSeconds,
            trainCpuSeconds: rep.trainCpuSeconds,
            pairs: rep.pairs,
            cyclesPerPairCpu: cyclesPerPair(rep.trainCpuSeconds, mhz, rep.pairs),
            cyclesPerPairWall: cyclesPerPair(
              rep.trainSeconds === undefined ? undefined : rep.trainSeconds * c.threads,
              mhz,
              rep.pairs,
            ),
            otherCpuShare: res.otherCpuShare,
            maxRssMB: res.maxRssMB,
            coreLatencyNs: { before, after },
            placement: placement(before, after),
            result: res,
          };
          runs.push(run);
          process.stdout.write(
            `train ${fmtNum(run.trainSeconds, 2)} s (CPU ${fmtNum(run.trainCpuSeconds, 1)} s)  whole ${run.wholeSeconds.toFixed(2)} s` +
              (run.cyclesPerPairCpu ? `  ${run.cyclesPerPairCpu.toFixed(0)} cycles/pair` : '') +
              (run.placement ? `  CPUs ${fmtNum(before, 0)}/${fmtNum(after, 0)} ns apart (${run.placement})` : '') +
              busyNote(res) +
              '\n',
          );
        } catch (err) {
          const msg = (err as Error).message;
          failed.add(key);
          failures.push({
            tool: who.name,
            config: configKey({ corpus: c.corpus.name, architecture: c.architecture, threads: c.threads }),
            round: r + 1,
            error: msg,
          });
          process.stdout.write(`FAILED\n${msg}\n`);
        }
      }
    }
  }

  // gensim reports no pair count: its cycles per pair use hogvec's (same corpus, same subsampling rule).
  for (const r of runs) {
    if (r.pairs !== undefined || r.trainCpuSeconds === undefined) continue;
    const hogvecPairs = spread(
      runs.filter((x) => x.tool === hogvecNames[0] && configKey(x) === configKey(r)).map((x) => x.pairs),
    );
    if (hogvecPairs) r.cyclesPerPairCpu = cyclesPerPair(r.trainCpuSeconds, mhz, hogvecPairs.median);
  }

  // Per configuration and tool: medians and ranges.
  const summaries = [];
  for (const c of configs) {
    const k = { corpus: c.corpus.name, architecture: c.architecture, threads: c.threads };
    for (const who of contestants) {
      const rs = runs.filter((x) => x.tool === who.name && configKey(x) === configKey(k));
      if (rs.length === 0) continue;
      summaries.push({
        ...k,
        tool: who.name,
        runs: rs.length,
        trainSeconds: spread(rs.map((x) => x.trainSeconds)),
        trainCpuSeconds: spread(rs.map((x) => x.trainCpuSeconds)),
        wholeSeconds: spread(rs.map((x) => x.wholeSeconds)),
        wordsPerSecond: spread(rs.map((x) => x.result.wordsPerSecond)),
        cyclesPerPairCpu: spread(rs.map((x) => x.cyclesPerPairCpu)),
        cyclesPerPairWall: spread(rs.map((x) => x.cyclesPerPairWall)),
        pairs: spread(rs.map((x) => x.pairs)),
        maxRssMB: spread(rs.map((x) => x.maxRssMB)),
        maxOtherCpuShare: spread(rs.map((x) => x.otherCpuShare))?.max,
        placements: countPlacements(rs),
      });
    }
  }
  // Speed ratios hogvec/peer from the runs of the same round (paired): every hogvec mode
  // against the peers, and every further mode against the first.
  const ratios = [];
  for (const c of configs) {
    const k = { corpus: c.corpus.name, architecture: c.architecture, threads: c.threads };
    for (const me of hogvecNames) {
      const mine = runs.filter((x) => x.tool === me && configKey(x) === configKey(k));
      const others = contestants.map((x) => x.name).filter((n) => !isHogvec(n) || (n === hogvecNames[0] && me !== n));
      for (const peer of others) {
        const theirs = runs.filter((x) => x.tool === peer && configKey(x) === configKey(k));
        if (mine.length === 0 || theirs.length === 0) continue;
        // Rounds where both runs saw the CPUs as `where` (any: every round).
        const paired = (pick: (x: Run) => number | undefined, where?: string): Spread | undefined =>
          spread(
            mine.map((h) => {
              const o = theirs.find((x) => x.round === h.round);
              if (where && (h.placement !== where || o?.placement !== where)) return undefined;
              const a = o ? pick(o) : undefined;
              const b = pick(h);
              return a !== undefined && b !== undefined && b > 0 ? a / b : undefined;
            }),
          );
        ratios.push({
          ...k,
          mode: me,
          versus: peer,
          train: paired((x) => x.trainSeconds),
          trainCpu: paired((x) => x.trainCpuSeconds),
          whole: paired((x) => x.wholeSeconds),
          trainNear: paired((x) => x.trainSeconds, 'near'),
          trainFar: paired((x) => x.trainSeconds, 'far'),
        });
      }
    }
  }

  process.stdout.write(
    "\nseconds: median (min-max) over rounds. train = the tool's own training time (hogvec: its training\n" +
      'phase; gensim: train(); fastText: from its last words/sec/thread); whole = spawn to exit;\n' +
      'words/s = corpus tokens x epochs / whole seconds; RSS = median peak RSS (GNU time).\n' +
      "cycles/pair: training CPU seconds (user+sys, all threads) x clock / pairs trained (hogvec's count;\n" +
      'gensim\'s row uses hogvec\'s count too); "wall" uses training wall seconds x threads instead. For\n' +
      'CBOW a pair is a center word. others = the most CPU other processes took during a run.\n' +
      'CPUs: runs by where the host had placed the two CPUs (bench/lib/core-latency.ts): near, far, mixed.\n\n',
  );
  process.stdout.write(
    table(
      [
        'corpus',
        'arch',
        'thr',
        'tool',
        'n',
        'train s',
        'train CPU s',
        'whole s',
        'words/s',
        'RSS MB',
        'cycles/pair',
        'cycles/pair (wall)',
        'others',
        'CPUs',
      ],
      summaries.map((s) => [
        s.corpus,
        s.architecture,
        String(s.threads),
        s.tool,
        String(s.runs),
        fmtSpread(s.trainSeconds, 2),
        fmtSpread(s.trainCpuSeconds, 1),
        fmtSpread(s.wholeSeconds, 2),
        fmtRate(s.wordsPerSecond?.median),
        fmtNum(s.maxRssMB?.median, 0),
        fmtSpread(s.cyclesPerPairCpu, 0),
        fmtSpread(s.cyclesPerPairWall, 0),
        s.maxOtherCpuShare === undefined ? 'n/a' : `${(s.maxOtherCpuShare * 100).toFixed(0)}%`,
        s.placements,
      ]),
    ),
  );
  process.stdout.write(
    "\nspeed of a hogvec mode / speed of the other (its seconds / the mode's seconds, same round): median (min-max);\n" +
      'train (near) and (far): only the rounds where both runs saw the CPUs so\n\n',
  );
  process.stdout.write(
    table(
      ['corpus', 'arch', 'thr', 'hogvec mode', 'versus', 'train', 'train CPU', 'whole', 'train (near)', 'train (far)'],
      ratios.map((r) => [
        r.corpus,
        r.architecture,
        String(r.threads),
        r.mode,
        r.versus,
        fmtSpread(r.train, 2, 'x'),
        fmtSpread(r.trainCpu, 2, 'x'),
        fmtSpread(r.whole, 2, 'x'),
        fmtSpread(r.trainNear, 2, 'x'),
        fmtSpread(r.trainFar, 2, 'x'),
      ]),
    ),
  );
  if (failures.length) process.stdout.write(`\n${failures.length} configuration(s) failed; see above.\n`);

  const jsonPath = f.string('json')
    ? resolveUserPath(f.string('json') ?? '')
    : path.join(ensureOut(), 'throughput.json');
  fs.writeFileSync(
    jsonPath,
    JSON.stringify(
      {
        benchmark: 'throughput',
        definitions: {
          trainSeconds: "the tool's own training time (hogvec training phase, gensim train(), fastText from its rate)",
          wholeSeconds: 'spawn to exit of the whole process',
          cyclesPerPairCpu: 'training CPU seconds (user+sys, all threads) x cpu MHz / pairs',
          cyclesPerPairWall: 'training wall seconds x threads x cpu MHz / pairs',
          ratio: "the other's seconds / the hogvec mode's seconds, from runs of the same round",
        },
        machine: { ...machineInfo(), cpuMHz: mhz },
        hogvecModes: contestants.filter((x) => x.tool.name === 'hogvec').map((x) => x.hogvecOptions),
        corpora: corpora.map((c) => ({ name: c.name, path: c.file, ...c.stats })),
        tools: Object.fromEntries(tools.map((t) => [t.name, t.version()])),
        runs: runs.map(({ result, ...r }) => ({ ...r, command: result.command, report: result.report })),
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
