/**
 * scripts/check-cycles.ts, which `npm run lint:cycles` runs on lib/: it finds
 * run-time import cycles, ignores imports that TypeScript erases, and finds
 * none in lib/ itself.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import t from 'tap';

import { findCycles, runtimeImports } from '../scripts/check-cycles';

const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'check-cycles-test-'));
t.teardown(() => fs.rmSync(WORK, { recursive: true, force: true }));

function tree(name: string, files: Record<string, string>): string {
  const root = path.join(WORK, name);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

const names = (root: string, cycles: string[][]) => cycles.map((c) => c.map((f) => path.relative(root, f)));

t.test('a cycle through a value import or a re-export is found', async (t) => {
  const root = tree('cycle', {
    'a.ts': "import { b } from './b';\nexport const a = () => b;\n",
    'b.ts': "export { c as b } from './sub/c';\n",
    'sub/c.ts': "import * as a from '../a';\nexport const c = a;\n",
    'd.ts': "import { a } from './a';\nexport const d = a;\n",
  });
  t.strictSame(names(root, findCycles(runtimeImports(root))), [['a.ts', 'b.ts', 'sub/c.ts', 'a.ts']]);
});

t.test('type-only imports and exports do not count', async (t) => {
  const root = tree('types', {
    'a.ts':
      "import type { B } from './b';\nimport { type C } from './c';\nexport type A = B | C;\nexport const a = 1;\n",
    'b.ts': "import { a } from './a';\nexport type B = typeof a;\n",
    'c.ts': "export type { A } from './a';\nexport type C = number;\n",
  });
  t.strictSame(findCycles(runtimeImports(root)), []);
  t.strictSame(runtimeImports(root).get(path.join(root, 'a.ts')), [], 'a.ts loads nothing at run time');
});

t.test('lib/ has no run-time import cycle', async (t) => {
  const graph = runtimeImports(path.resolve(__dirname, '..', 'lib'));
  t.ok(graph.size > 30, `${graph.size} modules read`);
  t.strictSame(findCycles(graph), []);
});
