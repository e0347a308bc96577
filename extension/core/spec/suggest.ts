/** "Did you mean …": the closest candidate by edit distance, if it is close enough to be a typo. */

function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/**
 * The candidate closest to `input` (case-insensitive), or undefined when none is plausibly a typo:
 * the distance must be at most max(2, 40% of the longer string), or one must contain the other.
 */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  const lower = input.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestScore) {
      bestScore = d;
      best = c;
    }
  }
  if (best !== undefined && bestScore <= Math.max(2, Math.floor(0.4 * Math.max(input.length, best.length)))) return best;
  // An abbreviation: a unique candidate that starts with what was typed ("hist" → "history").
  const prefixed = lower.length >= 3 ? candidates.filter((c) => c.toLowerCase().startsWith(lower)) : [];
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/** 'a', 'b' or 'c' — for messages listing allowed values. */
export function listValues(values: readonly unknown[], conj = 'or', max = 12): string {
  if (values.length > max)
    return `${values
      .slice(0, max)
      .map((v) => JSON.stringify(v))
      .join(', ')}, … (${values.length} values: see the schema)`;
  const q = values.map((v) => JSON.stringify(v));
  if (q.length <= 1) return q.join('');
  return `${q.slice(0, -1).join(', ')} ${conj} ${q[q.length - 1]}`;
}
