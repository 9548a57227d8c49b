/**
 * A small `--name value` flag parser. The bench scripts need a handful of
 * typed flags and a usage message, not a dependency.
 */

export type FlagKind = 'string' | 'number' | 'boolean';

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
    private readonly values: Map<string, string | boolean>,
  ) {}

  /** Parses argv (without node and script); prints usage and exits on --help. */
  static parse(argv: readonly string[], defs: FlagDefs, usage: string): Flags {
    const values = new Map<string, string | boolean>();
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i];
      if (arg === '--help' || arg === '-h') {
        process.stdout.write(Flags.usage(defs, usage));
        process.exit(0);
      }
      if (!arg.startsWith('--')) fail(`unexpected argument ${JSON.stringify(arg)}`, defs, usage);
      let name = arg.slice(2);
      let value: string | undefined;
      const eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.slice(eq + 1);
        name = name.slice(0, eq);
      }
      const def = defs[name];
      if (!def) fail(`unknown flag --${name}`, defs, usage);
      if (def.kind === 'boolean') {
        values.set(name, value === undefined ? true : value !== 'false' && value !== '0');
        continue;
      }
      if (value === undefined) {
        value = argv[++i];
        if (value === undefined) fail(`--${name} needs a value`, defs, usage);
      }
      if (def.kind === 'number' && !Number.isFinite(Number(value))) {
        fail(`--${name} expects a number but received ${JSON.stringify(value)}`, defs, usage);
      }
      values.set(name, value);
    }
    return new Flags(defs, values);
  }

  static usage(defs: FlagDefs, usage: string): string {
    const lines = [usage, '', 'Flags:'];
    for (const [name, def] of Object.entries(defs)) {
      const dflt = def.default === undefined ? '' : ` (default ${String(def.default)})`;
      lines.push(`  --${name}${def.kind === 'boolean' ? '' : ' <' + def.kind + '>'}  ${def.help}${dflt}`);
    }
    return lines.join('\n') + '\n';
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  string(name: string): string | undefined {
    this.check(name, 'string');
    const v = this.values.get(name) ?? this.defs[name].default;
    return v === undefined ? undefined : String(v);
  }

  number(name: string): number | undefined {
    this.check(name, 'number');
    const v = this.values.get(name) ?? this.defs[name].default;
    return v === undefined ? undefined : Number(v);
  }

  bool(name: string): boolean {
    this.check(name, 'boolean');
    return Boolean(this.values.get(name) ?? this.defs[name].default ?? false);
  }

  /** A comma-separated string flag as a list. */
  list(name: string): string[] {
    const v = this.string(name);
    return v === undefined ? [] : v.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
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
