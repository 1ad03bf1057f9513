// The runtime benchmark's ONNX section (issue #13): CLIP ViT-B/16's image tower in
// onnxruntime-node as the graph vlmc emits and as torch.onnx.export writes it, with the same
// weights, with ORT's intra-op thread spinning off and with ORT's default (spinning on), since
// which is faster depends on the machine and on what else runs on it.
//
// With spinning off, both graphs share one child process and are timed interleaved, so load from
// other processes hits them alike. With spinning on they cannot: one session's spinning workers
// take the cores from the other's run (measured: ~90 ms alone, ~120 ms interleaved at batch 1),
// so each graph gets a child process of its own. The graphs are made in a temporary folder that
// is removed afterwards, or in `dir` when given (kept, e.g. to open them in Netron).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { IrGraph } from "../compiler/ir/types.js";
import { runChild } from "./child-process.js";
import type { OnnxChildConfig, OnnxConfigResult, Spinning } from "./onnx-bench.js";
import { prepareOnnxModels, type OnnxModels } from "./onnx-models.js";
import { ortAvailable } from "../runtime/onnx/engine.js";

/** Intra-op threads: as many as PyTorch gets (bench/torch-python.ts), for a like-for-like race. */
export const ONNX_THREADS = 2;
/** torch 1.13 exports up to opset 17. */
const TORCH_OPSET = 17;
/** The seed of the weights (as bench/clip-image-tower.ts's vlmc tower) and of the input pixels. */
const SEED = 1;

export interface OnnxRunOptions {
  readonly batches: readonly number[];
  readonly runs: number;
  readonly warmup: number;
  /** vlmc's graph's opset; the emitter's default when absent. */
  readonly vlmcOpset?: number;
  /** Where to write the graphs and keep them; a temporary folder otherwise. */
  readonly dir?: string;
}

export interface OnnxMeasurements {
  readonly models: OnnxModels | string;
  readonly configs: readonly (OnnxConfigResult | string)[];
}

/** Sibling module of this one, with this one's extension (.js from dist/, .ts under tsx). */
function sibling(name: string): string {
  const self = fileURLToPath(import.meta.url);
  return path.join(path.dirname(self), name + path.extname(self));
}

export async function measureOnnx(ir: IrGraph, opts: OnnxRunOptions): Promise<OnnxMeasurements> {
  // Checked here first so that a machine without it is not made to export graphs it cannot run.
  const ort = await ortAvailable();
  if ("missing" in ort) return { models: `ONNX Runtime skipped: ${ort.missing}`, configs: [] };
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "vlmc-bench-onnx-"));
  try {
    process.stderr.write(`ONNX graphs in ${dir} …\n`);
    const models = await prepareOnnxModels(ir, { dir, seed: SEED, torchOpset: TORCH_OPSET, ...(opts.vlmcOpset === undefined ? {} : { vlmcOpset: opts.vlmcOpset }) });
    if (Object.keys(models.files).length === 0) return { models: `ONNX Runtime skipped: no graph to run (${models.missing.join("; ")})`, configs: [] };
    const child = (spinning: Spinning, files: Readonly<Record<string, string>>): OnnxConfigResult | string => {
      const config: OnnxChildConfig = {
        label: `onnxruntime-node, ${ONNX_THREADS} threads, spinning ${spinning}, ${Object.keys(files).join(" + ")}`,
        spinning,
        threads: ONNX_THREADS,
        files,
        ...(models.reference ? { reference: models.reference } : {}),
        batches: [...opts.batches].sort((a, b) => a - b),
        runs: opts.runs,
        warmup: opts.warmup,
        seed: SEED,
      };
      return runChild<OnnxConfigResult | string>(sibling("onnx-child"), [JSON.stringify(config)], config.label);
    };
    const interleaved = child("off", models.files);
    const alone = Object.entries(models.files).map(([graph, file]) => child("default", { [graph]: file }));
    return { models, configs: [interleaved, ...alone] };
  } finally {
    if (opts.dir === undefined) fs.rmSync(dir, { recursive: true, force: true });
  }
}
