// Reads a dimension back from its printed form (`Dim.toString`): `B*T + 1`, `-B + 5`, `T^2`,
// `(T // 2)`, `((B + 1) / 2)`, `(T % 4)`, `min(B, T)`, `max(B, 2*T)`. The text is rebuilt with
// Dim's own arithmetic, so the result is the same canonical dim, in the user's symbols: the IR
// loader relies on parse(print(d)) having d's key. Malformed text is an error naming the
// position, never an exception.
import { Dim, DimFault } from "./dim.js";

export type DimParse = { readonly ok: true; readonly dim: Dim } | { readonly ok: false; readonly error: string };

type Token = { readonly kind: "int" | "name" | "op" | "end"; readonly text: string; readonly at: number };

/** Nesting beyond this is not a printed dim; it would only exhaust the stack. */
const MAX_DEPTH = 64;

function tokenize(text: string): Token[] | string {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === " ") {
      i++;
      continue;
    }
    const rest = text.slice(i);
    const m = /^[0-9]+/.exec(rest) ?? /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest) ?? /^(\/\/|[-+*/%^(),])/.exec(rest);
    if (!m) return `unexpected character '${c}' at ${i + 1}`;
    out.push({ kind: /[0-9]/.test(c) ? "int" : /[A-Za-z_]/.test(c) ? "name" : "op", text: m[0], at: i + 1 });
    i += m[0].length;
  }
  out.push({ kind: "end", text: "", at: text.length + 1 });
  return out;
}

class DimReader {
  private pos = 0;
  private depth = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos]!;
  }

  private fail(what: string): never {
    const t = this.peek();
    throw new SyntaxError(`expected ${what} at ${t.at}, found ${t.kind === "end" ? "the end" : `'${t.text}'`}`);
  }

  private take(text: string): boolean {
    if (this.peek().kind === "op" && this.peek().text === text) {
      this.pos++;
      return true;
    }
    return false;
  }

  whole(): Dim {
    const d = this.sum();
    if (this.peek().kind !== "end") this.fail("an operator");
    return d;
  }

  private sum(): Dim {
    if (++this.depth > MAX_DEPTH) throw new SyntaxError(`nested more than ${MAX_DEPTH} deep`);
    let acc = this.product();
    for (;;) {
      if (this.take("+")) acc = acc.add(this.product());
      else if (this.take("-")) acc = acc.sub(this.product());
      else break;
    }
    this.depth--;
    return acc;
  }

  private product(): Dim {
    let acc = this.unary();
    for (;;) {
      if (this.take("*")) acc = acc.mul(this.unary());
      else if (this.take("//")) acc = acc.floordiv(this.unary());
      else if (this.take("/")) acc = acc.div(this.unary());
      else if (this.take("%")) acc = acc.mod(this.unary());
      else return acc;
    }
  }

  private unary(): Dim {
    if (this.take("-")) return this.unary().neg();
    const base = this.primary();
    return this.take("^") ? base.pow(this.unary()) : base;
  }

  private primary(): Dim {
    const t = this.peek();
    if (t.kind === "int") {
      this.pos++;
      const n = Number(t.text);
      if (!Number.isSafeInteger(n)) throw new SyntaxError(`${t.text} at ${t.at} is too large for a dimension`);
      return Dim.of(n);
    }
    if (t.kind === "name") {
      this.pos++;
      if ((t.text === "min" || t.text === "max") && this.take("(")) {
        const a = this.sum();
        if (!this.take(",")) this.fail("','");
        const b = this.sum();
        if (!this.take(")")) this.fail("')'");
        return t.text === "min" ? a.min(b) : a.max(b);
      }
      return Dim.sym(t.text);
    }
    if (this.take("(")) {
      const d = this.sum();
      if (!this.take(")")) this.fail("')'");
      return d;
    }
    return this.fail("a number, a name or '('");
  }
}

export function parseDim(text: string): DimParse {
  const tokens = tokenize(text);
  if (typeof tokens === "string") return { ok: false, error: tokens };
  try {
    return { ok: true, dim: new DimReader(tokens).whole() };
  } catch (e) {
    if (e instanceof SyntaxError || e instanceof DimFault) return { ok: false, error: e.message };
    throw e;
  }
}
