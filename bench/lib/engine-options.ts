/**
 * Extra hogvec training options given on a benchmark's command line as
 * `--hogvec-option key=value` (repeatable), so one engine mode can be
 * measured alone, e.g. `--hogvec-option sharedNegatives=true`. hogvec's own
 * option check judges the names and values: an unknown name fails the run
 * with its "did you mean" message.
 */

/**
 * The exact mode: every pair trained in the C tool's order, with a fresh draw
 * of negatives, and every thread writing the shared rows (sharedNegatives
 * and hotRowBuffer are hogvec's defaults, so both are turned off here). A
 * mode is measured alone as these plus its own options.
 */
export const EXACT_MODE: Readonly<EngineOptions> = Object.freeze({ sharedNegatives: false, hotRowBuffer: 0 });

/** An option value as typed on the command line: true/false, a number, or a string. */
export type OptionValue = boolean | number | string;

/** Engine options by name, in the order given. */
export type EngineOptions = Record<string, OptionValue>;

/** "true" -> true, "1e-3" -> 0.001, anything else stays a string. */
function typedValue(raw: string): OptionValue {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  const n = Number(raw);
  return raw.trim() !== '' && Number.isFinite(n) ? n : raw;
}

/** Parses ["sharedNegatives=true", "hotRows=64"]; throws naming a malformed one. */
export function parseEngineOptions(assignments: readonly string[], flag = '--hogvec-option'): EngineOptions {
  const out: EngineOptions = {};
  for (const a of assignments) {
    const eq = a.indexOf('=');
    const key = eq > 0 ? a.slice(0, eq).trim() : '';
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(key) || eq === a.length - 1) {
      throw new Error(`${flag} expects key=value (e.g. sharedNegatives=true) but received ${JSON.stringify(a)}`);
    }
    out[key] = typedValue(a.slice(eq + 1));
  }
  return out;
}

/** "sharedNegatives=true, hotRowBuffer=64", "exact", or "defaults" (no options: the package's defaults). */
export function describeEngineOptions(o: EngineOptions): string {
  const entries = Object.entries(o);
  if (entries.length === 0) return 'defaults';
  const exact = Object.entries(EXACT_MODE);
  if (entries.length === exact.length && exact.every(([k, v]) => o[k] === v)) return 'exact';
  return entries.map(([k, v]) => `${k}=${String(v)}`).join(', ');
}
