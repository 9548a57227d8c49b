/**
 * Analogy evaluation ("a is to b as c is to d" questions in the Google
 * questions-words.txt format), computed as gensim 4.2's
 * KeyedVectors.evaluate_word_analogies and the C tool's compute-accuracy
 * compute it. The answers come from the native search (binding/core/search.h),
 * the engine behind mostSimilar and analogy, with its tie rule: an exact tie
 * goes to the more frequent word.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

import { native } from '../native';
import type { AnalogyMethod, WordVectors } from '../vectors';
import { boolean, checkOptions, finite, integer, oneOf } from '../validate';
import { pythonSplit, pythonStrip, readEvaluationFile, splitLines } from './python-text';
import { restrictedVocabulary } from './restricted-vocabulary';

/** Options of evaluateAnalogies. */
export interface EvaluateAnalogiesOptions {
  /**
   * Use only the first N words (the most frequent ones): a question with a
   * word outside them is skipped, and answers are searched among them
   * (default 30000, as the C tool's compute-accuracy).
   */
  restrictVocab?: number;
  /**
   * Compare words in upper case (default true). When several words of the
   * restricted vocabulary have the same upper case, the first (most
   * frequent) one's vector stands for them all.
   */
  caseInsensitive?: boolean;
  /**
   * '3CosAdd' (default): the answer maximises cos(x, b) + cos(x, c) - cos(x, a),
   * gensim's most_similar(positive=[b, c], negative=[a]). '3CosMul': it
   * maximises gensim's most_similar_cosmul objective
   * ((1 + cos(x, b)) / 2) ((1 + cos(x, c)) / 2) / ((1 + cos(x, a)) / 2 + epsilon).
   */
  method?: AnalogyMethod;
  /**
   * 3CosMul's epsilon, added to the denominator so that it never vanishes
   * (default 1e-6, as gensim's most_similar_cosmul; Levy & Goldberg 2014
   * used 0.001). '3CosAdd' has no use for it.
   */
  epsilon?: number;
}

/** The results of one section (': name' header) of an analogy file. */
export interface AnalogySection {
  /** The header's text after ': '. */
  name: string;
  /** Questions answered correctly. */
  correct: number;
  /** Questions whose four words are all in the restricted vocabulary. */
  evaluated: number;
  /** Questions with a word outside the restricted vocabulary. */
  skipped: number;
  /** correct / evaluated, or 0 when nothing was evaluated (as gensim). */
  accuracy: number;
}

/**
 * The result of evaluateAnalogies. The overall numbers are gensim's 'Total
 * accuracy' section, which `sections` does not repeat.
 */
export interface AnalogyEvaluation {
  /** correct / evaluated, or 0 when nothing was evaluated. */
  accuracy: number;
  correct: number;
  /** Questions covered by the restricted vocabulary. */
  evaluated: number;
  /** Questions with a word outside the restricted vocabulary. */
  skipped: number;
  /** Every well-formed question (4 words) in the file: evaluated + skipped. */
  total: number;
  /** One entry per section, in file order. */
  sections: AnalogySection[];
}

const DEFAULT_RESTRICT = 30000;
/** gensim's most_similar_cosmul: 1e-6 in the denominator. */
const DEFAULT_EPSILON = 1e-6;
/** gensim takes the top 5 answers of most_similar and keeps the first that is not a question word. */
const TOP_ANSWERS = 5;
/**
 * Questions searched in one native pass (synchronous): the block bounds how
 * long the event loop waits; between passes other work runs.
 */
const QUESTION_BLOCK = 1024;

/** A question whose four words are in the restricted vocabulary, as rows. */
interface Question {
  a: number;
  b: number;
  c: number;
  expected: string;
  /** The question words as compared with the answers (gensim's `ignore`). */
  ignore: readonly [string, string, string];
  section: number;
}

const OPTION_RULES = {
  restrictVocab: integer(1),
  caseInsensitive: boolean(),
  method: oneOf(['3CosAdd', '3CosMul']),
  epsilon: finite({ min: 0 }),
};
// gensim's name, which edit distance alone would not map.
const GENSIM_NAMES = { case_insensitive: 'caseInsensitive' };

/**
 * Evaluates word vectors on an analogy file (the Google questions-words.txt
 * format: ': section' header lines, then lines `a b c expected`), exactly as
 * gensim 4.2's KeyedVectors.evaluate_word_analogies: the first
 * `restrictVocab` words form the vocabulary; a question with a word outside
 * it is skipped; the answer is the first of the 5 best words (the question
 * words' rows excluded) that is not one of the three question words, and it
 * is compared with the expected word in upper case unless `caseInsensitive`
 * is false. Lines that are not 4 words are ignored, as gensim ignores them.
 * Exact ties between scores go to the more frequent word.
 *
 * Unlike gensim, whose most_similar_cosmul ignores restrict_vocab, '3CosMul'
 * searches only the restricted vocabulary, as '3CosAdd' does.
 */
export async function evaluateAnalogies(
  wv: WordVectors,
  file: string,
  options: EvaluateAnalogiesOptions = {},
): Promise<AnalogyEvaluation> {
  const {
    restrictVocab = DEFAULT_RESTRICT,
    caseInsensitive = true,
    method = '3CosAdd',
    epsilon = DEFAULT_EPSILON,
  } = checkOptions(options, OPTION_RULES, { aliases: GENSIM_NAMES });
  const text = await readEvaluationFile(file, 'analogy');
  const parsed = parseAnalogies(text, file, caseInsensitive);

  const limit = Math.min(restrictVocab, wv.words.length);
  const { keys, rows: vocab } = restrictedVocabulary(wv, limit, caseInsensitive);
  const sections: AnalogySection[] = parsed.map((s) => ({
    name: s.name,
    correct: 0,
    evaluated: 0,
    skipped: 0,
    accuracy: 0,
  }));
  const questions: Question[] = [];
  parsed.forEach((section, si) => {
    for (const [a, b, c, expected] of section.questions) {
      const ia = vocab.get(a);
      const ib = vocab.get(b);
      const ic = vocab.get(c);
      if (ia === undefined || ib === undefined || ic === undefined || !vocab.has(expected)) {
        sections[si].skipped++;
        continue;
      }
      questions.push({ a: ia, b: ib, c: ic, expected, ignore: [a, b, c], section: si });
    }
  });

  if (questions.length > 0) {
    const unit = native().normalizeRows(wv.vectors.subarray(0, limit * wv.dim), wv.dim);
    for (let start = 0; start < questions.length; start += QUESTION_BLOCK) {
      // A large evaluation takes a second or more: let other work run between blocks.
      if (start > 0) await nextTurn();
      const block = questions.slice(start, start + QUESTION_BLOCK);
      const found = searchAnswers(unit, wv.dim, limit, block, method, epsilon);
      const stride = Math.min(TOP_ANSWERS, limit);
      block.forEach((q, n) => {
        // gensim's loop: the first answer that is not a question word; failing
        // that, the last answer looked at (or none).
        let predicted: string | undefined;
        for (let k = 0; k < found.counts[n]; k++) {
          predicted = keys[found.indices[n * stride + k]];
          if (!q.ignore.includes(predicted)) break;
        }
        const section = sections[q.section];
        section.evaluated++;
        if (predicted === q.expected) section.correct++;
      });
    }
  }

  let correct = 0;
  let evaluated = 0;
  let skipped = 0;
  for (const s of sections) {
    s.accuracy = s.evaluated === 0 ? 0 : s.correct / s.evaluated;
    correct += s.correct;
    evaluated += s.evaluated;
    skipped += s.skipped;
  }
  return {
    accuracy: evaluated === 0 ? 0 : correct / evaluated,
    correct,
    evaluated,
    skipped,
    total: evaluated + skipped,
    sections,
  };
}

/**
 * The TOP_ANSWERS best rows below `limit` of each question, its own three
 * rows excluded, in one native pass. The questions share few words (about
 * 900 in the Google set), so each distinct word is one term vector and each
 * row meets each term once, whatever the number of questions.
 */
function searchAnswers(
  unit: Float32Array,
  dim: number,
  limit: number,
  questions: readonly Question[],
  method: AnalogyMethod,
  epsilon: number,
) {
  const termOf = new Map<number, number>();
  const term = (row: number): number => {
    let t = termOf.get(row);
    if (t === undefined) {
      t = termOf.size;
      termOf.set(row, t);
    }
    return t;
  };
  const a = Uint32Array.from(questions, (q) => term(q.a));
  const b = Uint32Array.from(questions, (q) => term(q.b));
  const c = Uint32Array.from(questions, (q) => term(q.c));
  const terms = new Float32Array(termOf.size * dim);
  for (const [row, t] of termOf) terms.set(unit.subarray(row * dim, (row + 1) * dim), t * dim);
  const exclude = questions.map((q) => Uint32Array.of(q.a, q.b, q.c));
  return native().topKAnalogyBatch(unit, dim, terms, a, b, c, method, epsilon, TOP_ANSWERS, limit, exclude);
}

/** The sections of an analogy file, each with its questions' four words. */
interface AnalogySectionText {
  name: string;
  questions: [string, string, string, string][];
}

function parseAnalogies(text: string, file: string, caseInsensitive: boolean): AnalogySectionText[] {
  const sections: AnalogySectionText[] = [];
  let questions = 0;
  // gensim reads the file in binary mode: lines end at '\n' only.
  splitLines(text).forEach((line, n) => {
    if (line.startsWith(': ')) {
      sections.push({ name: pythonStrip(line.replace(/^[: ]+/, '')), questions: [] });
      return;
    }
    if (sections.length === 0) {
      throw new Error(`Missing section header (': name') before line ${n + 1} of the analogy file '${file}'`);
    }
    const words = pythonSplit(line);
    if (words.length !== 4) return; // gensim skips such lines (a blank line splits into [''])
    const [a, b, c, d] = caseInsensitive ? words.map((w) => w.toUpperCase()) : words;
    sections[sections.length - 1].questions.push([a, b, c, d]);
    questions++;
  });
  if (questions === 0) {
    throw new Error(
      `No analogy questions in the analogy file '${file}': ` +
        "expected ': section' header lines, each followed by lines of 4 words",
    );
  }
  return sections;
}
