/**
 * The Huffman tree of hierarchical softmax, built exactly as word2vec.c's
 * CreateBinaryTree builds it, so that the reference, the native core and the
 * C tool agree node for node.
 */

/** Per word, the inner nodes from the root down and the branch taken at each. */
export interface HuffmanTree {
  /**
   * `paths[w]` lists inner-node indices in [0, V-2] from the root (always
   * V-2) down to the leaf's parent: word2vec.c's `point[]` minus `vocab_size`.
   */
  paths: Uint32Array[];
  /** `codes[w][j]` is the branch (0 or 1) taken at node `paths[w][j]`. */
  codes: Uint8Array[];
}

/**
 * Builds the Huffman tree over V words from their counts, which must be in
 * descending order (word2vec.c sorts its vocabulary first; its linear-time
 * construction is only a Huffman construction on sorted counts).
 *
 * Two cursors walk the leaves from the rarest up (pos1) and the new inner
 * nodes in creation order (pos2); each step takes the smaller of the two with
 * a strict `<`, so on a tie the inner node wins, as in word2vec.c. The second
 * node taken at each step gets code 1. Inner node a (created at step a) has
 * index a, so the root is V-2.
 *
 * @throws Error if there are fewer than 2 counts, a count is negative or not
 *   finite, or the counts are not in descending order.
 */
export function huffmanTree(counts: ArrayLike<number>): HuffmanTree {
  const V = counts.length;
  if (V < 2) {
    throw new Error(`Expected at least 2 word counts for a Huffman tree but received ${V}`);
  }
  for (let i = 0; i < V; i++) {
    const c = counts[i];
    if (typeof c !== 'number' || !Number.isFinite(c) || c < 0) {
      throw new Error(`Expected a finite non-negative number for counts[${i}] but received ${String(c)}`);
    }
    if (i > 0 && c > counts[i - 1]) {
      throw new Error(
        `Expected counts in descending order but counts[${i}] = ${c} exceeds counts[${i - 1}] = ${counts[i - 1]}`,
      );
    }
  }

  // Nodes 0..V-1 are leaves, V..2V-2 inner nodes. Not-yet-created inner nodes
  // count as Infinity (word2vec.c uses 1e15) so a leaf always beats them.
  const count = new Float64Array(2 * V + 1).fill(Infinity);
  for (let i = 0; i < V; i++) count[i] = counts[i];
  const binary = new Uint8Array(2 * V + 1);
  const parent = new Int32Array(2 * V + 1);
  let pos1 = V - 1;
  let pos2 = V;
  const takeSmallest = (): number => {
    if (pos1 >= 0 && count[pos1] < count[pos2]) return pos1--;
    return pos2++;
  };
  for (let a = 0; a < V - 1; a++) {
    const min1 = takeSmallest();
    const min2 = takeSmallest();
    count[V + a] = count[min1] + count[min2];
    parent[min1] = V + a;
    parent[min2] = V + a;
    binary[min2] = 1;
  }

  const root = 2 * V - 2;
  const paths: Uint32Array[] = [];
  const codes: Uint8Array[] = [];
  for (let w = 0; w < V; w++) {
    // Walk up from the leaf collecting (node, branch into node), then reverse.
    const upNodes: number[] = [];
    const upCodes: number[] = [];
    let b = w;
    while (b !== root) {
      upCodes.push(binary[b]);
      b = parent[b];
      upNodes.push(b - V);
    }
    paths.push(Uint32Array.from(upNodes.reverse()));
    codes.push(Uint8Array.from(upCodes.reverse()));
  }
  return { paths, codes };
}
