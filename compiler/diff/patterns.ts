// Long lists of parameter names compressed into patterns a reviewer can read:
//   decoder.layers.0.cross_attn.q.weight … decoder.layers.11.cross_attn.out.bias (96 names)
// becomes `decoder.layers.{0..11}.cross_attn.{q,k,v,out}.{weight,bias}`. Layer indices become
// ranges; names that differ only in their last part, or in their last two parts over the same
// set of endings, are merged in braces. Every pattern stands for exactly the names it came from.

interface Pattern {
  /** Segments; a segment may already be a brace group. */
  readonly parts: readonly string[];
  readonly count: number;
}

function range(numbers: readonly number[]): string {
  const sorted = [...new Set(numbers)].sort((x, y) => x - y);
  if (sorted.length === 1) return String(sorted[0]);
  const contiguous = sorted.every((n, i) => i === 0 || n === sorted[i - 1]! + 1);
  return contiguous ? `{${sorted[0]}..${sorted[sorted.length - 1]}}` : `{${sorted.join(",")}}`;
}

/** Layer indices to ranges: names equal but for their numeric parts, whose index sets form a product. */
function byIndices(names: readonly string[]): Pattern[] {
  const groups = new Map<string, number[][]>();
  for (const name of names) {
    const parts = name.split(".");
    const key = parts.map((p) => (/^\d+$/.test(p) ? "#" : p)).join(".");
    const nums = parts.filter((p) => /^\d+$/.test(p)).map(Number);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(nums);
  }
  const out: Pattern[] = [];
  for (const [key, tuples] of groups) {
    const positions = tuples[0]!.length;
    const sets = Array.from({ length: positions }, (_, i) => new Set(tuples.map((t) => t[i]!)));
    const product = sets.reduce((n, s) => n * s.size, 1);
    if (positions === 0 || product !== tuples.length) {
      // Not a product of ranges (e.g. a triangle of indices): keep each name.
      for (const t of tuples) {
        let k = 0;
        out.push({ parts: key.split(".").map((p) => (p === "#" ? String(t[k++]) : p)), count: 1 });
      }
      continue;
    }
    let k = 0;
    out.push({ parts: key.split(".").map((p) => (p === "#" ? range([...sets[k++]!]) : p)), count: tuples.length });
  }
  return out;
}

/** Merges patterns equal but for their last `tail` parts, when every one has the same set of endings. */
function mergeEndings(patterns: readonly Pattern[], tail: number): Pattern[] {
  const groups = new Map<string, Pattern[]>();
  const order: string[] = [];
  for (const p of patterns) {
    if (p.parts.length <= tail) {
      const key = `\u0000${p.parts.join(".")}`;
      groups.set(key, [p]);
      order.push(key);
      continue;
    }
    const key = p.parts.slice(0, -tail).join(".");
    if (!groups.has(key)) {
      groups.set(key, []);
      order.push(key);
    }
    groups.get(key)!.push(p);
  }
  const out: Pattern[] = [];
  for (const key of order) {
    const members = groups.get(key)!;
    if (members.length === 1 || key.startsWith("\u0000")) {
      out.push(...members);
      continue;
    }
    if (tail === 1) {
      const ends = members.map((m) => m.parts[m.parts.length - 1]!);
      out.push({ parts: [...members[0]!.parts.slice(0, -1), `{${ends.join(",")}}`], count: members.reduce((n, m) => n + m.count, 0) });
      continue;
    }
    // Two parts: a product {x,y}.{e1,e2} only when every x has the same endings.
    const byFirst = new Map<string, string[]>();
    for (const m of members) {
      const [first, last] = m.parts.slice(-2) as [string, string];
      if (!byFirst.has(first)) byFirst.set(first, []);
      byFirst.get(first)!.push(last);
    }
    const endings = [...byFirst.values()].map((e) => e.join(","));
    if (endings.every((e) => e === endings[0])) {
      const firsts = [...byFirst.keys()];
      const last = members[0]!.parts[members[0]!.parts.length - 1]!;
      const firstPart = firsts.length === 1 ? firsts[0]! : `{${firsts.join(",")}}`;
      const lastPart = byFirst.get(firsts[0]!)!.length === 1 ? last : `{${byFirst.get(firsts[0]!)!.join(",")}}`;
      out.push({ parts: [...members[0]!.parts.slice(0, -2), firstPart, lastPart], count: members.reduce((n, m) => n + m.count, 0) });
    } else out.push(...members);
  }
  return out;
}

export interface NamePattern {
  readonly pattern: string;
  readonly count: number;
}

/** The names as patterns, in the order their first name appears. */
export function compressNames(names: readonly string[]): NamePattern[] {
  const merged = mergeEndings(mergeEndings(byIndices(names), 1), 2);
  return merged.map((p) => ({ pattern: p.parts.join("."), count: p.count }));
}
