// Dotted-name patterns of weight maps (map.ts): `transformer.resblocks.{i}.attn.in_proj_weight`.
// A pattern is a list of dot-separated segments; a segment is literal text, `{name}` (exactly one
// segment of the tensor name) or `{*name}` (one or more segments, at most one per pattern, so a
// match is never ambiguous). The same captures fill the other side of a rule.

export type Segment = { readonly kind: "literal"; readonly text: string } | { readonly kind: "one" | "rest"; readonly name: string };

export interface Pattern {
  readonly text: string;
  readonly segments: readonly Segment[];
}

const CAPTURE = /^\{(\*?)([A-Za-z_][A-Za-z0-9_]*)\}$/;

/** Compiles `text`, or says what is wrong with it. */
export function compilePattern(text: string): Pattern | string {
  if (text === "") return "the pattern is empty";
  const segments: Segment[] = [];
  const seen = new Set<string>();
  for (const part of text.split(".")) {
    if (part === "") return `pattern "${text}" has an empty segment (two dots in a row, or a dot at an end)`;
    const m = CAPTURE.exec(part);
    if (m) {
      const name = m[2]!;
      if (seen.has(name)) return `pattern "${text}" captures {${name}} twice`;
      seen.add(name);
      segments.push({ kind: m[1] ? "rest" : "one", name });
    } else if (/[{}]/.test(part)) {
      return `pattern "${text}": segment "${part}" mixes text and a capture (a capture is a whole segment: {name} or {*name})`;
    } else segments.push({ kind: "literal", text: part });
  }
  if (segments.filter((s) => s.kind === "rest").length > 1) return `pattern "${text}" has more than one {*…} capture`;
  return { text, segments };
}

/** Capture names of `p` with their kinds. */
export function capturesOf(p: Pattern): Map<string, "one" | "rest"> {
  const out = new Map<string, "one" | "rest">();
  for (const s of p.segments) if (s.kind !== "literal") out.set(s.name, s.kind);
  return out;
}

/** The captures when `name` matches `p`, else undefined. */
export function matchPattern(p: Pattern, name: string): Map<string, string> | undefined {
  const parts = name.split(".");
  const star = p.segments.findIndex((s) => s.kind === "rest");
  const fixed = p.segments.length - (star >= 0 ? 1 : 0);
  if (star < 0 ? parts.length !== fixed : parts.length <= fixed) return undefined;
  const captures = new Map<string, string>();
  const tail = p.segments.length - 1 - star;
  for (let i = 0; i < p.segments.length; i++) {
    const seg = p.segments[i]!;
    if (seg.kind === "rest") {
      captures.set(seg.name, parts.slice(i, parts.length - tail).join("."));
      continue;
    }
    const part = star >= 0 && i > star ? parts[parts.length - (p.segments.length - i)]! : parts[i]!;
    if (part === "") return undefined;
    if (seg.kind === "literal" ? part !== seg.text : false) return undefined;
    if (seg.kind === "one") captures.set(seg.name, part);
  }
  return captures;
}

/** `p` with its captures filled in (every capture of `p` must be in `captures`). */
export function fillPattern(p: Pattern, captures: ReadonlyMap<string, string>): string {
  return p.segments
    .map((s) => {
      if (s.kind === "literal") return s.text;
      const v = captures.get(s.name);
      if (v === undefined) throw new Error(`capture {${s.name}} has no value (internal error: map.ts validates captures)`);
      return v;
    })
    .join(".");
}
