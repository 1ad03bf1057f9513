import { describe, expect, it } from "vitest";
import { Dim, DimFault, numel } from "../../compiler/shapes/dim.js";

const B = Dim.sym("B");
const T = Dim.sym("T");
const n = Dim.of;

describe("symbolic dims", () => {
  it("folds constants", () => {
    expect(n(224).div(n(16)).pow(n(2)).add(n(1)).value).toBe(197);
    expect(n(7).floordiv(n(2)).value).toBe(3);
    expect(n(-7).mod(n(3)).value).toBe(2);
    expect(n(3).min(n(5)).value).toBe(3);
  });

  it("normalises polynomials so equal expressions have equal keys", () => {
    const a = B.mul(T.add(n(1)));
    const b = T.mul(B).add(B);
    expect(a.equals(b)).toBe(true);
    expect(a.toString()).toBe("B*T + B");
    expect(T.add(n(1)).sub(n(1)).equals(T)).toBe(true);
    expect(B.mul(T).div(T).equals(B)).toBe(true);
    expect(n(4).mul(T).div(n(2)).equals(T.mul(n(2)))).toBe(true);
  });

  it("keeps what it cannot simplify as opaque atoms, compared structurally", () => {
    const a = T.floordiv(n(2));
    expect(a.value).toBeUndefined();
    expect(a.equals(T.floordiv(n(2)))).toBe(true);
    expect(a.equals(T.div(n(2)))).toBe(false);
    expect(T.min(B).equals(B.min(T))).toBe(true);
  });

  it("decides comparisons only when the difference is constant", () => {
    expect(T.add(n(1)).compare(T)).toBe(1);
    expect(T.compare(n(77))).toBeUndefined();
  });

  it("rejects inexact division, division by zero and overflow", () => {
    expect(() => n(225).div(n(16))).toThrow(DimFault);
    expect(() => n(3).div(n(0))).toThrow(DimFault);
    // Products are exact past 2^53 (counts need that); reading one as a tensor dimension is not.
    const big = n(2 ** 40).mul(n(2 ** 40));
    expect(big.exact).toBe(2n ** 80n);
    expect(() => big.value).toThrow(DimFault);
    expect(() => B.mul(big).checked()).toThrow(DimFault);
    expect(B.mul(big).substitute(new Map([["B", n(3)]])).exact).toBe(3n * 2n ** 80n);
  });

  it("substitutes symbols", () => {
    const flops = B.mul(T).mul(n(2)).add(B);
    expect(flops.substitute(new Map([["B", n(1)], ["T", n(40)]])).value).toBe(81);
    expect(numel([B, n(3), T]).toString()).toBe("3*B*T");
  });
});
