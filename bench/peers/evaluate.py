#!/usr/bin/python3
"""Score a word2vec-format vectors file with gensim's own evaluators.

Every tool's vectors go through this one script, so the numbers share one
definition: evaluate_word_pairs (Spearman/Pearson of cosine similarity against
human scores, case-insensitive, pairs with an unknown word skipped and
reported as OOV %) on WordSim353 and SimLex-999, and evaluate_word_analogies
(3CosAdd, restricted to the most frequent --restrict-vocab words, question
words excluded from the answer) on the Google analogy set.

    /usr/bin/python3 bench/peers/evaluate.py VECTORS [--format auto|binary|text] [--data DIR]

Prints one JSON object.
"""
import argparse
import json
import logging
import os
import sys

try:
    from gensim.models import KeyedVectors
except ImportError:
    sys.stderr.write(
        "gensim is not importable by %s.\n"
        "Install Debian's build: apt-get update && apt-get install -y python3-gensim\n"
        "and run this script with /usr/bin/python3.\n" % sys.executable
    )
    sys.exit(3)

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TEXT_BYTES = set(b"0123456789.-+eE \t\r\nnaifNAIF")


def detect_binary(path):
    """True for word2vec binary: the bytes after the first word are raw floats.

    Extensions cannot decide it: fastText's .bin is its own model format and
    its .vec is text, while hogvec and gensim write binary .bin.
    """
    with open(path, "rb") as f:
        header = f.readline().split()
        if len(header) != 2:
            raise SystemExit("%s: expected a '<count> <dim>' header line" % path)
        dim = int(header[1])
        word = b""
        while True:
            c = f.read(1)
            if not c or c == b" ":
                break
            word += c
        body = f.read(4 * dim)
    return not all(b in TEXT_BYTES for b in body)


def count_questions(path):
    with open(path, encoding="utf8") as f:
        return sum(1 for line in f if line.strip() and not line.startswith(":"))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("vectors")
    p.add_argument("--format", choices=("auto", "binary", "text"), default="auto")
    p.add_argument(
        "--data",
        default=os.path.join(REPO_ROOT, "test", "fixtures", "gensim"),
        help="folder holding eval/ (default test/fixtures/gensim)",
    )
    p.add_argument("--restrict-vocab", type=int, default=30000, help="analogy vocabulary (most frequent words)")
    a = p.parse_args()
    logging.basicConfig(level=logging.ERROR)

    eval_dir = os.path.join(os.path.abspath(a.data), "eval")
    files = {
        "wordsim353": os.path.join(eval_dir, "wordsim353.tsv"),
        "simlex999": os.path.join(eval_dir, "simlex999.txt"),
        "analogy": os.path.join(eval_dir, "questions-words.txt"),
    }
    for name, f in files.items():
        if not os.path.isfile(f):
            raise SystemExit("missing %s evaluation file %s (pass --data DIR)" % (name, f))

    binary = detect_binary(a.vectors) if a.format == "auto" else a.format == "binary"
    kv = KeyedVectors.load_word2vec_format(a.vectors, binary=binary)
    result = {"vectors": os.path.abspath(a.vectors), "format": "binary" if binary else "text",
              "vocabSize": len(kv), "dim": kv.vector_size}

    for name in ("wordsim353", "simlex999"):
        pearson, spearman, oov = kv.evaluate_word_pairs(files[name], delimiter="\t", case_insensitive=True)
        result[name] = {"spearman": float(spearman[0]), "pearson": float(pearson[0]), "oovPercent": float(oov)}

    score, sections = kv.evaluate_word_analogies(
        files["analogy"], restrict_vocab=a.restrict_vocab, case_insensitive=True
    )
    total = next(s for s in sections if s["section"] == "Total accuracy")
    correct, incorrect = len(total["correct"]), len(total["incorrect"])
    result["analogy"] = {
        "accuracy": float(score),
        "correct": correct,
        "evaluated": correct + incorrect,
        "questions": count_questions(files["analogy"]),
        "restrictVocab": a.restrict_vocab,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
