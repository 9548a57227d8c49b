/**
 * Loads the compiled addon (a prebuild from prebuilds/ or a source build in
 * build/Release) with node-gyp-build, and types what it exports.
 */
import * as path from 'node:path';

/** SIMD kernel paths the native core can run. */
export type SimdPath = 'scalar' | 'avx2' | 'avx512';

/** What the native core reports about its SIMD kernels. */
export interface SimdInfo {
  active: SimdPath;
  best: SimdPath;
  supported: SimdPath[];
  environmentError?: string;
}

/** Loss and gradients from a native loss kernel (see binding/addon/loss_check.cpp). */
export interface NativeLossResult {
  loss: number;
  gradCenter: Float64Array;
  gradOutside: Float64Array;
}

/** The functions the addon exports. Internal: the public API wraps them. */
export interface NativeBinding {
  simdInfo(): SimdInfo;
  setSimdPath(path: SimdPath): SimdPath;
}

let cached: NativeBinding | undefined;

/** The addon, loaded once. Throws an Error naming the fix if no binary is found. */
export function native(): NativeBinding {
  if (cached) return cached;
  const root = path.resolve(__dirname, '..');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const load = require('node-gyp-build') as (dir: string) => unknown;
    cached = load(root) as NativeBinding;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(
      `hogvec: the native addon could not be loaded (${reason}). ` +
        'Run `npm rebuild hogvec` (or `npm run build` in a clone) to build it from source.',
    );
  }
  const envError = cached.simdInfo().environmentError;
  if (envError) {
    throw new Error(`hogvec: ${envError}`);
  }
  return cached;
}
