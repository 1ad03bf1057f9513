// The catalog is the one place codes and their sentences live: codes are unique and in range,
// each names the module that reports it (checked against the sources, not trusted), and the
// templates are well formed, used, and the only way grammar/, compiler/, cli/ and runtime/ say
// anything.
import { describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { Diag } from "../compiler/diagnostics/catalog.js";
import { diagnostic } from "../compiler/diagnostics/diagnostic.js";
import { fill, holes, phrase, say } from "../compiler/diagnostics/template.js";
import { RunError } from "../runtime/errors.js";

/** Every .ts source under the given folders, with its text. */
function sources(...roots: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith(".ts") && !p.endsWith(".d.ts")) out.set(p, readFileSync(p, "utf8"));
    }
  };
  roots.forEach(walk);
  return out;
}

/** The catalog: catalog.ts, which merges the range files under catalog/. Mentions there are not reports. */
const isCatalog = (file: string): boolean => file === "compiler/diagnostics/catalog.ts" || file.startsWith("compiler/diagnostics/catalog/");

/**
 * The files that report each code: any use of `Diag.X` except a mere mention — a property of
 * the kind (`Diag.Usage.code` in a list of codes), a type (`typeof Diag.X`), or a phrase of its
 * text used in another diagnostic (`phrase(Diag.X, …)`, a hint).
 */
function reporters(files: Map<string, string>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>(Object.keys(Diag).map((k) => [k, new Set<string>()]));
  for (const [file, text] of files) {
    if (isCatalog(file)) continue;
    for (const m of text.matchAll(/\bDiag\.(\w+)\b(?!\.)/g)) {
      const before = text.slice(Math.max(0, m.index - 8), m.index);
      if (before.endsWith("phrase(") || before.endsWith("typeof ")) continue;
      out.get(m[1]!)?.add(file);
    }
  }
  return out;
}

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
  it("each code is reported by the module the catalog names", () => {
    const found = reporters(sources("grammar", "compiler", "cli", "runtime"));
    for (const [name, k] of Object.entries(Diag)) {
      const files = [...found.get(name)!].sort();
      expect(files.length, `${k.code} (${name}) is reported nowhere`).toBeGreaterThan(0);
      expect(files, `${k.code} (${name}) names ${k.check}`).toContain(k.check);
    }
  });
});

describe("message templates", () => {
  it("fill holes, numbers and plural suffixes", () => {
    expect(fill("`{name}` takes {count} argument{count:s}", { name: "f", count: 1 })).toBe("`f` takes 1 argument");
    expect(fill("`{name}` takes {count} argument{count:s}", { name: "f", count: 3 })).toBe("`f` takes 3 arguments");
    expect(fill("{big} parameters", { big: 2n ** 60n })).toBe("1152921504606846976 parameters");
    // Prose braces are text, not holes.
    expect(fill("declare `model Name { … }` or `forward(...) { ... }`")).toBe("declare `model Name { … }` or `forward(...) { ... }`");
    expect(() => fill("unknown {what}", {})).toThrow(/no argument `what`/);
  });

  it("say fills a message and the hint that goes with it; phrase fills one text", () => {
    expect(say(Diag.UnknownName, "unknown", { what: "block", name: "Vit" })).toEqual({ kind: Diag.UnknownName, message: "unknown block `Vit`" });
    const limit = say(Diag.ElaborationLimit, "steps", { max: "1,000" });
    expect(limit.message).toBe("elaboration takes more than 1,000 steps");
    expect(limit.hint).toMatch(/loop and comprehension bounds/);
    expect(phrase(Diag.UnknownName, "aliasHint", { alias: "f32" })).toBe("write `f32`");
    // @ts-expect-error a misspelt argument is a compile error (tsc checks this file)
    expect(() => say(Diag.UnknownName, "unknown", { what: "name", nmae: "x" })).toThrow(/no argument `name`/);
    // @ts-expect-error an unknown template name is a compile error too
    expect(() => say(Diag.UnknownName, "unknwn")).toThrow(/no template/);
  });

  it("every template is well formed: each `{word` opens a hole that closes", () => {
    for (const [name, k] of Object.entries(Diag)) {
      for (const [tname, t] of Object.entries(k.messages)) {
        for (const text of typeof t === "string" ? [t] : [t.message, t.hint]) {
          const opened = [...text.matchAll(/\{[A-Za-z_]/g)].length;
          expect(holes(text).length, `${name}.${tname}: ${text}`).toBe(opened);
        }
      }
    }
  });

  it("every template is used by some source file", () => {
    const all = [...sources("grammar", "compiler", "cli", "runtime")].filter(([f]) => !isCatalog(f)).map(([, t]) => t).join("\n");
    for (const [name, k] of Object.entries(Diag)) {
      for (const tname of Object.keys(k.messages)) expect(all.includes(`"${tname}"`), `${name}.${tname} is never said`).toBe(true);
    }
  });

  it("grammar/, compiler/, cli/ and runtime/ say every sentence through the catalog", () => {
    // A code is reported only with a filled template (`diagnostic(say(Diag.X, …))`,
    // `RunError.of(say(Diag.X, …))`), never with the code and text written at the call.
    const bypass = /\b(diagnostic|report|RunError\.of)\(\s*Diag\./;
    for (const [file, text] of sources("grammar", "compiler", "cli", "runtime")) {
      expect(text, file).not.toMatch(bypass);
    }
    // Nor through a variable holding the kind: the form taking a code and free text is gone
    // from the API (tsc checks this file), and a kind passed for a sentence has no message.
    // @ts-expect-error diagnostic takes a filled sentence, not a code and text
    expect(() => diagnostic(Diag.Usage, "free text", undefined)).toThrow(TypeError);
    // @ts-expect-error RunError.of too
    expect(() => RunError.of(Diag.Usage, "free text")).toThrow(TypeError);
  });
});
