// Path patterns over hierarchical parameter names (`decoder.layers[*].self_attn.**`), on their
// segments alone: the matching the elaborator uses for `share`, `frozen`, stages and groups
// (compiler/elaborate/patterns.ts adds spans and printing from the AST), kept here so that the
// runtime — which reads the IR layer but never the parser — matches names exactly the same way.
// `*` matches one segment, `**` any number (including none); `[3]` is the segment `3`; `[6:]`,
// `[:6]`, `[2:10]` match one index segment in that range (end exclusive) and, like `*`, capture
// it for `share`.

/** A pattern's segments as written (`[6:]` is the segment `6:`), and its wildcards in order. */
export interface SegmentPattern {
  readonly segs: readonly string[];
  /** The wildcards in order, which a share's two sides must agree on. */
  readonly wild: readonly string[];
  readonly text: string;
}

/** An index range segment (`6:`, `:6`, `2:10`) as [start, end), or undefined. */
export function range(seg: string): [number, number] | undefined {
  const m = /^(\d*):(\d*)$/.exec(seg);
  if (!m) return undefined;
  return [m[1] ? Number(m[1]) : 0, m[2] ? Number(m[2]) : Infinity];
}

export const isWild = (s: string): boolean => s === "*" || s === "**" || range(s) !== undefined;

export function segmentMatches(s: string, part: string): boolean {
  if (s === "*" || s === part) return true;
  const r = range(s);
  if (!r || !/^\d+$/.test(part)) return false;
  const i = Number(part);
  return i >= r[0] && i < r[1];
}

/** The segments each wildcard captured, or undefined if the name does not match. */
export function matchPath(p: Pick<SegmentPattern, "segs">, parts: readonly string[]): string[][] | undefined {
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
export function matches(p: Pick<SegmentPattern, "segs">, name: string): boolean {
  // A pattern starting with a literal cannot match a name with another first segment: most
  // names are rejected without splitting them.
  const first = p.segs[0];
  if (first !== undefined && !isWild(first) && !(name.startsWith(first) && (name.length === first.length || name[first.length] === "."))) {
    return false;
  }
  return matchPath(p, name.split(".")) !== undefined;
}

/** Fills a pattern's wildcards with captured segments. */
export function substitute(p: Pick<SegmentPattern, "segs">, caps: readonly string[][]): string {
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

/** The pattern of segments `segs` as the spec writes it. */
export function segmentPattern(segs: readonly string[], text: string): SegmentPattern {
  return { segs, wild: segs.filter(isWild), text };
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DOTTED = /^(?:[A-Za-z_][A-Za-z0-9_]*|\*\*|\*|\d+)$/;
const BRACKETED = /^(?:\*|\d+|\d+:\d*|:\d+)$/;

/**
 * Parses a pattern as the spec writes it (grammar/parser.ts `pathPattern`): a name or `**`
 * first, then `.name`, `.*`, `.**`, `.3`, or `[*]`, `[3]`, `[6:]`, `[:6]`, `[2:10]`. Generated
 * code and hand-written models pass patterns as text; a malformed one throws an Error naming it.
 */
export function patternFromText(text: string): SegmentPattern {
  const segs: string[] = [];
  const bad = (why: string): never => {
    throw new Error(`'${text}' is not a path pattern: ${why}`);
  };
  let i = 0;
  const word = (): string => {
    const m = /^(?:\*\*|\*|[A-Za-z0-9_]+)/.exec(text.slice(i));
    if (!m) return bad(`expected a name, \`*\` or \`**\` at column ${i + 1}`);
    i += m[0].length;
    return m[0];
  };
  const first = word();
  if (!NAME.test(first) && first !== "**") bad("it must start with a name or `**`");
  segs.push(first);
  while (i < text.length) {
    const c = text[i];
    if (c === ".") {
      i++;
      const s = word();
      if (!DOTTED.test(s)) bad(`\`${s}\` is not a segment`);
      segs.push(s);
    } else if (c === "[") {
      const close = text.indexOf("]", i);
      if (close < 0) bad("a `[` is not closed");
      const s = text.slice(i + 1, close).replace(/\s+/g, "");
      if (!BRACKETED.test(s)) bad(`\`[${s}]\` is not an index, a range or \`[*]\``);
      segs.push(s);
      i = close + 1;
    } else bad(`unexpected \`${c}\` at column ${i + 1}`);
  }
  return segmentPattern(segs, text);
}
