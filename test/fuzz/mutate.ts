// Token-level mutations of .vlm sources for the fuzz test: delete, duplicate, swap, replace or
// insert tokens, with a seeded PRNG so every failure reproduces.
import { vlmLexer } from "../../grammar/tokens.js";

export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Tok {
  start: number;
  end: number;
  image: string;
}

export function tokens(src: string): Tok[] {
  return vlmLexer.tokenize(src).tokens.map((t) => ({ start: t.startOffset, end: (t.endOffset ?? t.startOffset) + 1, image: t.image }));
}

const EXTRA = ["0", "-1", "1e9", "65536", "999999999999", "none", "..", "...", "**", "[*]", "(", ")", "[", "]", "{", "}", ",", ":", "=", "->", "if", "then", "else", "for", "in", "return", "\"", "#", "//", "^", "@"];

export function mutate(src: string, pool: readonly string[], rand: () => number): { text: string; what: string } {
  const toks = tokens(src);
  if (toks.length === 0) return { text: src + "}", what: "append }" };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const i = Math.floor(rand() * toks.length);
  const t = toks[i]!;
  const splice = (start: number, end: number, text: string): string => src.slice(0, start) + text + src.slice(end);
  const kind = Math.floor(rand() * 5);
  switch (kind) {
    case 0:
      return { text: splice(t.start, t.end, ""), what: `delete '${t.image}' at ${t.start}` };
    case 1:
      return { text: splice(t.start, t.start, t.image + " "), what: `duplicate '${t.image}' at ${t.start}` };
    case 2: {
      const u = toks[i + 1];
      if (!u) return { text: splice(t.start, t.end, ""), what: `delete '${t.image}' at ${t.start}` };
      return { text: src.slice(0, t.start) + u.image + src.slice(t.end, u.start) + t.image + src.slice(u.end), what: `swap '${t.image}' '${u.image}' at ${t.start}` };
    }
    case 3: {
      const r = rand() < 0.8 ? pick(pool) : pick(EXTRA);
      return { text: splice(t.start, t.end, r), what: `replace '${t.image}' with '${r}' at ${t.start}` };
    }
    default: {
      const r = rand() < 0.8 ? pick(pool) : pick(EXTRA);
      return { text: splice(t.start, t.start, r + " "), what: `insert '${r}' at ${t.start}` };
    }
  }
}
