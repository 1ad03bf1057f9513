// Symbolic dimensions: integer polynomials over the user's named symbols (B, T, …), with floor
// division, modulo, min and max kept as opaque atoms when they cannot be folded. Every Dim has
// one canonical key, so provable equality is key equality. Constants take a fast path: most
// dims in a spec are numbers once hyperparameters are known.
// Coefficients are exact (bigint): FLOP and element counts built from these dims routinely pass
// 2^53 (a FLOP count at B = 10^6), and must stay exact. A tensor dimension, though, must fit a JS
// number: `value` refuses to read an unsafe constant, and `checked()` is how the elaborator
// turns an absurd dimension into a diagnostic where it is computed.

export class DimFault extends Error {
  constructor(
    readonly kind: "divisible" | "zero-division" | "overflow" | "negative-power",
    message: string,
  ) {
    super(message);
  }
}

type Atom =
  | { readonly kind: "sym"; readonly name: string; readonly key: string }
  | { readonly kind: "floordiv" | "div" | "mod" | "min" | "max"; readonly a: Dim; readonly b: Dim; readonly key: string };

interface Term {
  readonly coef: bigint;
  /** Atoms with their powers, sorted by atom key. */
  readonly factors: readonly (readonly [Atom, number])[];
  /** "" for the constant term. */
  readonly mono: string;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function isSafe(n: bigint): boolean {
  return n <= MAX_SAFE && n >= -MAX_SAFE;
}

function overflow(n: bigint | number): DimFault {
  return new DimFault("overflow", `dimension arithmetic overflows (${n})`);
}

/** Floor division of bigints (`/` truncates toward zero). */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

function monoKey(factors: readonly (readonly [Atom, number])[]): string {
  return factors.map(([a, p]) => (p === 1 ? a.key : `${a.key}^${p}`)).join("*");
}

export class Dim {
  private constructor(
    /** Sorted by monomial key; no zero coefficients. */
    readonly terms: readonly Term[],
    readonly key: string,
  ) {}

  private static readonly constCache = new Map<number, Dim>();

  /** A constant; `n` must be a safe integer (counts beyond that come from `ofExact`). */
  static of(n: number): Dim {
    let d = Dim.constCache.get(n);
    if (!d) {
      if (!Number.isSafeInteger(n)) throw overflow(n);
      d = new Dim(n === 0 ? [] : [{ coef: BigInt(n), factors: [], mono: "" }], String(n));
      if (Dim.constCache.size < 4096) Dim.constCache.set(n, d);
    }
    return d;
  }

  /** A constant of any size. */
  static ofExact(n: bigint): Dim {
    if (isSafe(n)) return Dim.of(Number(n));
    return new Dim([{ coef: n, factors: [], mono: "" }], String(n));
  }

  static sym(name: string): Dim {
    const atom: Atom = { kind: "sym", name, key: name };
    return Dim.fromTerms([{ coef: 1n, factors: [[atom, 1]], mono: name }]);
  }

  private static fromTerms(terms: Term[]): Dim {
    const merged = new Map<string, Term>();
    for (const t of terms) {
      if (t.coef === 0n) continue;
      const prev = merged.get(t.mono);
      if (prev) {
        const coef = prev.coef + t.coef;
        if (coef === 0n) merged.delete(t.mono);
        else merged.set(t.mono, { ...prev, coef });
      } else merged.set(t.mono, t);
    }
    const sorted = [...merged.values()].sort((x, y) => (x.mono < y.mono ? -1 : x.mono > y.mono ? 1 : 0));
    if (sorted.length === 0) return Dim.of(0);
    if (sorted.length === 1 && sorted[0]!.mono === "") return Dim.ofExact(sorted[0]!.coef);
    const key = sorted.map((t) => `${t.coef}${t.mono ? "*" + t.mono : ""}`).join("+");
    return new Dim(sorted, key);
  }

  private static atom(atom: Atom): Dim {
    return Dim.fromTerms([{ coef: 1n, factors: [[atom, 1]], mono: atom.key }]);
  }

  // ------------------------------------------------------------ queries

  get isConst(): boolean {
    return this.terms.length === 0 || (this.terms.length === 1 && this.terms[0]!.mono === "");
  }

  /** The exact value of a constant dim; undefined if symbolic. */
  get exact(): bigint | undefined {
    if (this.terms.length === 0) return 0n;
    if (this.terms.length === 1 && this.terms[0]!.mono === "") return this.terms[0]!.coef;
    return undefined;
  }

  /**
   * The value of a constant dim as a number; undefined if symbolic. A constant beyond 2^53 is
   * no tensor dimension: reading it as one is a fault (counts read `exact`).
   */
  get value(): number | undefined {
    const e = this.exact;
    if (e === undefined) return undefined;
    if (!isSafe(e)) throw overflow(e);
    return Number(e);
  }

  /** This dim, if every coefficient fits a JS number; else a DimFault (for tensor dimensions). */
  checked(): Dim {
    for (const t of this.terms) if (!isSafe(t.coef)) throw overflow(t.coef);
    return this;
  }

  equals(other: Dim): boolean {
    return this === other || this.key === other.key;
  }

  /** Named symbols this dim depends on (including inside opaque atoms). */
  symbols(): Set<string> {
    const out = new Set<string>();
    const visit = (d: Dim): void => {
      for (const t of d.terms) {
        for (const [a] of t.factors) {
          if (a.kind === "sym") out.add(a.name);
          else {
            visit(a.a);
            visit(a.b);
          }
        }
      }
    };
    visit(this);
    return out;
  }

  /** Sign of this - other if it is provable, else undefined. */
  compare(other: Dim): -1 | 0 | 1 | undefined {
    const v = this.sub(other).exact;
    if (v === undefined) return undefined;
    return v < 0n ? -1 : v > 0n ? 1 : 0;
  }

  // ------------------------------------------------------------ arithmetic

  add(o: Dim): Dim {
    if (this.isConst && o.isConst) return Dim.ofExact(this.exact! + o.exact!);
    return Dim.fromTerms([...this.terms, ...o.terms]);
  }

  neg(): Dim {
    if (this.isConst) return Dim.ofExact(-this.exact!);
    return Dim.fromTerms(this.terms.map((t) => ({ ...t, coef: -t.coef })));
  }

  sub(o: Dim): Dim {
    return this.add(o.neg());
  }

  mul(o: Dim): Dim {
    if (this.isConst && o.isConst) return Dim.ofExact(this.exact! * o.exact!);
    const out: Term[] = [];
    for (const x of this.terms) {
      for (const y of o.terms) {
        const powers = new Map<string, [Atom, number]>();
        for (const [a, p] of [...x.factors, ...y.factors]) {
          const prev = powers.get(a.key);
          powers.set(a.key, [a, (prev?.[1] ?? 0) + p]);
        }
        const factors = [...powers.values()].sort((p, q) => (p[0].key < q[0].key ? -1 : p[0].key > q[0].key ? 1 : 0));
        out.push({ coef: x.coef * y.coef, factors, mono: monoKey(factors) });
      }
    }
    return Dim.fromTerms(out);
  }

  pow(o: Dim): Dim {
    const n = o.value;
    if (n === undefined) throw new DimFault("negative-power", "exponent must be a known integer");
    if (n < 0) throw new DimFault("negative-power", `a dimension cannot be raised to a negative power (${n})`);
    let acc = Dim.of(1);
    for (let i = 0; i < n; i++) {
      acc = acc.mul(this);
      if (i > 64) throw new DimFault("overflow", "exponent too large");
    }
    return acc;
  }

  /** Every coefficient divisible by the constant c. */
  private divisibleBy(c: bigint): boolean {
    return this.terms.every((t) => t.coef % c === 0n);
  }

  private scaleDown(c: bigint): Dim {
    return Dim.fromTerms(this.terms.map((t) => ({ ...t, coef: t.coef / c })));
  }

  /**
   * Exact division `a / b`: the result must be an integer. Constants that do not divide raise a
   * `divisible` fault; symbolic quotients that cannot be simplified stay as a `div` atom.
   */
  div(o: Dim): Dim {
    const b = o.exact;
    if (b === 0n) throw new DimFault("zero-division", "division by zero");
    if (this.isConst && b !== undefined) {
      const a = this.exact!;
      if (a % b !== 0n) throw new DimFault("divisible", `${a} is not divisible by ${b}`);
      return Dim.ofExact(a / b);
    }
    if (b !== undefined && this.divisibleBy(b)) return this.scaleDown(b);
    const q = this.divideByMonomial(o);
    if (q) return q;
    return Dim.atom({ kind: "div", a: this, b: o, key: `(${this.key})/(${o.key})` });
  }

  /** a / m where m is a single monomial that divides every term of a, e.g. (B*T + T) / T. */
  private divideByMonomial(o: Dim): Dim | undefined {
    if (o.terms.length !== 1) return undefined;
    const m = o.terms[0]!;
    const out: Term[] = [];
    for (const t of this.terms) {
      if (t.coef % m.coef !== 0n) return undefined;
      const powers = new Map<string, [Atom, number]>(t.factors.map(([a, p]) => [a.key, [a, p]]));
      for (const [a, p] of m.factors) {
        const have = powers.get(a.key);
        if (!have || have[1] < p) return undefined;
        if (have[1] === p) powers.delete(a.key);
        else powers.set(a.key, [a, have[1] - p]);
      }
      const factors = [...powers.values()].sort((p, q) => (p[0].key < q[0].key ? -1 : 1));
      out.push({ coef: t.coef / m.coef, factors, mono: monoKey(factors) });
    }
    return Dim.fromTerms(out);
  }

  floordiv(o: Dim): Dim {
    const b = o.exact;
    if (b === 0n) throw new DimFault("zero-division", "division by zero");
    if (this.isConst && b !== undefined) return Dim.ofExact(floorDiv(this.exact!, b));
    if (b !== undefined && this.divisibleBy(b)) return this.scaleDown(b);
    return Dim.atom({ kind: "floordiv", a: this, b: o, key: `floor((${this.key})/(${o.key}))` });
  }

  mod(o: Dim): Dim {
    const b = o.exact;
    if (b === 0n) throw new DimFault("zero-division", "modulo by zero");
    if (this.isConst && b !== undefined) {
      const a = this.exact!;
      return Dim.ofExact(((a % b) + b) % b);
    }
    if (b !== undefined && this.divisibleBy(b)) return Dim.of(0);
    return Dim.atom({ kind: "mod", a: this, b: o, key: `(${this.key})%(${o.key})` });
  }

  min(o: Dim): Dim {
    const c = this.compare(o);
    if (c !== undefined) return c <= 0 ? this : o;
    const [a, b] = this.key < o.key ? [this, o] : [o, this];
    return Dim.atom({ kind: "min", a, b, key: `min(${a.key},${b.key})` });
  }

  max(o: Dim): Dim {
    const c = this.compare(o);
    if (c !== undefined) return c >= 0 ? this : o;
    const [a, b] = this.key < o.key ? [this, o] : [o, this];
    return Dim.atom({ kind: "max", a, b, key: `max(${a.key},${b.key})` });
  }

  /** Replace symbols by dims (e.g. B = 1 for per-sample FLOPs). */
  substitute(bindings: ReadonlyMap<string, Dim>): Dim {
    if (this.isConst || bindings.size === 0) return this;
    let acc = Dim.of(0);
    for (const t of this.terms) {
      let term = Dim.ofExact(t.coef);
      for (const [a, p] of t.factors) {
        let base: Dim;
        if (a.kind === "sym") base = bindings.get(a.name) ?? Dim.sym(a.name);
        else {
          const x = a.a.substitute(bindings);
          const y = a.b.substitute(bindings);
          base =
            a.kind === "floordiv" ? x.floordiv(y) : a.kind === "div" ? x.div(y) : a.kind === "mod" ? x.mod(y) : a.kind === "min" ? x.min(y) : x.max(y);
        }
        term = term.mul(base.pow(Dim.of(p)));
      }
      acc = acc.add(term);
    }
    return acc;
  }

  // ------------------------------------------------------------ printing

  toString(): string {
    if (this.isConst) return String(this.exact);
    // Highest degree first, constant last: `B*T + 2*T + 1`.
    const degree = (t: Term): number => t.factors.reduce((s, [, p]) => s + p, 0);
    const ordered = [...this.terms].sort((x, y) => degree(y) - degree(x) || (x.mono < y.mono ? -1 : 1));
    let out = "";
    ordered.forEach((t, i) => {
      const body = t.factors.map(([a, p]) => atomString(a) + (p === 1 ? "" : `^${p}`)).join("*");
      const mag = t.coef < 0n ? -t.coef : t.coef;
      const text = body === "" ? String(mag) : mag === 1n ? body : `${mag}*${body}`;
      if (i === 0) out = t.coef < 0n ? `-${text}` : text;
      else out += t.coef < 0n ? ` - ${text}` : ` + ${text}`;
    });
    return out;
  }
}

function paren(d: Dim): string {
  const s = d.toString();
  return d.terms.length > 1 || (d.terms.length === 1 && d.terms[0]!.coef !== 1n && !d.isConst) ? `(${s})` : s;
}

/** A right operand of `//`, `/` or `%` is also wrapped when it is a product: `(N % (B*T))`. */
function parenRight(d: Dim): string {
  const single = d.terms.length === 1 && d.terms[0]!.factors.length > 1;
  return single && d.terms[0]!.coef === 1n ? `(${d.toString()})` : paren(d);
}

function atomString(a: Atom): string {
  switch (a.kind) {
    case "sym":
      return a.name;
    case "floordiv":
      return `(${paren(a.a)} // ${parenRight(a.b)})`;
    case "div":
      return `(${paren(a.a)} / ${parenRight(a.b)})`;
    case "mod":
      return `(${paren(a.a)} % ${parenRight(a.b)})`;
    case "min":
      return `min(${a.a}, ${a.b})`;
    case "max":
      return `max(${a.a}, ${a.b})`;
  }
}

export function shapeString(shape: readonly Dim[]): string {
  return `[${shape.map((d) => d.toString()).join(", ")}]`;
}

/** The product of dims (number of elements), symbolic if any dim is. */
export function numel(shape: readonly Dim[]): Dim {
  let acc = Dim.of(1);
  for (const d of shape) acc = acc.mul(d);
  return acc;
}
