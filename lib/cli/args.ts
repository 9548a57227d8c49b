/**
 * A small command-line parser for the hogvec command: GNU-style long flags
 * (`--dim 100`, `--dim=100`, `--no-cbow-mean`), short and single-dash
 * spellings declared as aliases (`-o`, and the C tool's `-size 100`), `--`
 * to end the flags, and `-` as an ordinary argument (standard input).
 * Every mistake is a UsageError: one line that names the flag.
 */
import { invalidOptionError } from '../errors';
import { closestName } from '../suggest';

/** A mistake in how the command was called: main prints its message and the usage, and exits with 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * What a flag takes: a string, an integer, a number, nothing (a boolean,
 * negated by `--no-NAME`), or a list (repeatable; `variadic` lists also take
 * the following arguments up to the next flag).
 */
export type FlagKind = 'string' | 'integer' | 'number' | 'boolean' | 'list';

/** The declaration of one flag. */
export interface FlagSpec {
  kind: FlagKind;
  /** Other spellings, dashes included: ['-o'], ['-size']. */
  aliases?: readonly string[];
  /** The values allowed (string flags), or the integers allowed (integer flags). */
  choices?: readonly (string | number)[];
  /** List flags: take every following argument up to the next flag. */
  variadic?: boolean;
}

/** Flags by canonical name (the long spelling without its dashes: 'min-count'). */
export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

type Value = string | number | boolean | string[];

/** The parsed command line: positional arguments and typed flag values. */
export class ParsedArgs {
  readonly #values = new Map<string, Value>();
  readonly #spellings = new Map<string, string>();

  /** @internal built by parseArgs. */
  constructor(readonly positionals: readonly string[]) {}

  /** @internal */
  set(name: string, value: Value, spelling: string): void {
    this.#values.set(name, value);
    this.#spellings.set(name, spelling);
  }

  /** Whether the flag was given. */
  has(name: string): boolean {
    return this.#values.has(name);
  }

  /** How the user spelled the flag (e.g. '-size' for 'dim'), or '--name' when absent. */
  spelling(name: string): string {
    return this.#spellings.get(name) ?? `--${name}`;
  }

  /** A string flag's value. */
  string(name: string): string | undefined {
    return this.#typed(name, 'string');
  }

  /** An integer or number flag's value. */
  number(name: string): number | undefined {
    return this.#typed(name, 'number');
  }

  /** A boolean flag's value (undefined when absent). */
  boolean(name: string): boolean | undefined {
    return this.#typed(name, 'boolean');
  }

  /** A list flag's values ([] when absent). */
  list(name: string): string[] {
    const v = this.#values.get(name);
    return Array.isArray(v) ? v : [];
  }

  #typed<T extends 'string' | 'number' | 'boolean'>(
    name: string,
    type: T,
  ): (T extends 'string' ? string : T extends 'number' ? number : boolean) | undefined {
    const v = this.#values.get(name);
    // The spec fixes each flag's type; a mismatch is a bug in a command, not a user mistake.
    if (v !== undefined && typeof v !== type) throw new Error(`hogvec: flag --${name} is not a ${type} flag`);
    return v as never;
  }
}

/**
 * Parses `argv` (the arguments after the command's name) against `specs`.
 * A repeated flag keeps its last value (lists collect every value).
 * Throws a UsageError for an unknown flag, a missing or malformed value.
 */
export function parseArgs(argv: readonly string[], specs: FlagSpecs): ParsedArgs {
  const bySpelling = new Map<string, string>();
  for (const [name, spec] of Object.entries(specs)) {
    bySpelling.set(`--${name}`, name);
    for (const alias of spec.aliases ?? []) bySpelling.set(alias, name);
  }
  const positionals: string[] = [];
  const found: { name: string; spelling: string; value: Value }[] = [];
  const lists = new Map<string, string[]>();

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-' || !arg.startsWith('-') || isNegativeNumber(arg)) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const spelling = eq > 0 ? arg.slice(0, eq) : arg;
    let inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    let name = bySpelling.get(spelling);
    let negated = false;
    if (name === undefined && spelling.startsWith('--no-')) {
      const base = bySpelling.get(`--${spelling.slice(5)}`);
      if (base !== undefined && specs[base].kind === 'boolean') [name, negated] = [base, true];
    }
    if (name === undefined) throw new UsageError(unknownFlagMessage(spelling, [...bySpelling.keys()]));
    const spec = specs[name];

    if (spec.kind === 'boolean') {
      if (inline !== undefined) {
        if (negated || !['true', 'false'].includes(inline)) {
          throw new UsageError(`${spelling} takes no value (received '${inline}')`);
        }
        found.push({ name, spelling, value: inline === 'true' });
      } else {
        found.push({ name, spelling, value: !negated });
      }
      continue;
    }
    if (inline === undefined) {
      if (i + 1 >= argv.length) throw new UsageError(`${spelling} needs a value`);
      inline = argv[++i];
    }
    if (spec.kind === 'list') {
      const values = lists.get(name) ?? [];
      values.push(inline);
      // A variadic list also takes the arguments after it, up to the next flag.
      while (spec.variadic && i + 1 < argv.length && !looksLikeFlag(argv[i + 1])) values.push(argv[++i]);
      lists.set(name, values);
      found.push({ name, spelling, value: values });
      continue;
    }
    found.push({ name, spelling, value: convert(spelling, spec, inline) });
  }

  const parsed = new ParsedArgs(positionals);
  for (const { name, spelling, value } of found) parsed.set(name, value, spelling);
  return parsed;
}

/** A flag's value checked to be at least 1 (undefined stays undefined); `spelling` names the flag. */
export function positive(value: number | undefined, spelling: string): number | undefined {
  if (value !== undefined && value < 1) throw new UsageError(`${spelling} must be at least 1 (received ${value})`);
  return value;
}

function convert(spelling: string, spec: FlagSpec, text: string): string | number {
  const choices = spec.choices;
  if (spec.kind === 'string') {
    if (choices && !choices.includes(text)) throw usage(spelling, oneOf(choices), text);
    return text;
  }
  const value = /^\s*$/.test(text) ? Number.NaN : Number(text);
  if (spec.kind === 'integer') {
    if (!Number.isSafeInteger(value)) throw usage(spelling, choices ? oneOf(choices) : 'integer', text);
    if (choices && !choices.includes(value)) throw usage(spelling, oneOf(choices), text);
    return value;
  }
  if (!Number.isFinite(value)) throw usage(spelling, 'number', text);
  return value;
}

// Reuses the library's wording: "Expected integer for --dim but received 'abc' of type string".
function usage(spelling: string, expected: string, text: string): UsageError {
  return new UsageError(invalidOptionError(spelling, expected, text).message);
}

function oneOf(choices: readonly (string | number)[]): string {
  return `one of ${choices.map((c) => (typeof c === 'string' ? `'${c}'` : String(c))).join(', ')}`;
}

function isNegativeNumber(arg: string): boolean {
  return /^-\d/.test(arg) && Number.isFinite(Number(arg));
}

function looksLikeFlag(arg: string): boolean {
  return arg.startsWith('-') && arg !== '-' && !isNegativeNumber(arg);
}

function unknownFlagMessage(spelling: string, known: readonly string[]): string {
  const guess = closest(spelling, known);
  return `unknown flag '${spelling}'${guess ? ` (did you mean '${guess}'?)` : ''}`;
}

/** The known word nearest to `word` by edit distance, when it is close enough to be a typo. */
export function closest(word: string, known: readonly string[]): string | undefined {
  // Long spellings first, so that a tie suggests '--window' rather than '-window'.
  const ordered = [...known.filter((k) => k.startsWith('--')), ...known.filter((k) => !k.startsWith('--'))];
  return closestName(word, ordered, (s) => s.replace(/^-+/, '').toLowerCase());
}
