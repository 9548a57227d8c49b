/**
 * How every public function checks its options object (modelled on sharp's
 * lib/is.js): a rule per option gives its type and range, unknown names are
 * rejected with the nearest valid one, and each mistake gets the error of
 * lib/errors.ts: a TypeError for a wrong type, a RangeError for a value out
 * of range, both worded `Expected ${expected} for ${name} but received ...`.
 */
import * as path from 'node:path';

import { invalidOptionError } from './errors';
import { closestName } from './suggest';

/** The kind of value a rule accepts (the command line derives its flag types from it). */
export type RuleKind = 'integer' | 'number' | 'string' | 'boolean' | 'other';

/** The rule of one option: what it accepts, and the check that enforces it. */
export interface Rule<T> {
  readonly kind: RuleKind;
  /** What a valid value is, as errors and help say it: 'integer between 1 and 10000'. */
  readonly expected: string;
  /** The values allowed, for a rule made by oneOf. */
  readonly choices?: readonly string[];
  /** The range, for a rule made by integer or finite. */
  readonly bounds?: Readonly<NumberBounds>;
  /**
   * Returns the value as the caller uses it, or throws a TypeError (wrong
   * type) or RangeError (out of range) naming the option. Never called with
   * undefined: an absent option means its default.
   */
  check(name: string, value: unknown): T;
}

/** A rule per option name. */
export type Rules = { readonly [name: string]: Rule<unknown> };

/** The options after checkOptions: each as its rule returns it, or undefined when absent. */
export type Checked<R extends Rules> = { -readonly [K in keyof R]: R[K] extends Rule<infer T> ? T | undefined : never };

/** An integer from min to max (both included); `integer >= min` when max is left out. */
export function integer(min: number, max: number = Number.MAX_SAFE_INTEGER): Rule<number> {
  const expected = max === Number.MAX_SAFE_INTEGER ? `integer >= ${min}` : `integer between ${min} and ${max}`;
  return {
    kind: 'integer',
    expected,
    bounds: { min, max },
    check(name, value) {
      if (typeof value !== 'number') throw invalidOptionError(name, expected, value, 'type');
      // NaN and 1.5 have the right type but no valid value: a RangeError, as in Node.
      if (!Number.isInteger(value) || value < min || value > max)
        throw invalidOptionError(name, expected, value, 'range');
      return value;
    },
  };
}

/** Bounds of a finite number; a bound left out is open-ended. */
export interface NumberBounds {
  min?: number;
  max?: number;
  /** The minimum itself is not allowed (x > min). */
  minExclusive?: boolean;
  /** The maximum itself is not allowed (x < max). */
  maxExclusive?: boolean;
}

/** A finite number within `bounds`. */
export function finite(bounds: NumberBounds = {}): Rule<number> {
  const { min, max, minExclusive = false, maxExclusive = false } = bounds;
  const expected = describeBounds(bounds);
  return {
    kind: 'number',
    expected,
    bounds: { min, max, minExclusive, maxExclusive },
    check(name, value) {
      if (typeof value !== 'number') throw invalidOptionError(name, expected, value, 'type');
      const aboveMin = min === undefined || (minExclusive ? value > min : value >= min);
      const belowMax = max === undefined || (maxExclusive ? value < max : value <= max);
      if (!Number.isFinite(value) || !aboveMin || !belowMax) throw invalidOptionError(name, expected, value, 'range');
      return value;
    },
  };
}

function describeBounds({ min, max, minExclusive, maxExclusive }: NumberBounds): string {
  if (min !== undefined && max !== undefined && !minExclusive && !maxExclusive) {
    return `finite number between ${min} and ${max}`;
  }
  const parts: string[] = [];
  if (min !== undefined) parts.push(`${minExclusive ? '>' : '>='} ${min}`);
  if (max !== undefined) parts.push(`${maxExclusive ? '<' : '<='} ${max}`);
  return ['finite number', parts.join(' and ')].filter(Boolean).join(' ');
}

/** One of the given strings. */
export function oneOf<const T extends string>(choices: readonly T[]): Rule<T> {
  const expected = `one of ${choices.map((c) => `'${c}'`).join(', ')}`;
  return {
    kind: 'string',
    expected,
    choices,
    check(name, value) {
      if (typeof value !== 'string') throw invalidOptionError(name, expected, value, 'type');
      if (!(choices as readonly string[]).includes(value)) throw invalidOptionError(name, expected, value, 'range');
      return value as T;
    },
  };
}

/** true or false. */
export function boolean(): Rule<boolean> {
  return {
    kind: 'boolean',
    expected: 'boolean',
    check(name, value) {
      if (typeof value !== 'boolean') throw invalidOptionError(name, 'boolean', value, 'type');
      return value;
    },
  };
}

/** Any string. */
export function string(): Rule<string> {
  return {
    kind: 'string',
    expected: 'string',
    check(name, value) {
      if (typeof value !== 'string') throw invalidOptionError(name, 'string', value, 'type');
      return value;
    },
  };
}

/** A file path: a non-empty string without NUL, returned absolute. */
export function filePath(): Rule<string> {
  return { kind: 'string', expected: FILE_PATH, check: filePathArgument };
}

const FILE_PATH = 'non-empty string (a file path)';

/** A file path argument checked and made absolute (`name` is its name in errors). */
export function filePathArgument(name: string, value: unknown): string {
  if (typeof value !== 'string') throw invalidOptionError(name, FILE_PATH, value, 'type');
  if (value === '' || value.includes('\0')) throw invalidOptionError(name, FILE_PATH, value, 'range');
  return path.resolve(value);
}

/** A rule with its own check, for values no other rule describes (a corpus, an AbortSignal). */
export function custom<T>(expected: string, check: (name: string, value: unknown) => T): Rule<T> {
  return { kind: 'other', expected, check };
}

/** Whether `value` is a plain object ({} or Object.create(null)), as options objects are. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** How checkOptions words an unknown name. */
export interface UnknownNames {
  /** What the object holds, for the message: 'option' (the default), 'tolerance'. */
  what?: string;
  /** Put before each name in errors: 'tolerances.' for an object inside the options. */
  prefix?: string;
  /** Names users bring from other tools, keyed lower-case without '-' and '_', and the option each means. */
  aliases?: Readonly<Record<string, string>>;
  /**
   * Overrides the error for a name that is not unknown in general but not
   * allowed here (an option of the model when training continues): the
   * error's first clause, or undefined for the usual one.
   */
  explain?: (name: string) => string | undefined;
}

/**
 * Checks an options object against `rules`: a TypeError unless it is a plain
 * object (give optional options a default of {}), a TypeError for an unknown name with the
 * valid name nearest to it, then each present option by its rule. Returns the
 * checked values; absent options stay undefined.
 */
export function checkOptions<R extends Rules>(options: unknown, rules: R, unknown: UnknownNames = {}): Checked<R> {
  const prefix = unknown.prefix ?? '';
  if (!isPlainObject(options)) {
    throw invalidOptionError(prefix === '' ? 'options' : prefix.replace(/\.$/, ''), 'plain object', options, 'type');
  }
  rejectUnknownNames(options, Object.keys(rules), unknown);
  const checked: Record<string, unknown> = {};
  for (const [name, rule] of Object.entries(rules)) {
    const value = options[name];
    checked[name] = value === undefined ? undefined : rule.check(`${prefix}${name}`, value);
  }
  return checked as Checked<R>;
}

/**
 * Throws a TypeError for the names of `options` that are not in `valid`:
 * `Unknown option 'topn' (did you mean 'topK'?); valid options are: topK, restrictVocab`.
 */
export function rejectUnknownNames(
  options: Record<string, unknown>,
  valid: readonly string[],
  { aliases = {}, explain, what = 'option' }: UnknownNames = {},
): void {
  const unknown = Object.keys(options).filter((name) => !valid.includes(name));
  if (unknown.length === 0) return;
  const list = `valid ${what}s are: ${valid.join(', ')}`;
  const explained = explain?.(unknown[0]);
  if (explained !== undefined) throw new TypeError(`${explained}; ${list}`);
  const norm = (s: string): string => s.toLowerCase().replace(/[-_]/g, '');
  const described = unknown.map((name) => {
    const alias = Object.hasOwn(aliases, norm(name)) ? aliases[norm(name)] : undefined;
    const guess = alias !== undefined && valid.includes(alias) ? alias : closestName(name, valid, norm);
    return guess ? `'${name}' (did you mean '${guess}'?)` : `'${name}'`;
  });
  throw new TypeError(`Unknown ${what}${unknown.length > 1 ? 's' : ''} ${described.join(', ')}; ${list}`);
}
