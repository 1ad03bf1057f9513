// Path patterns over hierarchical parameter names: `decoder.layers[*].self_attn.**`.
// `*` matches one segment, `**` any number (including none); `[3]` is the segment `3`;
// `[6:]`, `[:6]`, `[2:10]` match one index segment in that range (end exclusive) and, like
// `*`, capture it for `share`.
import type { PathPattern, Span } from "../../grammar/ast.js";
import { printPattern } from "../../grammar/printer.js";

export interface Pattern {
  readonly segs: readonly string[];
  /** The wildcards in order, which a share's two sides must agree on. */
  readonly wild: readonly string[];
  readonly span: Span;
  readonly text: string;
}

/** An index range segment (`6:`, `:6`, `2:10`) as [start, end), or undefined. */
function range(seg: string): [number, number] | undefined {
  const m = /^(\d*):(\d*)$/.exec(seg);
  if (!m) return undefined;
  return [m[1] ? Number(m[1]) : 0, m[2] ? Number(m[2]) : Infinity];
}

const isWild = (s: string): boolean => s === "*" || s === "**" || range(s) !== undefined;

export function compilePattern(p: PathPattern): Pattern {
  const segs = p.segments.map((s) => s.text);
  return { segs, wild: segs.filter(isWild), span: p.span, text: printPattern(p) };
}

function segmentMatches(s: string, part: string): boolean {
  if (s === "*" || s === part) return true;
  const r = range(s);
  if (!r || !/^\d+$/.test(part)) return false;
  const i = Number(part);
  return i >= r[0] && i < r[1];
}

/** The segments each wildcard captured, or undefined if the name does not match. */
export function matchPath(p: Pattern, parts: readonly string[]): string[][] | undefined {
  const caps: string[][] = [];
  const go = (i: number, j: number): boolean => {
    if (i === p.segs.length) return j === parts.length;
    const s = p.segs[i]!;
    if (s === "**") {
      for (let k = j; k <= parts.length; k++) {
        caps.push(parts.slice(j, k) as string[]);
        if (go(i + 1, k)) return true;
        caps.pop();
      }
      return false;
    }
    if (j >= parts.length) return false;
    if (segmentMatches(s, parts[j]!)) {
      const wild = isWild(s);
      if (wild) caps.push([parts[j]!]);
      if (go(i + 1, j + 1)) return true;
      if (wild) caps.pop();
    }
    return false;
  };
  return go(0, 0) ? caps : undefined;
}


/** Does the pattern match the (dotted) name? */
export function matches(p: Pattern, name: string): boolean {
  // A pattern starting with a literal cannot match a name with another first segment: most
  // names are rejected without splitting them.
  const first = p.segs[0];
  if (first !== undefined && !isWild(first) && !(name.startsWith(first) && (name.length === first.length || name[first.length] === "."))) {
    return false;
  }
  return matchPath(p, name.split(".")) !== undefined;
}


/** Fills a pattern's wildcards with captured segments. */
export function substitute(p: Pattern, caps: readonly string[][]): string {
  let k = 0;
  const out: string[] = [];
  for (const s of p.segs) {
    if (isWild(s)) out.push(...(caps[k++] ?? []));
    else out.push(s);
  }
  return out.join(".");
}

/** Names under `prefix` (an instance path, "" for the model), relative to it. */
export function namesUnder(all: Iterable<string>, prefix: string): string[] {
  if (prefix === "") return [...all];
  const p = prefix + ".";
  const out: string[] = [];
  for (const n of all) if (n.startsWith(p)) out.push(n.slice(p.length));
  return out;
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
