// The two ONNX graphs of the runtime benchmark's ONNX section, made at bench time in a folder of
// their own (never committed): the graph vlmc emits for CLIP B16 with only `image_features`
// requested, and the same tower exported by torch.onnx.export from bench/torch_vit.py's plain
// torch module (bench/torch_vit_onnx.py). Both carry the same weights (bench/onnx-weights.ts),
// and the exporter also saves eager PyTorch's output on its example input as a reference.
// A graph that cannot be made comes back as the reason, so the section reports it and goes on.
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { hasErrors } from "../compiler/diagnostics/diagnostic.js";
import { DEFAULT_OPSET, emitOnnx, encodeModel } from "../compiler/emit/onnx/index.js";
import type { IrGraph } from "../compiler/ir/types.js";
import type { HostTensor } from "../runtime/init.js";
import { IMAGE_OUTPUT } from "./clip-image-tower.js";
import { MB } from "./measure.js";
import { towerWeights, weightBytes, writeTowerWeights } from "./onnx-weights.js";
import { benchScript, lastLine, PYTHON, torchEnv, torchMissing } from "./torch-python.js";

export const VLMC_GRAPH = "vlmc ONNX";
export const TORCH_GRAPH = "PyTorch-exported ONNX";

export interface OnnxModels {
  /** Graph label → its .onnx file. */
  readonly files: Readonly<Record<string, string>>;
  /** Why a graph is missing. */
  readonly missing: readonly string[];
  /** Eager PyTorch's input and output (`image`, `image_features`), when the export ran. */
  readonly reference?: string;
  readonly weightsMB: number;
  /** How each graph was made, for the report. */
  readonly notes: readonly string[];
}

export interface OnnxModelOptions {
  readonly dir: string;
  readonly seed: number;
  /** vlmc's graph's opset; the emitter's default when absent (what `vlmc compile` gives). */
  readonly vlmcOpset?: number;
  /** The PyTorch export's opset: 17, the newest torch 1.13 writes. */
  readonly torchOpset: number;
}

export async function prepareOnnxModels(ir: IrGraph, opts: OnnxModelOptions): Promise<OnnxModels> {
  fs.mkdirSync(opts.dir, { recursive: true });
  const weights = await towerWeights(ir, opts.seed);
  const files: Record<string, string> = {};
  const missing: string[] = [];
  const notes: string[] = [];

  const vlmc = emitVlmcGraph(ir, weights, opts.vlmcOpset ?? DEFAULT_OPSET);
  if (typeof vlmc === "string") missing.push(`${VLMC_GRAPH}: ${vlmc}`);
  else {
    const file = path.join(opts.dir, "vlmc-clip-b16-image.onnx");
    fs.writeFileSync(file, vlmc.model);
    files[VLMC_GRAPH] = file;
    notes.push(`${VLMC_GRAPH}: vlmc's emitter, opset ${vlmc.opset}, emitted in ${(vlmc.ms / 1000).toFixed(1)} s, ${(vlmc.model.byteLength / MB).toFixed(0)} MB`);
  }

  const weightsFile = path.join(opts.dir, "clip-b16-image-tower.safetensors");
  writeTowerWeights(weightsFile, weights);
  const reference = path.join(opts.dir, "torch-reference.safetensors");
  const torch = exportTorchGraph(weightsFile, path.join(opts.dir, "torch-vit-b16.onnx"), opts.torchOpset, reference);
  if (typeof torch === "string") missing.push(`${TORCH_GRAPH}: ${torch}`);
  else {
    files[TORCH_GRAPH] = torch.file;
    notes.push(`${TORCH_GRAPH}: torch ${torch.torch}, torch.onnx.export opset ${torch.opset}, dynamic axis B, in ${torch.export_s.toFixed(1)} s, ${(torch.bytes / MB).toFixed(0)} MB`);
  }
  fs.rmSync(weightsFile, { force: true });
  return { files, missing, weightsMB: weightBytes(weights) / MB, notes, ...(typeof torch === "string" ? {} : { reference }) };
}

interface Emitted {
  readonly model: Uint8Array;
  readonly opset: number;
  readonly ms: number;
}

/** vlmc's graph of the image tower (only `image_features` requested), or why there is none. */
function emitVlmcGraph(ir: IrGraph, weights: ReadonlyMap<string, HostTensor>, opset: number): Emitted | string {
  const start = performance.now();
  const weight = (name: string): HostTensor => {
    const t = weights.get(name);
    if (!t) throw new Error(`the ONNX emitter asked for '${name}', which the image tower's state does not hold`);
    return t;
  };
  const r = emitOnnx(ir, { outputs: [IMAGE_OUTPUT], weights: weight, opset });
  if (!r.model || hasErrors(r.diagnostics)) return `the emitter refused the graph: ${r.diagnostics.map((d) => `${d.code} ${d.message}`).join("; ")}`;
  return { model: encodeModel(r.model), opset, ms: performance.now() - start };
}

interface TorchExport {
  readonly file: string;
  readonly torch: string;
  readonly opset: number;
  readonly bytes: number;
  readonly export_s: number;
}

function exportTorchGraph(weightsFile: string, file: string, opset: number, reference: string): TorchExport | string {
  const missing = torchMissing();
  if (missing) return missing;
  process.stderr.write(`exporting the PyTorch ViT to ONNX (opset ${opset}) …\n`);
  const args = [benchScript("torch_vit_onnx.py"), "--weights", weightsFile, "--out", file, "--opset", String(opset), "--reference", reference];
  const r = spawnSync(PYTHON, args, { encoding: "utf8", env: torchEnv(), maxBuffer: 16 * MB });
  if (r.status !== 0) return `torch.onnx.export failed: ${lastLine(r.stderr)}`;
  return { file, ...(JSON.parse(lastLine(r.stdout)) as Omit<TorchExport, "file">) };
}
