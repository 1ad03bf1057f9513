// Printing the training benchmark's results (bench/train.ts): per model the wasm and PyTorch
// step times with what they are made of, the ratio the goal is stated in (wasm / PyTorch
// within 3×), memory on both sides, whether the tensor count stayed constant, and the kernels
// that dominate each phase of the wasm step.
import * as os from "node:os";
import { PHASES, type StepProfile } from "./kernel-profile.js";
import type { ModelName, WasmTrainResult } from "./train-wasm.js";

export interface TorchTrainResult {
  readonly torch: string;
  readonly threads: number;
  readonly params: number;
  readonly loss: number;
  readonly median_ms: number;
  readonly times_ms: readonly number[];
  readonly phases_ms: Readonly<Record<"forward" | "backward" | "optimizer", number>>;
  readonly peak_rss_mb: number;
}

export interface TrainRun {
  readonly model: ModelName;
  readonly batch: number;
  readonly wasm: WasmTrainResult | string;
  readonly torch: TorchTrainResult | string;
}

const TITLES: Record<ModelName, string> = {
  "clip-tiny": "CLIP tiny (specs/models/clip.vlm, variant tiny)",
  "itc-base": "ViT-B/16 + BERT-base image–text contrastive (bench/specs/itc-base.vlm)",
};

/** Kernels listed per phase. */
const TOP_KERNELS = 8;

const out = (line = ""): void => void process.stdout.write(line + "\n");
const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

function phasesOf(p: StepProfile): string {
  return PHASES.map((ph) => {
    const kernels = p.kernels.filter((k) => k.phase === ph).reduce((s, k) => s + k.ms, 0);
    return `${ph} ${ms(p.wall[ph] / p.steps)} (kernels ${ms(kernels / p.steps)})`;
  }).join(", ");
}

function kernelTable(p: StepProfile): void {
  for (const ph of PHASES) {
    const rows = p.kernels.filter((k) => k.phase === ph);
    if (rows.length === 0) continue;
    const calls = rows.reduce((s, k) => s + k.calls, 0) / p.steps;
    const top = rows.slice(0, TOP_KERNELS).map((k) => `${k.kernel} ${ms(k.ms / p.steps)} ms/${k.calls / p.steps}`);
    out(`      ${(ph + ":").padEnd(10)} ${calls.toFixed(0).padStart(5)} kernel calls; ${top.join(", ")}`);
  }
}

function wasmSection(w: WasmTrainResult): void {
  const gflops = w.stepFlops / (w.medianMs / 1000) / 1e9;
  out(`  wasm — ${w.backend.detail}, ${w.backend.threads} thread${w.backend.threads > 1 ? "s" : ""}`);
  out(`    median ${ms(w.medianMs)} ms/step (fastest ${ms(Math.min(...w.times))}), ~${gflops.toFixed(1)} GFLOP/s; steps (ms): ${w.times.map(ms).join(" ")}`);
  if (w.profile) {
    out(`    profiled steps (ms/step, wall and in kernels; wall − kernels is JavaScript around them): ${phasesOf(w.profile)}`);
    kernelTable(w.profile);
  }
  const counts = [...new Set(w.tensorsAfterStep)];
  const leak = counts.length === 1 ? `constant at ${counts[0]}` : `NOT constant: ${w.tensorsAfterStep.join(" ")}`;
  out(`    memory: WASM heap ${w.heapMB.toFixed(0)} MB (high-water; the bound is 4096), peak RSS ${w.peakRssMB.toFixed(0)} MB; tfjs tensors after each step ${leak}`);
  out(`    loss over the steps: ${w.losses[0]?.toFixed(4)} → ${w.losses[w.losses.length - 1]?.toFixed(4)}`);
}

function torchSection(t: TorchTrainResult): void {
  const p = t.phases_ms;
  out(`  PyTorch ${t.torch} CPU, ${t.threads} threads (OMP_WAIT_POLICY=PASSIVE), torch.optim.AdamW`);
  out(`    median ${ms(t.median_ms)} ms/step (fastest ${ms(Math.min(...t.times_ms))}); forward ${ms(p.forward)}, backward ${ms(p.backward)}, optimizer ${ms(p.optimizer)}; steps (ms): ${t.times_ms.map(ms).join(" ")}`);
  out(`    memory: peak RSS ${t.peak_rss_mb.toFixed(0)} MB`);
}

export function printTrainReport(runs: readonly TrainRun[]): void {
  out();
  out("Training step (forward + backward + AdamW), random weights, one synthetic batch");
  out(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}; load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} (other processes slow the runs)`);
  for (const r of runs) {
    out();
    const params = typeof r.wasm === "string" ? "" : ` — ${r.wasm.params.toLocaleString("en")} parameters, ~${(r.wasm.stepFlops / 1e9).toFixed(1)} GFLOP per step`;
    out(`${TITLES[r.model]}, batch ${r.batch}${params}`);
    if (typeof r.wasm === "string") out(`  ${r.wasm}`);
    else wasmSection(r.wasm);
    if (typeof r.torch === "string") out(`  ${r.torch}`);
    else torchSection(r.torch);
    if (typeof r.wasm !== "string" && typeof r.torch !== "string") {
      const ratio = r.wasm.medianMs / r.torch.median_ms;
      const best = Math.min(...r.wasm.times) / Math.min(...r.torch.times_ms);
      const mismatch = r.wasm.params !== r.torch.params ? ` (parameter counts differ: ${r.wasm.params} vs ${r.torch.params})` : "";
      out(`  wasm / PyTorch: ${ratio.toFixed(2)}× (fastest steps ${best.toFixed(2)}×) — goal ≤ 3×${mismatch}`);
    }
  }
}
