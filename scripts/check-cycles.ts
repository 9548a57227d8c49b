/**
 * Fails when the modules of lib/ import each other in a cycle at run time
 * (`npm run lint:cycles`). Type-only imports (`import type`, or an import
 * whose every name is marked `type`) vanish from the compiled JavaScript and
 * do not count; every other relative import and re-export does. A cycle
 * means a module can run before one it needs has finished loading, so lib/
 * stays in layers: each module needs only modules below it.
 *
 *   node --import tsx scripts/check-cycles.ts [folder]   (default: lib)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

/** The run-time imports of each .ts/.mts file under `root`, as resolved file paths. */
export function runtimeImports(root: string): Map<string, string[]> {
  const files = listSources(root);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
    const targets: string[] = [];
    for (const statement of source.statements) {
      const specifier = runtimeSpecifier(statement);
      if (specifier === undefined || !specifier.startsWith('.')) continue;
      const target = resolve(path.dirname(file), specifier);
      if (target === undefined) throw new Error(`${file}: cannot resolve '${specifier}'`);
      targets.push(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/** The module an import or re-export loads at run time, or undefined when it is erased (type-only) or no import. */
function runtimeSpecifier(statement: ts.Statement): string | undefined {
  if (ts.isImportDeclaration(statement)) {
    const clause = statement.importClause;
    if (clause?.isTypeOnly) return undefined;
    const bindings = clause?.namedBindings;
    const onlyTypes =
      clause !== undefined &&
      clause.name === undefined &&
      bindings !== undefined &&
      ts.isNamedImports(bindings) &&
      bindings.elements.length > 0 &&
      bindings.elements.every((e) => e.isTypeOnly);
    return onlyTypes ? undefined : (statement.moduleSpecifier as ts.StringLiteral).text;
  }
  if (ts.isExportDeclaration(statement) && statement.moduleSpecifier !== undefined) {
    if (statement.isTypeOnly) return undefined;
    const clause = statement.exportClause;
    if (
      clause !== undefined &&
      ts.isNamedExports(clause) &&
      clause.elements.length > 0 &&
      clause.elements.every((e) => e.isTypeOnly)
    ) {
      return undefined;
    }
    return (statement.moduleSpecifier as ts.StringLiteral).text;
  }
  return undefined;
}

function listSources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listSources(full);
    return /\.m?ts$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

function resolve(from: string, specifier: string): string | undefined {
  const base = path.resolve(from, specifier);
  const candidates = [
    base,
    `${base}.ts`,
    `${base}.mts`,
    path.join(base, 'index.ts'),
    base.replace(/\.m?js$/, '.ts'),
    base.replace(/\.mjs$/, '.mts'),
  ];
  return candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
}

/** Every import cycle of the graph, each as the files along it (the first repeated at the end). */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return cycles;
}

function main(): number {
  const root = path.resolve(process.argv[2] ?? 'lib');
  const graph = runtimeImports(root);
  const cycles = findCycles(graph);
  const shown = (file: string) => path.relative(process.cwd(), file);
  for (const cycle of cycles) console.error(`import cycle: ${cycle.map(shown).join(' -> ')}`);
  if (cycles.length > 0) {
    console.error(`${cycles.length} import cycle${cycles.length > 1 ? 's' : ''} in ${shown(root)}`);
    return 1;
  }
  console.log(`no import cycles among the ${graph.size} modules of ${shown(root)}`);
  return 0;
}

if (require.main === module) process.exitCode = main();
