// Undoes a spec's formatting without changing its meaning, for the formatter's tests: random
// indentation (spaces or tabs), random spacing between tokens (none where the two still lex
// apart), trailing blanks, and extra blank lines where there is one already. It never adds or
// removes a line break, so doc comments stay attached to what they document.
import { lexForFormat, type FormatToken } from "../../../grammar/format/lex.js";

/** A small deterministic generator (an LCG), so a failing case reproduces. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function canTouch(a: FormatToken, b: FormatToken): boolean {
  const lexed = lexForFormat(a.image + b.image);
  return lexed !== undefined && lexed.length === 2 && lexed[0]!.image === a.image && lexed[1]!.image === b.image;
}

export function scramble(source: string, seed: number): string {
  const next = random(seed);
  const tokens = lexForFormat(source);
  if (!tokens) throw new Error("scramble: the source does not lex");
  const lines = source.split("\n");
  const out: string[] = [];
  let t = 0;
  for (let i = 0; i < lines.length; i++) {
    const onLine: FormatToken[] = [];
    while (t < tokens.length && tokens[t]!.line === i + 1) onLine.push(tokens[t++]!);
    if (onLine.length === 0) {
      // A blank line: sometimes three of them, sometimes with blanks on it.
      out.push(next() < 0.3 ? "   " : "");
      if (lines[i] === "" && i < lines.length - 1 && next() < 0.5) out.push("", "\t");
      continue;
    }
    let text = next() < 0.2 ? "\t" : " ".repeat(Math.floor(next() * 7));
    onLine.forEach((tok, k) => {
      if (k > 0) {
        const prev = onLine[k - 1]!;
        const gap = tok.type === "Comment" || tok.type === "DocComment" || next() < 0.5 || !canTouch(prev, tok) ? " ".repeat(1 + Math.floor(next() * 3)) : "";
        text += gap;
      }
      text += tok.image;
    });
    out.push(text + (next() < 0.2 ? "  " : ""));
  }
  return out.join("\n");
}
