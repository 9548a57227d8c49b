#!/usr/bin/python3
"""Train gensim Word2Vec on a text file and save word2vec binary vectors.

Uses corpus_file= mode, gensim's fastest (its Cython reader, no Python
iterator, one thread per worker over a file offset). Keep corpus lines at most
1,000 tokens: corpus_file batches cut at 10,000 kept words, so 10,000-token
lines silently lose ~10% of the words (bench/README.md, "Traps").

Prints one JSON line with timings and counts. trainSeconds covers train()
only, trainCpuSeconds the CPU time of all threads over it; totalSeconds runs from interpreter start (imports, vocabulary, saving).

    /usr/bin/python3 bench/peers/gensim_train.py --corpus C --out V.bin --sg 1
"""
import time

T0 = time.perf_counter()  # before the gensim import, whose cost is part of a run

import argparse  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402

try:
    import gensim  # noqa: E402
    from gensim.models import Word2Vec  # noqa: E402
except ImportError:
    sys.stderr.write(
        "gensim is not importable by %s.\n"
        "Install Debian's build: apt-get update && apt-get install -y python3-gensim\n"
        "and run this script with /usr/bin/python3 (a pyenv python3 on PATH lacks it).\n" % sys.executable
    )
    sys.exit(3)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", required=True, help="whitespace-tokenised text, one sentence a line")
    p.add_argument("--out", required=True, help="vectors file (word2vec binary format)")
    p.add_argument("--sg", type=int, choices=(0, 1), default=1, help="1 skip-gram, 0 CBOW")
    p.add_argument("--dim", type=int, default=100)
    p.add_argument("--window", type=int, default=5)
    p.add_argument("--negative", type=int, default=5)
    p.add_argument("--hs", type=int, choices=(0, 1), default=0, help="1 hierarchical softmax (with --negative 0)")
    p.add_argument("--sample", type=float, default=1e-3)
    p.add_argument("--min-count", type=int, default=5)
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    p.add_argument("--alpha", type=float, default=None, help="default 0.025 (sg) / 0.05 (cbow)")
    p.add_argument("--min-alpha", type=float, default=0.0001)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--text", action="store_true", help="save word2vec text format instead")
    p.add_argument("--verbose", action="store_true", help="gensim INFO logging to stderr")
    a = p.parse_args()

    logging.basicConfig(
        format="%(asctime)s %(levelname)s %(message)s", level=logging.INFO if a.verbose else logging.WARNING
    )
    alpha = a.alpha if a.alpha is not None else (0.025 if a.sg else 0.05)

    # No corpus in the constructor: vocabulary and training are timed apart.
    model = Word2Vec(
        sg=a.sg,
        vector_size=a.dim,
        window=a.window,
        negative=a.negative,
        hs=a.hs,
        sample=a.sample,
        min_count=a.min_count,
        epochs=a.epochs,
        workers=a.workers,
        alpha=alpha,
        min_alpha=a.min_alpha,
        seed=a.seed,
    )
    t = time.perf_counter()
    model.build_vocab(corpus_file=a.corpus)
    vocab_seconds = time.perf_counter() - t

    t = time.perf_counter()
    cpu = time.process_time()  # every thread of the process: the workers' CPU time
    trained, raw = model.train(
        corpus_file=a.corpus,
        total_examples=model.corpus_count,
        total_words=model.corpus_total_words,
        epochs=a.epochs,
    )
    train_seconds = time.perf_counter() - t
    train_cpu_seconds = time.process_time() - cpu

    t = time.perf_counter()
    model.wv.save_word2vec_format(a.out, binary=not a.text)
    save_seconds = time.perf_counter() - t

    corpus_tokens = int(model.corpus_total_words)
    print(
        json.dumps(
            {
                "tool": "gensim",
                "version": gensim.__version__,
                "architecture": "skip-gram" if a.sg else "cbow",
                "vocabSize": len(model.wv),
                "corpusTokens": corpus_tokens,
                "epochs": a.epochs,
                # gensim's own counts: words kept after subsampling ("effective")
                # and raw words it walked over, summed over epochs.
                "wordsTrained": int(trained),
                "rawWordsTrained": int(raw),
                "vocabSeconds": vocab_seconds,
                "trainSeconds": train_seconds,
                "trainCpuSeconds": train_cpu_seconds,
                "saveSeconds": save_seconds,
                "totalSeconds": time.perf_counter() - T0,
                "trainWordsPerSecond": corpus_tokens * a.epochs / train_seconds,
                "out": os.path.abspath(a.out),
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
