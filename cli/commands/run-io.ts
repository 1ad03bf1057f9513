// The files and sizes `vlmc run` takes from the user: the batch and --dim values that bind the
// spec's shape symbols when inputs are synthetic, --inputs and --weights (safetensors), and
// --save-outputs.
import { existsSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { Diag } from "../../compiler/diagnostics/catalog.js";
import { phrase, say } from "../../compiler/diagnostics/template.js";
import { diagnostic, hasErrors, type Diagnostic } from "../../compiler/diagnostics/diagnostic.js";
import { STD_ROOT } from "../../compiler/context.js";
import type { IrGraph } from "../../compiler/ir/types.js";
import { Dim, shapeString } from "../../compiler/shapes/dim.js";
import { bindDims, type DimBindings } from "../../runtime/dims.js";
import { RunError } from "../../runtime/errors.js";
import type { HostTensor } from "../../runtime/init.js";
import type { ModelState } from "../../runtime/state.js";
import type { Tensor } from "../../runtime/tf.js";
import { loadsInto, storageOf } from "../../runtime/weights/dtypes.js";
import { loadWeights } from "../../runtime/weights/load.js";
import { openSafetensors, writeSafetensors, type StWriteEntry } from "../../runtime/weights/safetensors.js";
import { loadIntoState } from "../../runtime/weights/save.js";

/** Weight maps shipped with vlmc (specs/maps/), beside the std library. */
const MAPS_ROOT = path.join(path.dirname(STD_ROOT), "maps");

/**
 * Dims for synthetic inputs: `B` is the batch; any other symbol the needed inputs use must be
 * fixed with --dim. The shapes this gives are then checked like given inputs would be.
 */
export function bindRunDims(ir: IrGraph, batch: number, fixed: Readonly<Record<string, number>>, needed: ReadonlySet<string>): DimBindings {
  const known = new Map<string, Dim>(Object.entries(fixed).map(([k, v]) => [k, Dim.of(v)]));
  if (!known.has("B")) known.set("B", Dim.of(batch));
  const shapes = new Map<string, number[]>();
  for (const input of ir.inputs) {
    if (!needed.has(input.name)) continue;
    const declared = ir.nodes[input.node]!.type.shape;
    const dims = declared.map((d) => d.substitute(known));
    const open = dims.flatMap((d) => [...d.symbols()]);
    if (open.length) {
      throw new RunError([
        diagnostic(say(Diag.InputShape, "syntheticSize", { dim: open[0]!, name: input.name, shape: shapeString(declared) }), input.span),
      ]);
    }
    shapes.set(input.name, dims.map((d) => d.value!));
  }
  const bindings = Object.fromEntries([...known].map(([k, d]) => [k, d.value!]));
  return bindDims(ir, shapes, bindings);
}

/** `--inputs FILE`: every tensor named after a model input, read in that input's dtype. */
export function readInputsFile(ir: IrGraph, file: string): Map<string, HostTensor> {
  const { reader, diagnostics } = openSafetensors(file);
  if (!reader) throw new RunError(diagnostics);
  const problems: Diagnostic[] = [];
  const out = new Map<string, HostTensor>();
  const declared = new Map(ir.inputs.map((i) => [i.name, i]));
  for (const [name, entry] of reader.entries) {
    const input = declared.get(name);
    if (!input) {
      problems.push(
        diagnostic(say(Diag.InputUnknown, "notInput", { file, name, model: ir.model, inputs: ir.inputs.map((i) => i.name).join(", ") || phrase(Diag.InputUnknown, "none") })),
      );
      continue;
    }
    const type = ir.nodes[input.node]!.type;
    if (!loadsInto(entry.dtype, type.dtype)) {
      problems.push(diagnostic(say(Diag.InputDtype, "stored", { file, name, stored: entry.dtype, declared: `${type.dtype}${shapeString(type.shape)}` }), input.span));
      continue;
    }
    const read = reader.read(name, type.dtype);
    if (!read.ok) {
      problems.push(diagnostic(say(read.problem === "file" ? Diag.WeightsFile : Diag.InputValues, "inFile", { file, problem: read.message })));
      continue;
    }
    out.set(name, read.tensor);
  }
  if (problems.length) throw new RunError(problems);
  return out;
}

/** A shipped map's name (specs/maps/NAME.json) or a path to a map file. */
export function resolveMap(map: string): string {
  if (map.endsWith(".json") || map.includes("/") || map.includes(path.sep)) return map;
  const shipped = path.join(MAPS_ROOT, `${map}.json`);
  if (existsSync(shipped)) return shipped;
  const names = existsSync(MAPS_ROOT) ? readdirSync(MAPS_ROOT).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)) : [];
  throw new RunError([
    diagnostic(say(Diag.WeightMap, "noShippedMap", { map }), undefined, {
      hint: names.length ? phrase(Diag.WeightMap, "mapsHint", { names: names.sort().join(", ") }) : phrase(Diag.WeightMap, "pathHint"),
    }),
  ]);
}

/** `--weights FILE [--map M]`: loads the checkpoint into the state, or throws with every problem. */
export function loadCheckpoint(ir: IrGraph, state: ModelState, file: string, map: string | undefined): { warnings: Diagnostic[]; description: string } {
  const mapFile = map !== undefined ? resolveMap(map) : undefined;
  const { tensors, diagnostics } = loadWeights(ir, file, mapFile !== undefined ? { map: mapFile } : {});
  if (hasErrors(diagnostics)) throw new RunError(diagnostics);
  loadIntoState(state, tensors);
  return { warnings: diagnostics, description: `${file}${map !== undefined ? ` (through map ${map})` : ""}` };
}

/** `--save-outputs FILE`: the named values under their names and each loss as `loss.NAME`. */
export function saveOutputsFile(file: string, ir: IrGraph, outputs: ReadonlyMap<string, Tensor>, losses: ReadonlyMap<string, Tensor>): void {
  const entries: StWriteEntry[] = [];
  for (const [name, t] of outputs) {
    const dtype = ir.nodes[ir.outputs.get(name)!]!.type.dtype;
    entries.push({ name, dtype: storageOf(dtype), shape: t.shape, data: () => t.dataSync() as HostTensor["data"] });
  }
  for (const [name, t] of losses) entries.push({ name: `loss.${name}`, dtype: "F32", shape: [], data: () => t.dataSync() as HostTensor["data"] });
  const problems = writeSafetensors(file, entries, { "vlmc.model": ir.model, "vlmc.variant": ir.variant ?? "" });
  if (problems.length) throw new RunError(problems);
}
