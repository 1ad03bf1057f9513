// The generated Python of every variant of every model spec is committed under
// test/pytorch/generated/ (model.py per variant; the runtime files are vlmc's own, not generated),
// so a change to the compiler shows its effect in review (`-u` accepts it); generation is
// deterministic; and `python3 -m py_compile` accepts every generated file and the runtime.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { spanText } from "../../compiler/diagnostics/source-text.js";
import { specRelativeNames } from "../../compiler/ir/file-names.js";
import { emitPyTorch } from "../../compiler/emit/pytorch/emit.js";
import { inputRoles } from "../../runtime/synthetic.js";
import { compiled, MODELS, REPO, variantsOf, type Compiled } from "../emit/ts-harness.js";
import { PYTHON } from "../parity/torch.js";

const SNAPSHOTS = path.join(import.meta.dirname, "generated");
const OUT = path.join(REPO, "test/output/pytorch-compile");

function generate(c: Compiled, variant: string | undefined): Map<string, string> {
  const { program } = c.front;
  const fileName = specRelativeNames(program.entry, program.stdRoot);
  const r = emitPyTorch(c.front.scopes, c.model, c.ir, { ...(variant !== undefined ? { variant } : {}), roles: inputRoles(c.ir), where: (s) => spanText(s, program.sources, fileName).replace(/:\d+$/, ""), specName: fileName(program.entry) });
  expect(r.problems).toEqual([]);
  return new Map(r.files);
}

describe.each(MODELS)("generated Python of %s", (model) => {
  const variants = variantsOf(compiled(model));
  it.each(variants.map((v) => [v ?? "default", v] as const))("variant %s matches its committed snapshot", async (name, variant) => {
    const files = generate(compiled(model, variant), variant);
    await expect(files.get(`${model}/model.py`)).toMatchFileSnapshot(path.join(SNAPSHOTS, model, `${name}.py`));
    if (variant === undefined) await expect(files.get("train.py")).toMatchFileSnapshot(path.join(SNAPSHOTS, model, "train.py"));
  });
});

describe("generated Python", () => {
  it("is the same bytes twice", () => {
    const a = generate(compiled("blip", "base"), "base");
    const b = generate(compiled("blip", "base"), "base");
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [f, text] of a) expect(b.get(f) === text, f).toBe(true);
  });

  it("compiles under python3 -m py_compile, every variant of every model and the runtime", () => {
    rmSync(OUT, { recursive: true, force: true });
    const files: string[] = [];
    for (const model of MODELS) {
      for (const variant of variantsOf(compiled(model))) {
        for (const [f, text] of generate(compiled(model, variant), variant)) {
          const file = path.join(OUT, `${model}.${variant ?? "default"}`, f);
          mkdirSync(path.dirname(file), { recursive: true });
          writeFileSync(file, text);
          if (f.endsWith(".py") && (!f.includes("/runtime/") || (model === "clip" && variant === undefined))) files.push(file);
        }
      }
    }
    const r = spawnSync(PYTHON, ["-m", "py_compile", ...files], { encoding: "utf8", env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" } });
    expect(r.status, r.stderr).toBe(0);
    expect(files.length).toBeGreaterThan(MODELS.length * 3);
  }, 120_000);
});
