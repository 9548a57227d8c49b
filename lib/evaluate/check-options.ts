/**
 * The option checks of the evaluators: a plain options object with known
 * names only, positive integers and booleans, each mistake reported with
 * lib/errors.ts's wording.
 */
import { invalidOptionError } from '../errors';

/** Throws unless `options` is a plain object whose names are all in `known`. */
export function checkOptionNames(options: object, known: readonly string[]): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw invalidOptionError('options', 'plain object', options, 'type');
  }
  // A misspelt name (restrict_vocab) would otherwise be silently ignored.
  const unknown = Object.keys(options).filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new TypeError(
      `Unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `'${n}'`).join(', ')}; ` +
        `valid options are: ${known.join(', ')}`,
    );
  }
}

/** `value` checked to be an integer >= 1, or `fallback` when undefined. */
export function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') throw invalidOptionError(name, 'integer >= 1', value, 'type');
  if (!Number.isInteger(value) || value < 1) throw invalidOptionError(name, 'integer >= 1', value);
  return value;
}

/** `value` checked to be a finite number >= 0, or `fallback` when undefined. */
export function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') throw invalidOptionError(name, 'finite number >= 0', value, 'type');
  if (!Number.isFinite(value) || value < 0) throw invalidOptionError(name, 'finite number >= 0', value);
  return value;
}

/** `value` checked to be a boolean, or `fallback` when undefined. */
export function bool(name: string, value: boolean | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw invalidOptionError(name, 'boolean', value, 'type');
  return value;
}
