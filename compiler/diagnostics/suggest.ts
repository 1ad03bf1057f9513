// "Did you mean …?" for misspelt names: the closest candidate by edit distance, if close enough.

export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

function commonPrefix(a: string, b: string): number {
  let k = 0;
  while (k < a.length && k < b.length && a[k] === b[k]) k++;
  return k;
}

/**
 * The candidate closest to a misspelt name: by edit distance (at most a third of the length),
 * else the one sharing the longest prefix of at least 3 characters (`kv_dim` → `kv_width`,
 * `cls` → `cls_token`), if that is unambiguous. A lowercase name is never "corrected" to a
 * Capitalised one (a block or shape symbol), nor the other way round.
 */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const upper = /^[A-Z]/.test(name);
  const pool = [...new Set(candidates)].filter((c) => c !== name && /^[A-Z]/.test(c) === upper);
  let best: string | undefined;
  let bestD = Infinity;
  const limit = Math.max(1, Math.floor(name.length / 3));
  for (const c of pool) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestD || (d === bestD && best !== undefined && c < best)) {
      best = c;
      bestD = d;
    }
  }
  if (bestD <= limit) return best;
  let longest = 2;
  let byPrefix: string[] = [];
  for (const c of pool) {
    const k = commonPrefix(name.toLowerCase(), c.toLowerCase());
    if (k > longest) {
      longest = k;
      byPrefix = [c];
    } else if (k === longest && k > 2) byPrefix.push(c);
  }
  return byPrefix.length === 1 ? byPrefix[0] : undefined;
}

export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const c = closest(name, candidates);
  return c ? `did you mean \`${c}\`?` : undefined;
}
