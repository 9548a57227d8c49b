/**
 * "Did you mean ...?": the known name nearest to a misspelt one, for the
 * errors of unknown options, flags and commands.
 */

/**
 * The candidate nearest to `word` by edit distance after `normalize` (both
 * sides), when it is close enough to be a typo: 1 edit for words under 5
 * characters, else 2. On a tie the earlier candidate wins.
 */
export function closestName(
  word: string,
  candidates: readonly string[],
  normalize: (s: string) => string = (s) => s,
): string | undefined {
  const wanted = normalize(word);
  const limit = wanted.length >= 5 ? 2 : 1;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const d = editDistance(wanted, normalize(candidate));
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

/**
 * Edit distance counting a swap of two neighbours as one edit (optimal
 * string alignment), since 'prot' for 'port' is one slip of the fingers.
 */
function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j], before[j - 2] + 1);
    }
    before = prev;
    prev = row;
  }
  return prev[b.length];
}
