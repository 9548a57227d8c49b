/**
 * A seeded uniform generator in [0, 1) so that every random test problem is
 * reproducible: the training's own xoshiro128** (lib/reference/random.ts),
 * the one generator of the repository.
 */
import { Random } from '../../lib/reference/random';

export function prng(seed: number): () => number {
  const random = new Random(seed);
  return () => random.uniform32();
}
