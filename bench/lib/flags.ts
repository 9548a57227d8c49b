/**
 * The bench scripts' flags: typed `--name value` flags with a help line and a
 * default each, parsed by the hogvec command's own parser (lib/cli/args), so
 * that the repository has one command-line parser and one set of rules
 * (`--name=value`, `--no-flag`, a suggestion for a misspelt flag).
 */
import { type FlagSpecs, type ParsedArgs, parseArgs, UsageError } from '../../lib/cli/args';

/** 'repeated': a string flag that may be given many times (its values in order). */
export type FlagKind = 'string' | 'number' | 'boolean' | 'repeated';

export interface FlagDef {
  kind: FlagKind;
  help: string;
  default?: string | number | boolean;
}

export type FlagDefs = Record<string, FlagDef>;

/** Parsed flags; unknown flags and malformed numbers are rejected at parse time. */
export class Flags {
  private constructor(
    private readonly defs: FlagDefs,
    private readonly parsed: ParsedArgs,
  ) {}

  /** Parses argv (without node and script); prints usage and exits on --help, or on a mistake (status 2). */
  static parse(argv: readonly string[], defs: FlagDefs, usage: string): Flags {
    if (argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(Flags.usage(defs, usage));
      process.exit(0);
    }
    const specs: FlagSpecs = Object.fromEntries(
      Object.entries(defs).map(([name, def]) => [name, { kind: def.kind === 'repeated' ? 'list' : def.kind }]),
    );
    let parsed: ParsedArgs;
    try {
      parsed = parseArgs(argv, specs);
    } catch (err) {
      if (err instanceof UsageError) fail(err.message, defs, usage);
      throw err;
    }
    if (parsed.positionals.length > 0) fail(`unexpected argument '${parsed.positionals[0]}'`, defs, usage);
    return new Flags(defs, parsed);
  }

  /** The usage text: `usage`, then one line per flag with its help and default. */
  static usage(defs: FlagDefs, usage: string): string {
    const lines = [usage, '', 'Flags:'];
    for (const [name, def] of Object.entries(defs)) {
      const dflt = def.default === undefined ? '' : ` (default ${String(def.default)})`;
      const value = def.kind === 'boolean' ? '' : def.kind === 'repeated' ? ' <string> (repeatable)' : ` <${def.kind}>`;
      lines.push(`  --${name}${value}  ${def.help}${dflt}`);
    }
    return `${lines.join('\n')}\n`;
  }

  /** Whether the flag was given on the command line. */
  has(name: string): boolean {
    return this.parsed.has(name);
  }

  /** A string flag's value, else its default. */
  string(name: string): string | undefined {
    this.check(name, 'string');
    const v = this.parsed.string(name) ?? this.defs[name].default;
    return v === undefined ? undefined : String(v);
  }

  /** A number flag's value, else its default. */
  number(name: string): number | undefined {
    this.check(name, 'number');
    const v = this.parsed.number(name) ?? this.defs[name].default;
    return v === undefined ? undefined : Number(v);
  }

  /** A boolean flag's value, else its default, else false. */
  bool(name: string): boolean {
    this.check(name, 'boolean');
    return Boolean(this.parsed.boolean(name) ?? this.defs[name].default ?? false);
  }

  /** Every value of a repeatable flag, in the order given ([] when absent). */
  repeated(name: string): string[] {
    this.check(name, 'repeated');
    return this.parsed.list(name);
  }

  /** A comma-separated string flag as a list. */
  list(name: string): string[] {
    const v = this.string(name);
    return v === undefined
      ? []
      : v
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s.length > 0);
  }

  private check(name: string, kind: FlagKind): void {
    const def = this.defs[name];
    if (!def || def.kind !== kind) throw new Error(`internal: flag --${name} is not declared as ${kind}`);
  }
}

function fail(message: string, defs: FlagDefs, usage: string): never {
  process.stderr.write(`error: ${message}\n\n${Flags.usage(defs, usage)}`);
  process.exit(2);
}
