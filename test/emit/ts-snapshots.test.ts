// The generated TypeScript of every variant of every model spec is committed under
// test/emit/generated/, so a change to the compiler shows its effect on generated code in review
// (`npx vitest run test/emit/ts-snapshots.test.ts -u` accepts it). Generation is deterministic:
// compiling twice gives the same bytes, and the JavaScript target is the same module.
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { compiled, generated, MODELS, variantsOf } from "./ts-harness.js";

const SNAPSHOTS = path.join(import.meta.dirname, "generated");

describe.each(MODELS)("generated TypeScript of %s", (model) => {
  const variants = variantsOf(compiled(model));
  it.each(variants.map((v) => [v ?? "default", v] as const))("variant %s matches its committed snapshot", async (name, variant) => {
    const text = (await generated(compiled(model, variant), variant)).get("model.ts")!;
    await expect(text).toMatchFileSnapshot(path.join(SNAPSHOTS, model, `${name}.ts`));
  });
});

describe("generation", () => {
  it("gives the same bytes twice, from fresh front ends", async () => {
    const a = (await generated(compiled("blip", "base"), "base")).get("model.ts")!;
    const b = (await generated(compiled("blip", "base"), "base")).get("model.ts")!;
    expect(Buffer.from(b).equals(Buffer.from(a))).toBe(true);
  });

  it("writes JavaScript and declarations from the same module", async () => {
    const js = await generated(compiled("clip", "tiny"), "tiny", undefined, "js");
    expect([...js.keys()].sort()).toEqual(["model.d.ts", "model.js"]);
    const code = js.get("model.js")!;
    expect(code).toContain("export class CLIP extends Model");
    expect(code).not.toMatch(/: Tensor\b|interface /);
    const dts = js.get("model.d.ts")!;
    expect(dts).toContain("export declare class CLIP extends Model<CLIPInputs, CLIPValues, CLIPLosses>");
    expect(dts).toContain("forward(x: Tensor, ctx?: Tensor, mask?: Tensor, bias?: Tensor): Tensor;");
  });
});
