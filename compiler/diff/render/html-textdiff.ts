// Word-level highlighting of two versions of one short text (a shape, an objective's expression,
// a setting's value), so the eye lands on what changed: `f32[B, 3, 256, 256]` against
// `f32[B, 3, 224, 224]` marks only the 256s and 224s. A longest-common-subsequence over tokens is
// plenty for texts this short; longer ones are marked whole rather than risk a slow page build.
import { esc } from "./html-format.js";

/** Identifiers and numbers stay whole; every other character is a token of its own. */
function tokens(text: string): string[] {
  return text.match(/[A-Za-z0-9_.]+|\s+|./g) ?? [];
}

/** Above this many token pairs the table would cost more than the highlight is worth. */
const MAX_TABLE = 40_000;

/** For each token of each side, whether it belongs to a longest common subsequence. */
function commonTokens(a: readonly string[], b: readonly string[]): { a: boolean[]; b: boolean[] } {
  const width = b.length + 1;
  // lengths[i * width + j]: LCS length of a[i..] and b[j..].
  const lengths = new Uint16Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * width + j] =
        a[i] === b[j] ? lengths[(i + 1) * width + j + 1]! + 1 : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
    }
  }
  const keptA = a.map(() => false);
  const keptB = b.map(() => false);
  let [i, j] = [0, 0];
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      keptA[i++] = true;
      keptB[j++] = true;
    } else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) i++;
    else j++;
  }
  return { a: keptA, b: keptB };
}

/** Joins tokens, wrapping each run of changed ones in one <mark>. */
function markRuns(parts: readonly string[], kept: readonly boolean[], markClass: string): string {
  let out = "";
  let open = false;
  parts.forEach((part, k) => {
    const changed = !kept[k];
    if (changed && !open) out += `<mark class="${markClass}">`;
    if (!changed && open) out += "</mark>";
    open = changed;
    out += esc(part);
  });
  return open ? `${out}</mark>` : out;
}

/** Both texts as escaped HTML, with what is only in a marked `del` and what is only in b `ins`. */
export function highlightChange(a: string, b: string): { a: string; b: string } {
  if (a === b) return { a: esc(a), b: esc(b) };
  const [ta, tb] = [tokens(a), tokens(b)];
  if ((ta.length + 1) * (tb.length + 1) > MAX_TABLE) {
    return { a: `<mark class="del">${esc(a)}</mark>`, b: `<mark class="ins">${esc(b)}</mark>` };
  }
  const kept = commonTokens(ta, tb);
  return { a: markRuns(ta, kept.a, "del"), b: markRuns(tb, kept.b, "ins") };
}
