// The runtime stands apart from the front end: it executes an IR and may read the IR's types and
// registries (compiler/ir, compiler/shapes) and the shared diagnostics, but never the parser, the
// elaborator, the checks or the CLI — so an IR loaded from JSON runs without them.
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { expect, it } from "vitest";

const ALLOWED = ["runtime/", "compiler/ir/", "compiler/shapes/", "compiler/diagnostics/"];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

it("runtime/ imports only the IR, dims, diagnostics and packages", () => {
  const bad: string[] = [];
  for (const file of files("runtime")) {
    for (const m of readFileSync(file, "utf8").matchAll(/^\s*(?:import|export)[^"']*from\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']/gm)) {
      const spec = m[1] ?? m[2]!;
      if (!spec.startsWith(".")) continue;
      const target = path.relative(".", path.resolve(path.dirname(file), spec)).split(path.sep).join("/");
      if (!ALLOWED.some((a) => target.startsWith(a))) bad.push(`${file} imports ${target}`);
    }
  }
  expect(bad).toEqual([]);
});
