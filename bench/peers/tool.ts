/**
 * One trainer under test. Each tool turns the same training spec into its own
 * command line, so hyperparameters are set in one place for all of them.
 */
import type { EngineOptions } from '../lib/engine-options';
import type { Measured } from '../lib/measure';

/** Hyperparameters shared by every tool in a comparison. */
export interface TrainSpec {
  corpus: string;
  architecture: 'skip-gram' | 'cbow';
  /** The output layer: negative sampling (the C tool's -hs 0), or hierarchical softmax alone (-hs 1 -negative 0). */
  loss: 'negative-sampling' | 'hierarchical-softmax';
  dim: number;
  window: number;
  negative: number;
  sample: number;
  minCount: number;
  epochs: number;
  threads: number;
  alpha: number;
  seed: number;
  /** Output path without extension; each tool adds its own. */
  outPrefix: string;
  /** Further train() options for hogvec alone (an engine mode); the peers ignore them. */
  hogvecOptions?: EngineOptions;
}

export interface ToolCommand {
  cmd: string;
  args: string[];
  cwd?: string;
  /** The word2vec-format vectors the run writes (what evaluate.py reads). */
  vectors: string;
}

/** What a tool says about its own run, beyond the outside measurements. */
export interface ToolReport {
  /** Seconds the tool reports for training alone, when it reports them. */
  trainSeconds?: number;
  /** CPU seconds (user + system, all threads) over the same span, when known. */
  trainCpuSeconds?: number;
  /** (center, context) pairs trained, when the tool reports them. */
  pairs?: number;
  vocabSize?: number;
  /** The tool's own words/s figure, on its own definition (bench/README.md, "Traps"). */
  ownWordsPerSecond?: number;
  raw?: Record<string, unknown>;
}

export interface Tool {
  name: 'hogvec' | 'gensim' | 'fastText';
  /** undefined when the tool can run; otherwise why not and how to fix it. */
  unavailable(): string | undefined;
  /** The tool's version, for the results file. */
  version(): string;
  command(spec: TrainSpec): ToolCommand;
  parse(m: Measured, spec: TrainSpec): ToolReport;
}
