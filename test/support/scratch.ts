/** Fresh file paths inside a test file's temporary folder. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** `path(name)` gives a new path in `dir` each call; `write(name, content)` also writes it. */
export function scratchIn(dir: string): {
  path: (name: string) => string;
  write: (name: string, content: string | Buffer) => string;
} {
  let counter = 0;
  const fresh = (name: string) => path.join(dir, `${counter++}-${name}`);
  return {
    path: fresh,
    write: (name, content) => {
      const file = fresh(name);
      fs.writeFileSync(file, content);
      return file;
    },
  };
}
