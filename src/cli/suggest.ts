/**
 * editDistance is the optimal-string-alignment distance: insertions, deletions, substitutions
 * and swaps of two neighbours (`hlep` -> `help`) each cost 1.
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * suggest picks what a mistyped word probably meant, as git and npm do: the candidates within
 * an edit distance of a third of the word (at least 1, case ignored), or that start with it;
 * closest first, at most three.
 */
export function suggest(word: string, candidates: readonly string[]): string[] {
  const w = word.toLowerCase();
  const limit = Math.max(1, Math.floor(w.length / 3));
  return candidates
    .map((c) => ({ c, d: editDistance(w, c.toLowerCase()) }))
    .filter(({ c, d }) => d <= limit || (w.length >= 2 && c.toLowerCase().startsWith(w)))
    .sort((x, y) => x.d - y.d || (x.c < y.c ? -1 : 1))
    .slice(0, 3)
    .map(({ c }) => c);
}

/** didYouMean prints suggestions as ` (did you mean "a" or "b"?)`, or nothing. */
export function didYouMean(names: readonly string[]): string {
  if (names.length === 0) return '';
  return ` (did you mean ${names.map((n) => `"${n}"`).join(' or ')}?)`;
}
