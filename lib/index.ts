/**
 * hogvec: fast multithreaded word2vec for Node.js.
 *
 * The public API. Everything a user imports comes from here.
 */
import { native, type SimdInfo, type SimdPath } from './native';

export type { SimdInfo, SimdPath };

/** Which SIMD kernels the native core uses on this CPU, and which it could use. */
export function simdInfo(): SimdInfo {
  return native().simdInfo();
}
