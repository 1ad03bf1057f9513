// `vlmc run FILE`: runs a checked spec (or a saved IR, `vlmc ir SPEC --json`) on TensorFlow.js — synthetic inputs or a safetensors file,
// random weights from the spec's initialisers or a checkpoint (through a weight map when it comes
// from elsewhere) — and reports each named value and each objective's loss. The runtime (and
// TensorFlow.js) is loaded only by this command.
import { Diag } from "../../compiler/diagnostics/catalog.js";
import { phrase, say } from "../../compiler/diagnostics/template.js";
import { diagnostic } from "../../compiler/diagnostics/diagnostic.js";
import { stableStringify } from "../../compiler/ir/dump.js";
import type { IrGraph } from "../../compiler/ir/types.js";
import type { SourceSet } from "../../compiler/diagnostics/source-text.js";
import type { Host } from "../../compiler/compile.js";
import { useBackend } from "../../runtime/backend.js";
import { RunError } from "../../runtime/errors.js";
import { checkFeeds, checkInputValues, toTensors } from "../../runtime/feeds.js";
import { forward, targetsOf } from "../../runtime/forward.js";
import type { HostTensor } from "../../runtime/init.js";
import { ensureFits, estimateMemory, formatBytes, sizeWeightCache, type MemoryEstimate } from "../../runtime/memory.js";
import { planFor, stateRead } from "../../runtime/plan.js";
import { ModelState } from "../../runtime/state.js";
import { inputRoles, syntheticInputs, type InputRole } from "../../runtime/synthetic.js";
import { tf, type Tensor } from "../../runtime/tf.js";
import { tfDtype } from "../../runtime/dtypes.js";
import type { CliArgs } from "../args.js";
import { exitCode, irFor, Reporter, type CliIo } from "../report.js";
import { bindRunDims, readInputsFile, loadCheckpoint, saveOutputsFile } from "./run-io.js";
import { renderRun, statsOf, type RunReport } from "./run-report.js";

const DEFAULT_BATCH = 2;

export async function run(args: CliArgs, io: CliIo, host: Host): Promise<number> {
  const rep = new Reporter(io, args.json);
  const got = irFor(args, rep, host);
  if (!got) return finish(rep, io, args, undefined);
  const { ir, sources } = got;
  let state: ModelState | undefined;
  const feeds: Tensor[] = [];
  try {
    const selection = selectTargets(ir, args);
    const onnx = args.backend === "onnx";
    if (onnx && args.mode === "train") {
      throw new RunError([diagnostic(say(Diag.Usage, "arguments", { message: "--backend onnx runs the model in eval mode only" }), undefined, { hint: "train mode (dropout, sampling) runs on the TensorFlow.js backends: leave out --backend onnx" })]);
    }
    // The state (initialisers, checkpoints) is built on TensorFlow.js whichever engine runs it.
    const backend = await useBackend(onnx ? undefined : args.backend, args.threads !== undefined && !onnx ? { threads: args.threads } : {});
    const seed = args.seed ?? 0;
    const training = args.mode === "train";
    const { outputs, losses } = targetsOf(ir, selection);
    const plan = planFor(ir, [...outputs.values(), ...losses.values()]);
    const needed = new Set(plan.order.map((id) => ir.nodes[id]!).filter((n) => n.op === "input").map((n) => String(n.attrs["name"])));
    const roles = inputRoles(ir);

    const given = args.inputs !== undefined ? readInputsFile(ir, args.inputs) : undefined;
    const batch = given ? undefined : (args.batch ?? DEFAULT_BATCH);
    const dims = given ? checkFeeds(ir, given, args.dims, needed) : bindRunDims(ir, batch!, args.dims, needed);
    if (given) checkInputValues(ir, given, roles);
    // Before anything large is allocated — synthetic inputs included.
    const stored = stateRead(ir, plan);
    const memory = estimateMemory(ir, plan, dims, { keepIntermediates: false, state: stored, packsWeights: backend.name === "wasm" && !onnx });
    if (!onnx) {
      ensureFits(memory, backend.name, batch);
      sizeWeightCache(memory, backend);
    }
    const host = given ?? syntheticInputs(ir, dims, seed, needed);

    state = ModelState.initialise(ir, seed, stored);
    const checkpoint = args.weights !== undefined ? loadCheckpoint(ir, state, args.weights, args.map) : undefined;
    rep.add(checkpoint?.warnings ?? [], sources);

    let pass: Pass;
    if (onnx) pass = await onnxPass(ir, state, host, selection, args, rep, sources);
    else {
      const tensors = toTensors(ir, host);
      feeds.push(...tensors.values());
      const started = performance.now();
      // The executor frees every intermediate; only the requested values come back.
      pass = { result: forward(ir, state, tensors, dims, { ...selection, training, seed }), ms: performance.now() - started, engine: backend };
    }
    const { result, ms, engine } = pass;
    const report = buildReport(ir, engine, { batch, training, seed, ms, memory, host, given: given !== undefined, roles, weights: checkpoint?.description }, result);
    if (args.saveOutputs !== undefined) saveOutputsFile(args.saveOutputs, ir, result.outputs, result.losses);
    for (const t of [...result.outputs.values(), ...result.losses.values()]) t.dispose();
    return finish(rep, io, args, report);
  } catch (e) {
    if (!(e instanceof RunError)) throw e;
    rep.add(e.diagnostics, sources);
    return finish(rep, io, args, undefined);
  } finally {
    for (const t of feeds) t.dispose();
    state?.dispose();
  }
}

/** One forward pass: the values and losses (tfjs tensors), its time, and the engine that ran it. */
interface Pass {
  readonly result: { outputs: Map<string, Tensor>; losses: Map<string, Tensor> };
  readonly ms: number;
  readonly engine: RunReport["backend"];
}

/** The pass on ONNX Runtime, through the graph the ONNX emitter makes; results come back as tfjs tensors for the report. */
async function onnxPass(ir: IrGraph, state: ModelState, host: ReadonlyMap<string, HostTensor>, selection: { outputs: string[]; objectives: string[] }, args: CliArgs, rep: Reporter, sources: SourceSet): Promise<Pass> {
  const { onnxForward } = await import("../../runtime/onnx/forward.js");
  const r = await onnxForward(ir, state, host, {
    ...(args.outputs ? { outputs: selection.outputs } : {}),
    objectives: selection.objectives,
    objectivesByDefault: args.objectives === undefined,
    ...(args.threads !== undefined ? { threads: args.threads } : {}),
    sources,
  });
  rep.add(r.warnings, sources);
  const asTensors = (m: Map<string, HostTensor>): Map<string, Tensor> => new Map([...m].map(([k, t]) => [k, tf.tensor(t.data, [...t.shape], tfDtype(t.dtype))]));
  return { result: { outputs: asTensors(r.outputs), losses: asTensors(r.losses) }, ms: r.ms, engine: { name: "onnx", threads: r.threads, detail: r.detail } };
}

/** Which named values and objectives to compute; unknown names are usage errors. */
function selectTargets(ir: IrGraph, args: CliArgs): { outputs: string[]; objectives: string[] } {
  const known = [...ir.outputs.keys()];
  const objectives = ir.objectives.map((o) => o.name);
  for (const [names, pool, what] of [
    [args.outputs, known, "named value"],
    [args.objectives, objectives, "objective"],
  ] as const) {
    const unknown = (names ?? []).filter((n) => !(pool as readonly string[]).includes(n));
    if (unknown.length) {
      throw new RunError([
        diagnostic(say(Diag.Usage, "noTargets", { model: ir.model, what, names: unknown.map((n) => `\`${n}\``).join(", ") }), undefined, {
          hint: pool.length ? phrase(Diag.Usage, "targetsHint", { what, names: pool.join(", ") }) : phrase(Diag.Usage, "noTargetsHint", { what }),
        }),
      ]);
    }
  }
  if (args.outputs) return { outputs: args.outputs, objectives: args.objectives ?? [] };
  return { outputs: known, objectives: args.objectives ?? objectives };
}

interface RunFacts {
  readonly batch: number | undefined;
  readonly training: boolean;
  readonly seed: number;
  readonly ms: number;
  readonly memory: MemoryEstimate;
  readonly host: ReadonlyMap<string, HostTensor>;
  readonly given: boolean;
  readonly roles: ReadonlyMap<string, InputRole>;
  readonly weights: string | undefined;
}

function buildReport(ir: IrGraph, backend: RunReport["backend"], facts: RunFacts, result: { outputs: Map<string, Tensor>; losses: Map<string, Tensor> }): RunReport {
  const losses = [...result.losses].map(([name, t]) => {
    const o = ir.objectives.find((x) => x.name === name)!;
    return { name, loss: t.dataSync()[0]!, weight: o.weight };
  });
  return {
    model: ir.model,
    variant: ir.variant ?? null,
    backend: { name: backend.name, threads: backend.threads, detail: backend.detail },
    batch: facts.batch ?? null,
    mode: facts.training ? "train" : "eval",
    seed: facts.seed,
    weights: facts.weights ?? "random (the spec's initialisers)",
    inputs: [...facts.host].map(([name, t]) => ({ name, dtype: t.dtype, shape: [...t.shape], source: facts.given ? "file" : describeRole(facts.roles.get(name)) })),
    outputs: [...result.outputs].map(([name, t]) => ({ name, ...statsOf(ir.nodes[ir.outputs.get(name)!]!.type.dtype, t) })),
    objectives: losses,
    total: losses.length ? losses.reduce((s, l) => s + l.weight * l.loss, 0) : null,
    forwardMs: Math.round(facts.ms * 10) / 10,
    memory: { estimateBytes: facts.memory.totalBytes, estimate: formatBytes(facts.memory.totalBytes) },
  };
}

function describeRole(role: InputRole | undefined): string {
  switch (role?.kind) {
    case "ids":
      return `synthetic ids in [0, ${role.below})`;
    case "validity":
      return "synthetic validity mask (a real prefix, then padding)";
    case "words":
      return "synthetic word ids";
    case "attend":
      return "synthetic mask (all true)";
    case "float":
      return "synthetic N(0, 1)";
    case "scalar":
      return "synthetic 1.0";
    default:
      return "synthetic 0/1";
  }
}

function finish(rep: Reporter, io: CliIo, args: CliArgs, report: RunReport | undefined): number {
  const code = report ? 0 : exitCode(rep.all) || 1;
  if (args.json) io.out(stableStringify({ ok: report !== undefined, ...(report ?? {}), diagnostics: rep.jsonDiagnostics() }) + "\n");
  else if (report) io.out(renderRun(report));
  return code;
}
