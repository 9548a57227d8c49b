/**
 * The explorer page's files (web/explore in the package): read once into
 * memory from a fixed list, so that a request can only ever name one of
 * them, never a path on the disk.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** A file of the page: its bytes and content type. */
export interface PageFile {
  body: Buffer;
  type: string;
}

// URL path -> file name in web/explore.
const FILES: readonly [urlPath: string, file: string, type: string][] = [
  ['/', 'index.html', 'text/html; charset=utf-8'],
  ['/explore.js', 'explore.js', 'text/javascript; charset=utf-8'],
  ['/explore.css', 'explore.css', 'text/css; charset=utf-8'],
  ['/favicon.svg', 'favicon.svg', 'image/svg+xml'],
];

/** web/explore, two folders up from lib/explore (sources) and from dist/explore (the build). */
export const PAGE_FOLDER = path.join(__dirname, '..', '..', 'web', 'explore');

/** The page's files by URL path. Throws naming the file when one is missing. */
export function readPageFiles(folder: string = PAGE_FOLDER): ReadonlyMap<string, PageFile> {
  const files = new Map<string, PageFile>();
  for (const [urlPath, file, type] of FILES) {
    const full = path.join(folder, file);
    let body: Buffer;
    try {
      body = readFileSync(full);
    } catch (err) {
      throw new Error(
        `The explorer page's file ${full} cannot be read (${(err as Error).message}); is the package complete?`,
      );
    }
    files.set(urlPath, { body, type });
  }
  return files;
}
