import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { Diag } from "../compiler/diagnostics/catalog.js";

describe("diagnostic catalog", () => {
  const kinds = Object.values(Diag);
  it("codes are unique", () => {
    const codes = kinds.map((k) => k.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
  it("codes sit in their ranges", () => {
    for (const k of kinds) expect(k.code).toMatch(/^VLM[1-6][0-9]{3}$/);
  });
  it("each code names an existing owner module", () => {
    for (const k of kinds) {
      const owner = k.check.endsWith(".ts") ? k.check : `${k.check}/main.ts`;
      expect(existsSync(owner), `${k.code} → ${k.check}`).toBe(true);
    }
  });
});
