/**
 * The explorer's JSON API: each request's parameters are checked, the
 * query runs in the native search (WordVectors.mostSimilar / analogy), and
 * only its answer goes back: neighbours or analogy answers with their
 * scores, and the 2-D PCA map of the words involved (projectWords).
 *
 *   GET /api/model                          { name, words, dim, examples }
 *   GET /api/complete?prefix=ki[&limit=10]  { prefix, words }
 *   GET /api/neighbours?word=king[&top=10]  { word, neighbours, points }
 *   GET /api/analogy?a=man&b=king&c=woman[&method=3CosAdd|3CosMul][&top=10]
 *                                           { a, b, c, method, answers, points }
 *   GET /api/map?words=a,b,c                { words, points }
 *
 * A mistake in the parameters is a 400 and an unknown word a 404, each with
 * { error } (and { unknown, suggestions } for unknown words) that the page
 * shows as it is.
 */
import { projectWords } from '../plot';
import type { AnalogyMethod, SimilarWord, WordVectors } from '../vectors';
import { PrefixIndex } from './prefix-index';

/** The longest word a query may hold, in UTF-16 code units. */
export const MAX_WORD_LENGTH = 200;
/** The most neighbours or analogy answers one query may ask for. */
export const MAX_TOP = 100;
/** The most completions one query may ask for. */
export const MAX_COMPLETIONS = 50;
/** The most words suggested for an unknown word. */
export const MAX_SUGGESTIONS = 5;
/** The most words one map may hold. */
export const MAX_MAP_WORDS = 200;

/** A point of a map: a word, its place, and what it is in the query. */
export interface MapPoint {
  word: string;
  x: number;
  y: number;
  /** 'query': a word the user asked about; 'answer': a neighbour or an analogy answer. */
  role: 'query' | 'answer';
}

/** An answer of the API: an HTTP status and a JSON body. */
export interface ApiResponse {
  status: number;
  body: Record<string, unknown>;
}

/** A request the API refuses: a 400 for bad parameters, a 404 for unknown words. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  /** `status` is the HTTP status; `extra` goes into the JSON body beside `error`. */
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The explorer's queries over one set of word vectors. */
export class ExploreApi {
  readonly #wv: WordVectors;
  readonly #name: string;
  readonly #prefixes: PrefixIndex;

  /**
   * Sorts the vocabulary for completion and normalises the matrix (through
   * one query) now, so that the first request of the page is as quick as the
   * others. `name` is how the page names the model (a file name, no folder).
   */
  constructor(wv: WordVectors, name: string) {
    if (wv.size < 2) throw new Error(`The explorer needs at least two words; the vectors hold ${wv.size}`);
    this.#wv = wv;
    this.#name = name;
    this.#prefixes = new PrefixIndex(wv.words);
    wv.mostSimilar(wv.words[0], { topK: 1 });
  }

  /** Answers `GET path?query`, or undefined when `path` is not an API route. */
  handle(path: string, query: URLSearchParams): ApiResponse | undefined {
    const route = ROUTES.get(path);
    if (route === undefined) return undefined;
    try {
      const params = checkParams(query, route.params);
      return { status: 200, body: route.run(this, params) };
    } catch (err) {
      if (err instanceof ApiError) return { status: err.status, body: { error: err.message, ...err.extra } };
      throw err;
    }
  }

  /** The model's name, size and a few frequent words to try. */
  model(): Record<string, unknown> {
    return { name: this.#name, words: this.#wv.size, dim: this.#wv.dim, examples: this.#wv.words.slice(0, 8) };
  }

  /** Up to `limit` vocabulary words starting with `prefix`, the most frequent first. */
  complete(prefix: string, limit: number): Record<string, unknown> {
    return { prefix, words: this.#prefixes.complete(prefix, limit) };
  }

  /** The `top` nearest words to `word`, and the map of the word and them. */
  neighbours(word: string, top: number): Record<string, unknown> {
    this.#requireWords([word]);
    const neighbours = rounded(this.#wv.mostSimilar(word, { topK: top }));
    return {
      word,
      neighbours,
      points: this.#points(
        [word],
        neighbours.map((n) => n.word),
      ),
    };
  }

  /** "a is to b as c is to ?" by `method`, and the map of a, b, c and the answers. */
  analogy(a: string, b: string, c: string, method: AnalogyMethod, top: number): Record<string, unknown> {
    this.#requireWords([a, b, c]);
    const answers = rounded(this.#wv.analogy(a, b, c, { method, topK: top }));
    return {
      a,
      b,
      c,
      method,
      answers,
      points: this.#points(
        [a, b, c],
        answers.map((n) => n.word),
      ),
    };
  }

  /** The map of a list of words. */
  map(words: readonly string[]): Record<string, unknown> {
    this.#requireWords(words);
    return { words, points: this.#points(words, []) };
  }

  #points(queried: readonly string[], answers: readonly string[]): MapPoint[] {
    const words = [...new Set([...queried, ...answers])];
    const asked = new Set(queried);
    return projectWords(this.#wv, words).map((p) => ({
      word: p.word,
      x: round(p.x),
      y: round(p.y),
      role: asked.has(p.word) ? 'query' : 'answer',
    }));
  }

  // A 404 naming every unknown word, with words the user may have meant.
  #requireWords(words: readonly string[]): void {
    const unknown = [...new Set(words.filter((w) => !this.#wv.has(w)))];
    if (unknown.length === 0) return;
    const quoted = unknown.map((w) => `'${w}'`).join(', ');
    const message = unknown.length === 1 ? `${quoted} is not in the vocabulary` : `${quoted} are not in the vocabulary`;
    throw new ApiError(404, message, { unknown, suggestions: this.#suggestions(unknown[0]) });
  }

  // Other cases of the word, then the most frequent words that share its
  // longest known prefix (at least half of it), as written and in lower case.
  #suggestions(word: string): string[] {
    const found = new Set<string>();
    const lower = word.toLowerCase();
    for (const variant of [lower, word.toUpperCase(), word.charAt(0).toUpperCase() + lower.slice(1)]) {
      if (variant !== word && this.#wv.has(variant)) found.add(variant);
    }
    for (const form of new Set([word, lower])) {
      for (
        let length = Math.min(form.length - 1, MAX_WORD_LENGTH);
        length >= Math.max(1, Math.ceil(form.length / 2));
        length--
      ) {
        const prefix = form.slice(0, length);
        if (!this.#prefixes.hasPrefix(prefix)) continue;
        for (const w of this.#prefixes.complete(prefix, MAX_SUGGESTIONS)) found.add(w);
        break;
      }
    }
    return [...found].slice(0, MAX_SUGGESTIONS);
  }
}

// ------------------------------------------------------------- parameters

type ParamKind = 'word' | 'prefix' | 'top' | 'limit' | 'method' | 'words';

interface ParamSpec {
  kind: ParamKind;
  required: boolean;
}

type Params = Record<string, string | number | string[]>;

interface Route {
  params: Readonly<Record<string, ParamSpec>>;
  run(api: ExploreApi, params: Params): Record<string, unknown>;
}

const required = (kind: ParamKind): ParamSpec => ({ kind, required: true });
const optional = (kind: ParamKind): ParamSpec => ({ kind, required: false });

// A Map, so that no path ('/__proto__', '/constructor') can reach an inherited property.
const ROUTES: ReadonlyMap<string, Route> = new Map<string, Route>(
  Object.entries<Route>({
    '/api/model': { params: {}, run: (api) => api.model() },
    '/api/complete': {
      params: { prefix: required('prefix'), limit: optional('limit') },
      run: (api, p) => api.complete(p.prefix as string, (p.limit as number | undefined) ?? 10),
    },
    '/api/neighbours': {
      params: { word: required('word'), top: optional('top') },
      run: (api, p) => api.neighbours(p.word as string, (p.top as number | undefined) ?? 10),
    },
    '/api/analogy': {
      params: {
        a: required('word'),
        b: required('word'),
        c: required('word'),
        method: optional('method'),
        top: optional('top'),
      },
      run: (api, p) =>
        api.analogy(
          p.a as string,
          p.b as string,
          p.c as string,
          (p.method as AnalogyMethod | undefined) ?? '3CosAdd',
          (p.top as number | undefined) ?? 10,
        ),
    },
    '/api/map': { params: { words: required('words') }, run: (api, p) => api.map(p.words as string[]) },
  }),
);

// Every parameter known, given once, and well formed; the required ones present.
function checkParams(query: URLSearchParams, specs: Readonly<Record<string, ParamSpec>>): Params {
  const names = Object.keys(specs);
  const known = new Set(names);
  const seen = new Set<string>();
  for (const name of query.keys()) {
    if (!known.has(name)) {
      const expected =
        names.length > 0 ? `; expected ${names.map((n) => `'${n}'`).join(', ')}` : '; this request takes none';
      throw new ApiError(400, `unknown parameter '${clip(name)}'${expected}`);
    }
    if (seen.has(name)) throw new ApiError(400, `parameter '${name}' is given more than once`);
    seen.add(name);
  }
  const params: Params = {};
  for (const [name, spec] of Object.entries(specs)) {
    const text = query.get(name);
    if (text === null) {
      if (spec.required) throw new ApiError(400, `parameter '${name}' is missing`);
      continue;
    }
    params[name] = parseParam(name, spec.kind, text);
  }
  return params;
}

function parseParam(name: string, kind: ParamKind, text: string): string | number | string[] {
  switch (kind) {
    case 'word':
      return checkWord(name, text);
    case 'prefix':
      if (text.length > MAX_WORD_LENGTH)
        throw new ApiError(400, `parameter '${name}' is longer than ${MAX_WORD_LENGTH} characters`);
      return text;
    case 'top':
      return integer(name, text, 1, MAX_TOP);
    case 'limit':
      return integer(name, text, 1, MAX_COMPLETIONS);
    case 'method':
      if (text !== '3CosAdd' && text !== '3CosMul')
        throw new ApiError(400, `parameter '${name}' must be 3CosAdd or 3CosMul, not '${clip(text)}'`);
      return text;
    case 'words': {
      const words = [
        ...new Set(
          text
            .split(',')
            .map((w) => w.trim())
            .filter((w) => w !== ''),
        ),
      ];
      if (words.length < 2)
        throw new ApiError(400, `parameter '${name}' needs at least two words, separated by commas`);
      if (words.length > MAX_MAP_WORDS)
        throw new ApiError(
          400,
          `parameter '${name}' holds ${words.length} words; a map takes at most ${MAX_MAP_WORDS}`,
        );
      words.forEach((w) => checkWord(name, w));
      return words;
    }
  }
}

function checkWord(name: string, text: string): string {
  if (text === '') throw new ApiError(400, `parameter '${name}' is empty`);
  if (text.length > MAX_WORD_LENGTH)
    throw new ApiError(400, `parameter '${name}' is longer than ${MAX_WORD_LENGTH} characters`);
  return text;
}

function integer(name: string, text: string, min: number, max: number): number {
  const value = /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw new ApiError(400, `parameter '${name}' must be an integer between ${min} and ${max}, not '${clip(text)}'`);
  }
  return value;
}

// Echoed input stays short in a message.
function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

function round(v: number): number {
  return Number(v.toFixed(6));
}

function rounded(found: readonly SimilarWord[]): SimilarWord[] {
  return found.map(({ word, similarity }) => ({ word, similarity: round(similarity) }));
}
