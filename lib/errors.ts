/**
 * The error helpers every hogvec module uses, so that a bad input reads the
 * same wherever it is caught (modelled on sharp's lib/is.js invalidParameterError).
 */
import { inspect } from 'node:util';

/** Longest rendering of a received value inside an error message. */
const MAX_REPR = 60;

function truncate(text: string): string {
  return text.length > MAX_REPR ? `${text.slice(0, MAX_REPR - 1)}…` : text;
}

/**
 * A short, one-line rendering of any value for an error message:
 * numbers and booleans as String(x), strings in single quotes, arrays and
 * objects compactly (never `[object Object]`), each cut to about 60 characters.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') {
    // JSON escapes control characters; then switch to single-quote escaping.
    const body = JSON.stringify(truncate(value)).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
    return `'${body}'`;
  }
  // util.inspect covers undefined, null, symbols, bigints, arrays, class instances.
  const text = inspect(value, {
    depth: 1,
    compact: true,
    breakLength: Infinity,
    maxArrayLength: 6,
    maxStringLength: 40,
  });
  return truncate(text.replace(/\s*\n\s*/g, ' '));
}

/**
 * Whether a bad option has the wrong type ('type' gives a TypeError) or the
 * right type but a value out of range or unknown ('range' gives a RangeError).
 */
export type InvalidKind = 'type' | 'range';

/**
 * The error for an option or argument that is not what was expected:
 * `Expected ${expected} for ${name} but received ${repr} of type ${typeof actual}`,
 * e.g. `Expected integer between 1 and 10000 for dim but received 0 of type number`.
 * Returns (does not throw) a TypeError for kind 'type', a RangeError for 'range'.
 */
export function invalidOptionError(
  name: string,
  expected: string,
  actual: unknown,
  kind: InvalidKind = 'range',
): TypeError | RangeError {
  const message = `Expected ${expected} for ${name} but received ${describeValue(actual)} of type ${typeof actual}`;
  return kind === 'type' ? new TypeError(message) : new RangeError(message);
}

/** The Error a training run rejects with when its AbortSignal fires. */
export type AbortError = Error & { readonly name: 'AbortError'; readonly code: 'ABORT_ERR' };

/**
 * An Error named 'AbortError' with code 'ABORT_ERR' (as Node's own aborts are)
 * and the message 'The training run was aborted', followed by the signal's
 * reason when that says something (an Error's message or a string). The
 * reason is kept as `cause`.
 */
export function abortError(reason?: unknown): AbortError {
  let detail = '';
  if (typeof reason === 'string' && reason !== '') {
    detail = `: ${reason}`;
  } else if (reason instanceof Error && reason.name !== 'AbortError' && reason.message !== '') {
    // AbortController.abort() with no argument gives a DOMException named
    // AbortError whose message would only repeat ours.
    detail = `: ${reason.message}`;
  }
  const error = new Error(
    `The training run was aborted${detail}`,
    reason === undefined ? undefined : { cause: reason },
  );
  Object.defineProperties(error, {
    name: { value: 'AbortError', enumerable: false, writable: true, configurable: true },
    code: { value: 'ABORT_ERR', enumerable: true, writable: true, configurable: true },
  });
  return error as AbortError;
}

/**
 * Awaits a native promise and, if it rejects, gives the Error the JS stack of
 * the call that started it (errors made on a native thread carry none).
 */
export async function withCallerStack<T>(pending: Promise<T>): Promise<T> {
  const site: { stack?: string } = {};
  Error.captureStackTrace(site, withCallerStack);
  try {
    return await pending;
  } catch (err) {
    if (err instanceof Error && site.stack?.includes('\n')) {
      err.stack = `${err.name}: ${err.message}${site.stack.slice(site.stack.indexOf('\n'))}`;
    }
    throw err;
  }
}
