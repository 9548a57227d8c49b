/**
 * ../shared/data: evaluation sets and files other tools wrote, kept beside
 * the repository. A test that needs it skips with a message when it is
 * absent, except under CI=true, where its absence fails the run.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import t from 'tap';

/** The folder, resolved from the repository root. */
export const SHARED_DATA = path.resolve(__dirname, '..', '..', '..', 'shared', 'data');

/** Whether this is a CI run (CI=true), where nothing may be skipped for missing data. */
export const CI = process.env.CI === 'true';

/** A path inside ../shared/data. */
export function sharedData(...parts: string[]): string {
  return path.join(SHARED_DATA, ...parts);
}

/**
 * Tap options for a test that needs `file` (by default the whole folder):
 * `{ skip: reason }` when it is absent; under CI=true the absence is a
 * failure, and the test runs (and fails on the missing file) instead.
 */
export function needsSharedData(file: string = SHARED_DATA): { skip: string | false } {
  if (existsSync(file)) return { skip: false };
  if (CI) {
    t.fail(`${file} is missing, and under CI=true ../shared/data must be there`);
    return { skip: false };
  }
  return { skip: `${file} is absent (../shared/data is not beside the repository)` };
}
