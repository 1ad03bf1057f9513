// Path patterns over hierarchical parameter names: `decoder.layers[*].self_attn.**`.
// `*` matches one segment, `**` any number (including none); `[3]` is the segment `3`;
// `[6:]`, `[:6]`, `[2:10]` match one index segment in that range (end exclusive) and, like
// `*`, capture it for `share`.
import type { PathPattern, Span } from "../../grammar/ast.js";
import { printPattern } from "../../grammar/printer.js";
import { isWild, segmentMatches, segmentPattern, type SegmentPattern } from "../ir/path-patterns.js";

// The matching itself works on segments alone and lives in the IR layer, where the runtime
// (runtime/api/share.ts) reaches it too.
export { matches, matchPath, namesUnder, substitute } from "../ir/path-patterns.js";

export interface Pattern extends SegmentPattern {
  readonly span: Span;
}

export function compilePattern(p: PathPattern): Pattern {
  return { ...segmentPattern(p.segments.map((s) => s.text), printPattern(p)), span: p.span };
}

/**
 * For "matches nothing" hints: follows the pattern through the names as far as it matches, and
 * says what exists where it stops — `decoder.bert.layers[*].` has: self_attn, self_ln, … —
 * or undefined when nothing is declared there.
 */
export function whereItStops(p: Pattern, names: readonly string[], limit = 8): string | undefined {
  let alive = names.map((n) => n.split("."));
  let k = 0;
  for (; k < p.segs.length; k++) {
    const s = p.segs[k]!;
    if (s === "**") break;
    const next = alive.filter((parts) => parts.length > k && segmentMatches(s, parts[k]!));
    if (next.length === 0) break;
    alive = next;
  }
  const options = [...new Set(alive.filter((parts) => parts.length > k).map((parts) => parts[k]!))];
  if (options.length === 0) return undefined;
  const prefix = p.segs.slice(0, k).map((s, i) => (i === 0 ? s : isWild(s) || /^\d+$/.test(s) ? `[${s}]` : `.${s}`)).join("");
  const shown = options.slice(0, limit).join(", ") + (options.length > limit ? `, … (${options.length} in all)` : "");
  return prefix ? `\`${prefix}\` has: ${shown}` : `names start with: ${shown}`;
}
