// `vlmc compile FILE --target onnx --out DIR`: the model as a file for another engine (the
// TypeScript and JavaScript targets are in compile-source.ts). For ONNX:
// the requested named values (or one forward mode, or objectives) as an ONNX graph whose
// initializers are the model's weights — random from the spec's initialisers (--seed), or a
// checkpoint (--weights, through --map for one from elsewhere) — written to DIR/model.onnx
// (and DIR/model.onnx.data past 1.5 GB of weights). Nothing is written when there are errors.
import { Diag } from "../../compiler/diagnostics/catalog.js";
import { diagnostic } from "../../compiler/diagnostics/diagnostic.js";
import { say } from "../../compiler/diagnostics/template.js";
import { stableStringify } from "../../compiler/ir/dump.js";
import type { IrGraph } from "../../compiler/ir/types.js";
import type { Host } from "../../compiler/compile.js";
import { emitOnnx, encodeOnnx, type ModelMessage, type NamedType, type OnnxEmitResult } from "../../compiler/emit/onnx/index.js";
import { shapeString } from "../../compiler/shapes/dim.js";
import { useBackend } from "../../runtime/backend.js";
import { RunError } from "../../runtime/errors.js";
import { stateWeights } from "../../runtime/onnx/weights.js";
import { ModelState } from "../../runtime/state.js";
import type { CliArgs } from "../args.js";
import { exitCode, irFor, Reporter, type CliIo } from "../report.js";
import { writeOutFolder } from "./compile-out.js";
import { compileSource } from "./compile-source.js";
import { loadCheckpoint } from "./run-io.js";
import { formatBytes } from "../../runtime/memory.js";
import { vlmcVersion } from "../version.js";

const MODEL_FILE = "model.onnx";

interface Written {
  readonly file: string;
  readonly dataFile?: string;
  readonly bytes: number;
  readonly opset: number;
  readonly nodes: number;
  readonly initializers: number;
  readonly inputs: { name: string; type: string }[];
  readonly outputs: { name: string; type: string }[];
}

function usage(rep: Reporter, message: string, hint: string): void {
  rep.add([diagnostic(say(Diag.Usage, "arguments", { message }), undefined, { hint })]);
}

/** Names asked for that the model does not have: a usage error listing those it has. */
function unknownNames(ir: IrGraph, args: CliArgs): string | undefined {
  const named = [...ir.outputs.keys()];
  const objectives = ir.objectives.map((o) => o.name);
  const bad = [...(args.outputs ?? []).filter((n) => !named.includes(n)), ...(args.objectives ?? []).filter((n) => !objectives.includes(n))];
  if (!bad.length) return undefined;
  return `model ${ir.model} has no named value or objective ${bad.map((n) => `\`${n}\``).join(", ")} (named values: ${named.join(", ") || "none"}; objectives: ${objectives.join(", ") || "none"})`;
}

function typeText({ name, type }: NamedType): { name: string; type: string } {
  return { name, type: `${type.dtype}${shapeString(type.shape)}` };
}

export async function compile(args: CliArgs, io: CliIo, host: Host): Promise<number> {
  const rep = new Reporter(io, args.json);
  const done = (written?: Written): number => {
    if (args.json) io.out(stableStringify({ ok: written !== undefined, ...(written ?? {}), diagnostics: rep.jsonDiagnostics() }) + "\n");
    else if (written) io.out(render(written));
    return written ? 0 : exitCode(rep.all) || 1;
  };
  if (args.files.length !== 1) {
    usage(rep, "compile takes exactly one spec (or saved IR)", "vlmc compile specs/models/clip.vlm --target onnx --out out/clip");
    return done();
  }
  if (args.out === undefined) {
    usage(rep, "compile needs --out DIR", "vlmc compile specs/models/clip.vlm --out out/clip (a TypeScript module; --target js or onnx for the others)");
    return done();
  }
  if (args.target !== "onnx") return compileSource(args, io, host);
  if (args.forward !== undefined && args.outputs !== undefined) {
    usage(rep, "--mode exports one forward mode and --outputs picks named values: give one of them", "vlmc compile … --mode vision, or … --outputs image_features");
    return done();
  }
  const got = irFor(args, rep, host);
  if (!got) return done();
  const { ir, sources, fileName } = got;
  const unknown = unknownNames(ir, args);
  if (unknown) {
    usage(rep, unknown, "vlmc summary lists a model's named values and objectives");
    return done();
  }
  let state: ModelState | undefined;
  try {
    await useBackend(args.backend === "onnx" ? undefined : args.backend);
    state = ModelState.initialise(ir, args.seed ?? 0);
    const checkpoint = args.weights !== undefined ? loadCheckpoint(ir, state, args.weights, args.map) : undefined;
    rep.add(checkpoint?.warnings ?? [], sources);
    const emitted = emitOnnx(ir, {
      ...(args.outputs ? { outputs: args.outputs } : {}),
      ...(args.objectives ? { objectives: args.objectives } : {}),
      ...(args.forward !== undefined ? { mode: args.forward } : {}),
      ...(args.opset !== undefined ? { opset: args.opset } : {}),
      weights: stateWeights(ir, state),
      sources,
      fileName,
      producerVersion: vlmcVersion(),
    });
    rep.add(emitted.diagnostics, sources);
    if (!emitted.model) return done();
    return done(write(args.out, emitted.model, emitted.signature, rep));
  } catch (e) {
    if (!(e instanceof RunError)) throw e;
    rep.add(e.diagnostics, sources);
    return done();
  } finally {
    state?.dispose();
  }
}

function write(dir: string, model: ModelMessage, signature: OnnxEmitResult["signature"], rep: Reporter): Written | undefined {
  const files = encodeOnnx(model, { dataFile: `${MODEL_FILE}.data` });
  const problem = writeOutFolder(dir, [{ name: MODEL_FILE, chunks: [files.model] }, ...(files.data ? [{ name: files.data.name, chunks: files.data.chunks }] : [])]);
  if (problem) {
    rep.add([problem]);
    return undefined;
  }
  return {
    file: `${dir}/${MODEL_FILE}`,
    ...(files.data ? { dataFile: `${dir}/${files.data.name}` } : {}),
    bytes: files.model.byteLength + (files.data?.bytes ?? 0),
    opset: model.opsetImport[0]!.version,
    nodes: model.graph.node.length,
    initializers: model.graph.initializer.length,
    inputs: signature.inputs.map(typeText),
    outputs: signature.outputs.map(typeText),
  };
}

function render(w: Written): string {
  const lines = [
    `wrote ${w.file}${w.dataFile ? ` and ${w.dataFile}` : ""} (${formatBytes(w.bytes)}; ONNX opset ${w.opset}, ${w.nodes} nodes, ${w.initializers} initializers)`,
    `  inputs:  ${w.inputs.map((i) => `${i.name} ${i.type}`).join(", ")}`,
    `  outputs: ${w.outputs.map((o) => `${o.name} ${o.type}`).join(", ")}`,
    `  run it:  vlmc run … --backend onnx, or any ONNX runtime; open it in Netron (netron ${w.file}) to see the graph`,
  ];
  return lines.join("\n") + "\n";
}
