// "Did you mean …?" for a checkpoint tensor the model does not have: the closest name among the
// model's tensors that nothing in the file provides, preferring one of the same shape — the usual
// cause is a renamed module, so the name the user meant is still waiting for its tensor.

function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      row.push(v);
      best = Math.min(best, v);
    }
    if (best > limit) return limit + 1;
    prev = row;
  }
  return prev[b.length]!;
}

export interface Candidate {
  readonly name: string;
  readonly shape: readonly number[];
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/** The candidate closest to `name` (within a third of its length), same shapes first; ties by name. */
export function closestTensor(name: string, shape: readonly number[], candidates: readonly Candidate[]): string | undefined {
  const limit = Math.max(2, Math.floor(name.length / 3));
  let best: { name: string; score: number } | undefined;
  for (const c of candidates) {
    const d = editDistance(name, c.name, limit);
    if (d > limit) continue;
    // A same-shaped candidate wins over a differently shaped one at up to 3 more edits.
    const score = d + (sameShape(shape, c.shape) ? 0 : 3);
    if (!best || score < best.score || (score === best.score && c.name < best.name)) best = { name: c.name, score };
  }
  return best?.name;
}
