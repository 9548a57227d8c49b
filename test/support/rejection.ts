/** Awaiting what must fail. */
import type { Test } from 'tap';

/** The Error a promise rejects with; a resolution or a non-Error fails the test. */
export async function rejection(t: Test, p: PromiseLike<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    if (err instanceof Error) return err;
    t.fail(`expected an Error, got ${String(err)}`);
    return new Error(String(err));
  }
  t.fail('expected a rejection, but it resolved');
  return new Error('resolved');
}
