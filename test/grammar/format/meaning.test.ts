// Formatting never changes meaning: for every shipped model and variant, the IR (`vlmc ir --json`
// form, source positions left out) compiled from a scrambled copy of the spec and of all of std
// is identical to the IR compiled from the same files after `format`. Scrambling first makes the
// formatter do real work: the shipped specs are already formatted.
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { compileFile, defaultHost, type Host } from "../../../compiler/compile.js";
import { memoryFileSystem } from "../../../compiler/context.js";
import { serializeIr } from "../../../compiler/ir/serialize.js";
import { format } from "../../../grammar/format/index.js";
import { scramble } from "./scramble.js";

const MODELS = readdirSync("specs/models").filter((f) => f.endsWith(".vlm")).sort();
const STD = readdirSync(defaultHost.stdRoot).filter((f) => f.endsWith(".vlm")).map((f) => path.join(defaultHost.stdRoot, f));

/** The serialised IR with every span and frame site replaced by null. */
function withoutPositions(json: string): unknown {
  return JSON.parse(json, (key, value: unknown) => (key === "span" || key === "site" ? null : value));
}

/** A host whose files (the model spec and std) are `transform` of the shipped ones. */
function hostWith(files: readonly string[], transform: (text: string, file: string) => string): Host {
  const texts = Object.fromEntries(files.map((f) => [f, transform(readFileSync(f, "utf8"), f)]));
  return { fs: memoryFileSystem(texts, defaultHost.fs), stdRoot: defaultHost.stdRoot };
}

function variantsOf(file: string): (string | undefined)[] {
  const text = readFileSync(file, "utf8");
  return [undefined, ...[...text.matchAll(/^\s*variant (\w+)/gm)].map((m) => m[1]!)];
}

describe("formatting keeps the IR", () => {
  for (const name of MODELS) {
    const spec = `specs/models/${name}`;
    it(`${spec}, every variant`, () => {
      const files = [spec, ...STD];
      const seed = name.length;
      const scrambled = hostWith(files, (t) => scramble(t, seed));
      const formattedHost = hostWith(files, (t, f) => {
        const r = format(scramble(t, seed), f);
        expect(r.diagnostics, f).toEqual([]);
        expect(r.changed, `${f}: the scrambled copy must need formatting`).toBe(true);
        return r.text!;
      });
      for (const variant of variantsOf(spec)) {
        const options = variant ? { variant } : {};
        const before = compileFile(spec, options, scrambled);
        const after = compileFile(spec, options, formattedHost);
        expect(before.diagnostics.filter((d) => d.severity === "error"), `${spec} ${variant}`).toEqual([]);
        expect(after.ir, `${spec} ${variant}`).toBeDefined();
        expect(withoutPositions(serializeIr(after.ir!)), `${spec} ${variant ?? "(default)"}`).toEqual(withoutPositions(serializeIr(before.ir!)));
      }
    });
  }
});
