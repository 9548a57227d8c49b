/** The tools a comparison can run, by name. */
import { fastText } from './fasttext';
import { gensim } from './gensim';
import { hogvec } from './hogvec';
import type { Tool } from './tool';

export const ALL_TOOLS: readonly Tool[] = [hogvec, gensim, fastText];

/**
 * The named tools (case-insensitive) that can run; the rest are reported on
 * stderr with how to install or build them, and skipped.
 */
export function availableTools(names: readonly string[]): Tool[] {
  const wanted = names.length > 0 ? names.map((n) => n.toLowerCase()) : ALL_TOOLS.map((t) => t.name.toLowerCase());
  const out: Tool[] = [];
  for (const name of wanted) {
    const tool = ALL_TOOLS.find((t) => t.name.toLowerCase() === name);
    if (!tool)
      throw new Error(`unknown tool ${JSON.stringify(name)}; expected ${ALL_TOOLS.map((t) => t.name).join(', ')}`);
    const why = tool.unavailable();
    if (why) process.stderr.write(`skipping ${tool.name}: ${why}\n`);
    else out.push(tool);
  }
  return out;
}
