// vlmc's side of the training benchmark (bench/train.ts), run in a child process per model so
// that each starts with a fresh WASM heap: the model compiled from its spec, random weights, one
// synthetic batch, and `Trainer.trainStep` as `vlmc train` calls it (AdamW, constant learning
// rate). Warm-up steps, then timed steps, then a few steps under the kernel profiler
// (bench/kernel-profile.ts), which slows each kernel call a little and so is kept out of the
// timed ones. Tensor counts after every step show whether a step leaks.
import { fileURLToPath } from "node:url";
import { evaluate, nodeFlops } from "../compiler/analysis/flops.js";
import { compileFile } from "../compiler/compile.js";
import { hasErrors } from "../compiler/diagnostics/diagnostic.js";
import type { IrGraph } from "../compiler/ir/types.js";
import { Dim } from "../compiler/shapes/dim.js";
import { useBackend, type BackendInfo } from "../runtime/backend.js";
import { bindDims } from "../runtime/dims.js";
import { ModelState } from "../runtime/state.js";
import { syntheticInputs } from "../runtime/synthetic.js";
import { tf } from "../runtime/tf.js";
import { DEFAULT_OPTIMIZER } from "../runtime/train/optimizer.js";
import { Trainer } from "../runtime/train/trainer.js";
import { KernelProfiler, type StepProfile } from "./kernel-profile.js";
import { MB, median, wasmHeapBytes } from "./measure.js";

/** The two models the benchmark trains, by the names the PyTorch reference uses too. */
export const MODELS = {
  "clip-tiny": { spec: "specs/models/clip.vlm", variant: "tiny", text: undefined },
  "itc-base": { spec: "bench/specs/itc-base.vlm", variant: undefined, text: 30 },
} as const;
export type ModelName = keyof typeof MODELS;

export interface TrainChildConfig {
  readonly model: ModelName;
  readonly batch: number;
  readonly warmup: number;
  readonly steps: number;
  readonly profileSteps: number;
  readonly threads: number;
}

export interface WasmTrainResult {
  readonly model: ModelName;
  readonly batch: number;
  readonly backend: BackendInfo;
  readonly params: number;
  /** FLOPs of one step: 3 × the forward's (compiler count), the usual estimate for forward + backward. */
  readonly stepFlops: number;
  readonly times: readonly number[];
  readonly medianMs: number;
  readonly losses: readonly number[];
  /** tfjs tensors alive after each step (warm-up included): constant when nothing leaks. */
  readonly tensorsAfterStep: readonly number[];
  readonly profile: StepProfile | undefined;
  /** The WASM heap at the end (it only grows: its high-water mark), the process's peak RSS. */
  readonly heapMB: number;
  readonly peakRssMB: number;
  /** tfjs's own count of bytes in tensors after a step (it counts shared data once per tensor). */
  readonly tfMB: number;
}

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function compile(model: ModelName): IrGraph {
  const m = MODELS[model];
  const r = compileFile(ROOT + m.spec, m.variant ? { variant: m.variant } : {});
  if (!r.ir || hasErrors(r.diagnostics)) throw new Error(`${m.spec} does not compile: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  return r.ir;
}

function forwardFlops(ir: IrGraph, trainer: Trainer, symbols: ReadonlyMap<string, number>): number {
  const perNode = nodeFlops(ir);
  const bindings = new Map([...symbols].map(([k, v]) => [k, Dim.of(v)]));
  return trainer.selection.plan.order.reduce((sum, id) => sum + (evaluate(perNode[id]!, bindings) ?? 0), 0);
}

export async function trainOnWasm(config: TrainChildConfig): Promise<WasmTrainResult> {
  const backend = await useBackend("wasm", { threads: config.threads });
  const ir = compile(config.model);
  const text = MODELS[config.model].text;
  const dims = bindDims(ir, new Map(), { B: config.batch, ...(text ? { T: text } : {}) });
  const state = ModelState.initialise(ir, 1);
  const trainer = new Trainer(ir, state, {
    optimizer: DEFAULT_OPTIMIZER,
    schedule: { kind: "constant", lr: 1e-4, warmup: 0, steps: config.warmup + config.steps + config.profileSteps, minLr: 0 },
    accumulate: 1,
    seed: 1,
  });
  const batch = [syntheticInputs(ir, dims, 1)];
  const params = trainer.selection.trainable.reduce((n, name) => n + state.param(name).size, 0);
  const losses: number[] = [];
  const tensorsAfterStep: number[] = [];
  const step = (): number => {
    const start = performance.now();
    const report = trainer.trainStep(batch, dims);
    const ms = performance.now() - start;
    losses.push(report.total);
    tensorsAfterStep.push(tf.memory().numTensors);
    return ms;
  };
  for (let i = 0; i < config.warmup; i++) process.stderr.write(`  ${config.model} b${config.batch} warm-up step ${step().toFixed(0)} ms\n`);
  const times: number[] = [];
  for (let i = 0; i < config.steps; i++) {
    times.push(step());
    process.stderr.write(`  ${config.model} b${config.batch} step ${times[i]!.toFixed(0)} ms\n`);
  }
  let profile: StepProfile | undefined;
  if (config.profileSteps > 0) {
    const profiler = new KernelProfiler();
    profiler.install();
    for (let i = 0; i < config.profileSteps; i++) profiler.profileStep(() => void step(), trainer.optimizer);
    profiler.uninstall();
    profile = profiler.result();
  }
  const result: WasmTrainResult = {
    model: config.model,
    batch: config.batch,
    backend,
    params,
    stepFlops: 3 * forwardFlops(ir, trainer, dims.symbols),
    times,
    medianMs: median(times),
    losses,
    tensorsAfterStep,
    profile,
    heapMB: (wasmHeapBytes() ?? 0) / MB,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    tfMB: tf.memory().numBytes / MB,
  };
  trainer.dispose();
  state.dispose();
  return result;
}
