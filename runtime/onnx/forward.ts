// `vlmc run --backend onnx`: one eval-mode forward pass through the graph the ONNX emitter makes
// of the requested named values and objectives, with the model state's weights, on ONNX Runtime.
// Values ONNX cannot express (vlmc's random sampling ops) are left out with a warning unless
// asked for by name, in which case the run stops with the diagnostic naming the op.
import type { Diagnostic } from "../../compiler/diagnostics/diagnostic.js";
import type { SourceSet } from "../../compiler/diagnostics/source-text.js";
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { emitOnnx, encodeOnnx, lossOutput, type OnnxFiles } from "../../compiler/emit/onnx/index.js";
import { hasErrors } from "../../compiler/diagnostics/diagnostic.js";
import type { IrGraph } from "../../compiler/ir/types.js";
import { RunError } from "../errors.js";
import type { HostTensor } from "../init.js";
import type { ModelState } from "../state.js";
import { OnnxSession, loadOrt, ortVersion } from "./engine.js";
import { stateWeights } from "./weights.js";

export interface OnnxRequest {
  readonly outputs?: readonly string[];
  readonly objectives: readonly string[];
  /** The objectives were not named by the user (all of them by default). */
  readonly objectivesByDefault: boolean;
  readonly threads?: number;
  readonly sources?: SourceSet;
  /** Initializer bytes past which weights go to an external data file (default: protobuf's safe limit). */
  readonly externalDataAbove?: number;
}

export interface OnnxForward {
  readonly outputs: Map<string, HostTensor>;
  readonly losses: Map<string, HostTensor>;
  /** The session run alone (the graph is built and loaded before). */
  readonly ms: number;
  readonly detail: string;
  readonly threads: number;
  readonly warnings: readonly Diagnostic[];
}

function writeModelFolder(folder: string, files: OnnxFiles): void {
  writeFileSync(path.join(folder, "model.onnx"), files.model);
  const fd = openSync(path.join(folder, files.data!.name), "w");
  try {
    for (const c of files.data!.chunks) writeFileSync(fd, c);
  } finally {
    closeSync(fd);
  }
}

export async function onnxForward(ir: IrGraph, state: ModelState, feeds: ReadonlyMap<string, HostTensor>, req: OnnxRequest): Promise<OnnxForward> {
  const ort = await loadOrt();
  const emitted = emitOnnx(ir, {
    ...(req.outputs ? { outputs: req.outputs } : {}),
    objectives: req.objectives,
    optionalObjectives: req.objectivesByDefault,
    weights: stateWeights(ir, state),
    ...(req.sources ? { sources: req.sources } : {}),
  });
  if (!emitted.model || hasErrors(emitted.diagnostics)) throw new RunError([...emitted.diagnostics]);
  const files = encodeOnnx(emitted.model, { dataFile: "model.onnx.data", ...(req.externalDataAbove !== undefined ? { externalAbove: req.externalDataAbove } : {}) });
  // Weights past protobuf's limit go to a data file, which ONNX Runtime reads beside a model file.
  const folder = files.data ? mkdtempSync(path.join(tmpdir(), "vlmc-onnx-")) : undefined;
  if (folder) writeModelFolder(folder, files);
  const model = folder ? path.join(folder, "model.onnx") : files.model;
  const session = await OnnxSession.create(model, req.threads !== undefined ? { threads: req.threads } : {}).finally(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
  });
  try {
    const started = performance.now();
    const got = await session.run(feeds);
    const ms = performance.now() - started;
    const outputs = new Map<string, HostTensor>();
    const losses = new Map<string, HostTensor>();
    for (const name of ir.outputs.keys()) if (got.has(name)) outputs.set(name, got.get(name)!);
    for (const o of ir.objectives) if (got.has(lossOutput(o.name))) losses.set(o.name, got.get(lossOutput(o.name))!);
    const opset = emitted.model.opsetImport[0]!.version;
    return { outputs, losses, ms, detail: `onnx (onnxruntime-node ${ortVersion(ort)}, CPU, opset ${opset})`, threads: req.threads ?? 0, warnings: emitted.diagnostics };
  } finally {
    await session.release();
  }
}
