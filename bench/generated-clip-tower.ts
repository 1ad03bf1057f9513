// The generated side of the runtime benchmark (issue #8: "the generated CLIP image tower is no
// slower than the runtime's"): specs/models/clip.vlm compiled by `vlmc compile --target js` at
// bench time, importing the built runtime entry point (dist/runtime/api/index.js, by file URL, so
// it shares this process's tfjs engine and backend), loaded from a temporary folder, built as
// `new CLIP(CLIPPresets[variant])` and timed on `model.visual.forward(pixels)` in a run of its own
// under one tf.tidy — what a user of the generated module writes.
// Its image-tower parameters are then pointed at the runtime tower's tensors (tfjs's
// Variable.assign shares the data, no copy): the two compute on the same weight buffers, the
// heap holds one copy of the tower rather than two (a second B/16 would crowd the 4 GiB WASM heap
// beside the hand-written towers), and the kernels' transposed-weight cache serves both alike.
// For the same reason the generated text tower's parameters, which the benchmark never reads, are
// freed as soon as the model is built.
// The weights' equality itself, seed for seed, is test/runtime/api's concern, not the benchmark's.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { compileFile } from "../compiler/compile.js";
import { hasErrors } from "../compiler/diagnostics/diagnostic.js";
import { emitTypeScript } from "../compiler/emit/ts/emit.js";
import { withRun, type AnyBlock, type Model, type ModelOptions } from "../runtime/api/index.js";
import { tf, type Tensor, type Variable } from "../runtime/tf.js";

const SPEC = "specs/models/clip.vlm";

/** What the benchmark uses of the generated module. */
interface GeneratedClipModule {
  readonly CLIP: new (config: object, options: ModelOptions) => Model & { readonly visual: AnyBlock };
  readonly CLIPPresets: Readonly<Record<string, object>>;
}

export interface GeneratedTower {
  /** Bytes of the image tower's parameters (shared with the runtime's tower). */
  readonly towerParamBytes: number;
  forward(pixels: Tensor): Tensor;
  dispose(): void;
}

/** The built runtime entry point, as a URL the generated module can import from anywhere. */
function runtimeEntry(): string {
  return pathToFileURL(path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../runtime/api/index.js")).href;
}

/** Compiles CLIP to JavaScript and imports it from a temporary folder (removed once loaded). */
async function importGeneratedClip(variant: string): Promise<GeneratedClipModule> {
  const { front, ir, diagnostics } = compileFile(SPEC, { variant });
  if (!ir || hasErrors(diagnostics)) throw new Error(`${SPEC} (${variant}) does not compile`);
  const model = front.models.find((m) => m.name.name === ir.model)!;
  const emitted = await emitTypeScript(front.scopes, model, {
    target: "js",
    variant,
    runtimeImport: runtimeEntry(),
    where: (span) => `${path.basename(span.file)}@${span.start}`,
    specName: path.basename(SPEC),
  });
  if (emitted.problems.length) throw new Error(`${SPEC}: the generator reports ${emitted.problems[0]!.message}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), "vlmc-bench-"));
  try {
    // .mjs: the temporary folder has no package.json saying its .js files are ES modules.
    const file = path.join(dir, "clip.mjs");
    writeFileSync(file, emitted.files.get("model.js")!);
    return (await import(pathToFileURL(file).href)) as GeneratedClipModule;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The generated CLIP's image tower, its parameters sharing the tensors `weight(name)` gives for
 * each full parameter name (the runtime tower's state).
 */
export async function generatedImageTower(variant: string, seed: number, weight: (name: string) => Tensor): Promise<GeneratedTower> {
  const mod = await importGeneratedClip(variant);
  const model = new mod.CLIP(mod.CLIPPresets[variant]!, { seed });
  const tower = new Set<Variable>();
  const rest = new Set<Variable>();
  for (const [name, v] of model.namedParameters()) {
    if (!name.startsWith("visual.")) rest.add(v);
    else if (!tower.has(v)) {
      v.assign(weight(name));
      tower.add(v);
    }
  }
  for (const v of rest) v.dispose();
  return {
    towerParamBytes: [...tower].reduce((sum, v) => sum + v.size * 4, 0),
    forward: (pixels) => withRun({}, () => tf.tidy(() => model.visual.forward(pixels))),
    // Each variable once: the model's own dispose would meet the text tower's, already freed.
    dispose: () => tower.forEach((v) => v.dispose()),
  };
}
