/**
 * The training flags every benchmark shares (--dim, --window, ... --seed),
 * declared once: a benchmark states only the defaults where it differs from
 * the common ones (its sample, epochs, architecture), and reads the flags
 * back as one TrainSpec, so hogvec, gensim and fastText get the same values.
 */
import type { TrainSpec } from '../peers/tool';
import type { FlagDefs, Flags } from './flags';

export type Architecture = TrainSpec['architecture'];
export type Loss = TrainSpec['loss'];

/** The learning rate when --alpha is not given: word2vec's and gensim's choices. */
export const DEFAULT_ALPHA: Record<Architecture, number> = { 'skip-gram': 0.025, cbow: 0.05 };

/** The hyperparameters a benchmark may default differently. */
export interface TrainDefaults {
  dim: number;
  window: number;
  negative: number;
  sample: number;
  minCount: number;
  epochs: number;
  threads: number;
  seed: number;
}

/** The defaults every benchmark starts from: word2vec's, on the 2 cores the benchmarks assume. */
export const COMMON_TRAIN_DEFAULTS: TrainDefaults = {
  dim: 100,
  window: 5,
  negative: 5,
  sample: 1e-3,
  minCount: 5,
  epochs: 5,
  threads: 2,
  seed: 1,
};

/** The training flags with `overrides` in place of the common defaults. */
export function trainFlags(overrides: Partial<TrainDefaults> = {}): FlagDefs {
  const d = { ...COMMON_TRAIN_DEFAULTS, ...overrides };
  return {
    loss: {
      kind: 'string',
      help: 'negative-sampling, or hierarchical-softmax (gensim hs=1 negative=0, fastText -loss hs)',
      default: 'negative-sampling',
    },
    dim: { kind: 'number', help: 'vector size', default: d.dim },
    window: { kind: 'number', help: 'window', default: d.window },
    negative: { kind: 'number', help: 'negatives per positive', default: d.negative },
    sample: { kind: 'number', help: 'subsampling threshold', default: d.sample },
    'min-count': { kind: 'number', help: 'minimum word count', default: d.minCount },
    epochs: { kind: 'number', help: 'epochs', default: d.epochs },
    threads: { kind: 'number', help: 'training threads', default: d.threads },
    alpha: { kind: 'number', help: 'initial learning rate (default 0.025 skip-gram, 0.05 CBOW)' },
    seed: { kind: 'number', help: "training seed (and the generated corpus's, if any)", default: d.seed },
  };
}

/** Throws unless `name` is 'skip-gram' or 'cbow'. */
export function parseArchitecture(name: string | undefined): Architecture {
  if (name !== 'skip-gram' && name !== 'cbow') {
    throw new Error(`the architecture must be skip-gram or cbow, not ${JSON.stringify(name)}`);
  }
  return name;
}

/** Throws unless `name` is 'negative-sampling' or 'hierarchical-softmax'. */
export function parseLoss(name: string | undefined): Loss {
  if (name !== 'negative-sampling' && name !== 'hierarchical-softmax') {
    throw new Error(`--loss must be negative-sampling or hierarchical-softmax, not ${JSON.stringify(name)}`);
  }
  return name;
}

/** The spec the training flags describe, for one corpus and architecture. */
export function trainSpec(f: Flags, corpus: string, arch: Architecture): Omit<TrainSpec, 'outPrefix'> {
  const value = (name: string): number => {
    const v = f.number(name);
    if (v === undefined) throw new Error(`internal: --${name} has no default`);
    return v;
  };
  return {
    corpus,
    architecture: arch,
    loss: parseLoss(f.string('loss')),
    dim: value('dim'),
    window: value('window'),
    negative: value('negative'),
    sample: value('sample'),
    minCount: value('min-count'),
    epochs: value('epochs'),
    threads: value('threads'),
    alpha: f.number('alpha') ?? DEFAULT_ALPHA[arch],
    seed: value('seed'),
  };
}
