/**
 * Reading evaluation files as gensim reads them with Python: strict UTF-8
 * (a BOM kept as a character), lines split at '\n' only, and Python's
 * whitespace for str.split() / str.strip() and its float() syntax, so that
 * every line is kept or skipped exactly as gensim keeps or skips it.
 */
import { readFile } from 'node:fs/promises';

import { invalidOptionError } from '../errors';

// Python's str.split() / str.strip() whitespace.
const PY_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_SPLIT = new RegExp(`[${PY_SPACE}]+`);
const PY_STRIP = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, 'g');

/** Python's text.strip(). */
export function pythonStrip(text: string): string {
  return text.replace(PY_STRIP, '');
}

/** Python's text.split() (no separator): the words between runs of whitespace; a blank text gives ['']. */
export function pythonSplit(text: string): string[] {
  return pythonStrip(text).split(PY_SPLIT);
}

/** Lines without their '\n'; a final '\n' does not start another line. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const PY_DIGITS = '\\d(?:_?\\d)*';
const PY_FLOAT = new RegExp(
  `^[+-]?(?:(?:${PY_DIGITS}(?:\\.(?:${PY_DIGITS})?)?|\\.${PY_DIGITS})(?:[eE][+-]?${PY_DIGITS})?|inf|infinity|nan)$`,
  'i',
);

/** Python's float(text) for ASCII numbers (surrounding whitespace, '_' between digits, inf, nan), or undefined. */
export function parsePythonFloat(text: string): number | undefined {
  const s = pythonStrip(text);
  if (!PY_FLOAT.test(s)) return undefined;
  const body = s.replace(/_/g, '').toLowerCase();
  const sign = body.startsWith('-') ? -1 : 1;
  const unsigned = body.replace(/^[+-]/, '');
  if (unsigned === 'nan') return NaN;
  if (unsigned === 'inf' || unsigned === 'infinity') return sign * Infinity;
  return Number(body);
}

/**
 * The text of an evaluation file (`kind` names it in errors: 'analogy',
 * 'word-pair'). Throws an Error naming the file when it cannot be read, is
 * not valid UTF-8, or holds only whitespace.
 */
export async function readEvaluationFile(file: string, kind: string): Promise<string> {
  if (typeof file !== 'string' || file === '')
    throw invalidOptionError('file', `path of the ${kind} file`, file, 'type');
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (err as Error).message;
    throw new Error(`Cannot read the ${kind} file '${file}': ${reason}`, { cause: err });
  }
  let text: string;
  try {
    // Strict, and a BOM kept as a character, as Python's utf-8 codec reads it.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (err) {
    throw new Error(`The ${kind} file '${file}' is not valid UTF-8`, { cause: err });
  }
  if (pythonStrip(text) === '') throw new Error(`The ${kind} file '${file}' is empty`);
  return text;
}
