// Generated TypeScript for the tests: a spec variant through `emitTypeScript`, written where a
// test can import it (with the runtime imported by relative path, since `vlmc/runtime` resolves
// to the built package) or type-check it (with `vlmc/runtime` mapped to the sources).
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { ModelDecl } from "../../grammar/ast.js";
import { compileFile, type FrontEnd } from "../../compiler/compile.js";
import { spanText } from "../../compiler/diagnostics/source-text.js";
import { specRelativeNames } from "../../compiler/ir/file-names.js";
import type { IrGraph } from "../../compiler/ir/types.js";
import { emitTypeScript } from "../../compiler/emit/ts/emit.js";

export const REPO = path.resolve(import.meta.dirname, "../..");
export const MODELS = ["clip", "blip", "albef", "vilt", "vlmo", "coca", "beit3"] as const;

export function specPath(model: string): string {
  return path.join(REPO, "specs/models", `${model}.vlm`);
}

export interface Compiled {
  readonly front: FrontEnd;
  readonly ir: IrGraph;
  readonly model: ModelDecl;
}

export function compiled(model: string, variant?: string): Compiled {
  const { front, ir, diagnostics } = compileFile(specPath(model), variant !== undefined ? { variant } : {});
  if (!ir) throw new Error(`${model} ${variant ?? ""}: ${diagnostics.map((d) => d.message).join("; ")}`);
  return { front, ir, model: front.models.find((m) => m.name.name === ir.model)! };
}

/** The variants a spec declares (the default configuration first, as undefined). */
export function variantsOf(c: Compiled): (string | undefined)[] {
  return [undefined, ...c.model.body.flatMap((s) => (s.kind === "VariantStmt" ? [s.name.name] : []))];
}

/** The generated module's text, as `vlmc compile` writes it (runtime from `vlmc/runtime` unless given). */
export async function generated(c: Compiled, variant: string | undefined, runtimeImport?: string, target: "ts" | "js" = "ts"): Promise<Map<string, string>> {
  const { program } = c.front;
  const fileName = specRelativeNames(program.entry, program.stdRoot);
  const r = await emitTypeScript(c.front.scopes, c.model, {
    target,
    ...(variant !== undefined ? { variant } : {}),
    ...(runtimeImport !== undefined ? { runtimeImport } : {}),
    where: (span) => spanText(span, program.sources, fileName).replace(/:\d+$/, ""),
    specName: fileName(program.entry),
  });
  if (r.problems.length) throw new Error(r.problems.map((p) => p.message).join("; "));
  return new Map(r.files);
}

/** Writes a model's generated TypeScript where it can be imported, importing the runtime's sources. */
export async function importable(model: string, variant: string, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${model}.${variant}.ts`);
  const runtime = path.relative(dir, path.join(REPO, "runtime/api/index.js")).split(path.sep).join("/");
  const text = (await generated(compiled(model, variant), variant, runtime.startsWith(".") ? runtime : `./${runtime}`)).get("model.ts")!;
  writeFileSync(file, text);
  return file;
}
