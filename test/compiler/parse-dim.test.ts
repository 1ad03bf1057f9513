// Dims read back from their printed form are the same canonical dims: hand-picked cases for
// every atom (floor division, exact division, modulo, min, max, powers, negative terms), a
// seeded sweep of random expressions, and malformed text as errors, not exceptions.
import { describe, expect, it } from "vitest";
import { Dim } from "../../compiler/shapes/dim.js";
import { parseDim } from "../../compiler/shapes/parse-dim.js";
import { prng } from "../fuzz/mutate.js";

const B = Dim.sym("B");
const T = Dim.sym("T");
const n = Dim.of;

function roundTrip(d: Dim): Dim {
  const r = parseDim(d.toString());
  if (!r.ok) throw new Error(`${d} did not parse: ${r.error}`);
  return r.dim;
}

describe("parseDim", () => {
  it("reads the printed form of every kind of dim back to the same key", () => {
    const cases = [
      n(0),
      n(768),
      n(-3),
      B,
      B.mul(T).add(T.mul(n(2))).add(n(1)),
      B.neg().add(n(5)),
      T.pow(n(2)).mul(n(3)).sub(B),
      T.floordiv(n(2)),
      T.add(n(1)).floordiv(n(2)).mul(n(2)),
      B.floordiv(n(-3)),
      T.add(B).div(n(3)),
      B.mul(T).add(n(1)).div(T.add(n(2))),
      T.mod(n(4)),
      B.min(T),
      B.max(T.mul(n(2))),
      B.min(T).pow(n(2)).add(T.floordiv(n(2)).mul(B)),
      B.mul(T).add(n(1)).floordiv(n(2)).min(B.max(T)),
      T.sub(n(1)).floordiv(n(2)).pow(n(3)),
    ];
    for (const d of cases) {
      const back = roundTrip(d);
      expect(back.key, d.toString()).toBe(d.key);
      expect(back.toString()).toBe(d.toString());
    }
  });

  it("keeps the user's symbols", () => {
    const r = parseDim("T_text*B + 1");
    expect(r.ok && [...r.dim.symbols()].sort()).toEqual(["B", "T_text"]);
  });

  it("reads 500 random expressions back to the same key", () => {
    const rand = prng(7);
    const leaves = [B, T, Dim.sym("N"), n(1), n(2), n(3), n(7), n(16)];
    const grow = (depth: number): Dim => {
      if (depth === 0 || rand() < 0.25) return leaves[Math.floor(rand() * leaves.length)]!;
      const a = grow(depth - 1);
      const b = grow(depth - 1);
      switch (Math.floor(rand() * 8)) {
        case 0:
          return a.add(b);
        case 1:
          return a.sub(b);
        case 2:
          return a.mul(b);
        case 3:
          return b.value === 0 ? a : a.floordiv(b);
        case 4:
          return b.value === 0 ? a : a.mod(b);
        case 5:
          return a.min(b);
        case 6:
          return a.max(b);
        default:
          return a.pow(n(2));
      }
    };
    for (let i = 0; i < 500; i++) {
      const d = grow(4);
      expect(roundTrip(d).key, d.toString()).toBe(d.key);
    }
  });

  it("reports malformed text with its position", () => {
    expect(parseDim("B +")).toEqual({ ok: false, error: "expected a number, a name or '(' at 4, found the end" });
    expect(parseDim("min(B T)")).toEqual({ ok: false, error: "expected ',' at 7, found 'T'" });
    expect(parseDim("B & T")).toEqual({ ok: false, error: "unexpected character '&' at 3" });
    expect(parseDim("(B")).toMatchObject({ ok: false });
    expect(parseDim("B B")).toMatchObject({ ok: false });
    expect(parseDim("T / 0")).toMatchObject({ ok: false, error: "division by zero" });
    expect(parseDim("T^-1")).toMatchObject({ ok: false });
    expect(parseDim("99999999999999999999")).toMatchObject({ ok: false });
    expect(parseDim("(".repeat(500) + "B" + ")".repeat(500))).toMatchObject({ ok: false });
  });
});
