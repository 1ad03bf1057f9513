// Printing the runtime benchmark's results: per configuration a table of median time, GFLOP/s
// and peak tensor memory for each implementation and batch size, then the ratios the issue's
// goals are stated in (vlmc / hand-written ≤ 0.8, vlmc / PyTorch ≤ 3) and the generated module's
// tower against the runtime's (issue #8: ≤ 1); then the context runs and the ONNX section
// (bench/onnx-report.ts).
import * as os from "node:os";
import type { BackendInfo } from "../runtime/backend.js";
import { median } from "./measure.js";
import { printOnnxSection } from "./onnx-report.js";
import type { OnnxMeasurements } from "./onnx-section.js";

/** The row name of the tower `vlmc compile --target js` generates (bench/generated-clip-tower.ts). */
export const GENERATED = "generated TS";

export interface Row {
  readonly batch: number;
  readonly model: string;
  readonly times: readonly number[];
  readonly medianMs: number;
  /** Most tensor memory alive during one forward beyond what was alive before (tf.profile). */
  readonly peakMB: number;
}

export interface ConfigResult {
  readonly label: string;
  readonly backend: BackendInfo;
  readonly rows: readonly Row[];
  /** Parameter bytes each implementation's forward reads. */
  readonly weightsMB: Readonly<Record<string, number>>;
  /** Transposed weights the kernel overrides keep on the heap. */
  readonly cacheMB: number;
  /** The WASM heap's size at the end (its high-water mark) and the process's RSS. */
  readonly heapMB: number;
  readonly rssMB: number;
  /** Batch → largest difference between the generated tower's features and vlmc's, when it ran. */
  readonly generatedDiff?: Readonly<Record<string, number>>;
}

export interface TorchResult {
  readonly torch: string;
  readonly threads: number;
  readonly peak_rss_mb: number;
  readonly batches: Readonly<Record<string, { readonly median_ms: number; readonly times_ms: readonly number[] }>>;
}

export interface Report {
  readonly main: ConfigResult | string;
  readonly torch: TorchResult | string;
  readonly context: readonly (ConfigResult | string)[];
  readonly flops: ReadonlyMap<number, number>;
  /** Absent when the section was skipped (--no-onnx). */
  readonly onnx?: OnnxMeasurements;
}

const out = (line = ""): void => void process.stdout.write(line + "\n");
const fixed = (x: number, digits = 0): string => x.toFixed(digits);

function table(r: ConfigResult, flops: ReadonlyMap<number, number>): void {
  out(`${r.label} — ${r.backend.detail}, ${r.backend.threads} thread${r.backend.threads > 1 ? "s" : ""}`);
  out(`  batch  implementation          median ms   GFLOP/s    min ms   peak MB   runs (ms)`);
  for (const row of r.rows) {
    const gflops = (flops.get(row.batch) ?? 0) / (row.medianMs / 1000) / 1e9;
    const min = Math.min(...row.times);
    out(
      `  ${String(row.batch).padStart(5)}  ${row.model.padEnd(22)} ${fixed(row.medianMs).padStart(10)} ${fixed(gflops, 1).padStart(9)} ${fixed(min).padStart(9)} ${fixed(row.peakMB).padStart(9)}   ${row.times.map((t) => fixed(t)).join(" ")}`,
    );
  }
  const weights = Object.entries(r.weightsMB).map(([k, v]) => `${k} ${fixed(v)} MB`).join(", ");
  out(`  weights read: ${weights}; cached transposes ${fixed(r.cacheMB)} MB; WASM heap ${fixed(r.heapMB)} MB; process RSS ${fixed(r.rssMB)} MB`);
}

/** A row's median, or with `best` its fastest run (what the machine gives without interference). */
function timeOf(r: ConfigResult, model: string, batch: number, best: boolean): number | undefined {
  const row = r.rows.find((x) => x.model === model && x.batch === batch);
  return row && (best ? Math.min(...row.times) : row.medianMs);
}

/** Run i of `a` over run i of `b`: the interleaved timing loop runs them back to back. */
function pairedRatios(r: ConfigResult, a: string, b: string, batch: number): number[] {
  const ta = r.rows.find((x) => x.model === a && x.batch === batch)?.times ?? [];
  const tb = r.rows.find((x) => x.model === b && x.batch === batch)?.times ?? [];
  return ta.slice(0, tb.length).map((t, i) => t / tb[i]!);
}

function torchTime(t: TorchResult | string, batch: number, best: boolean): number | undefined {
  const r = typeof t === "string" ? undefined : t.batches[String(batch)];
  return r && (best ? Math.min(...r.times_ms) : r.median_ms);
}

export function printReport(rep: Report): void {
  out();
  out("CLIP ViT-B/16 image tower, forward (eval), random weights");
  out(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}; load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} (other processes slow the runs, threaded ones most)`);
  out(`FLOPs per forward (compiler count): ${[...rep.flops].map(([b, f]) => `b${b} ${fixed(f / 1e9, 1)} G`).join(", ")}`);
  out();
  if (typeof rep.main === "string") out(rep.main);
  else table(rep.main, rep.flops);
  out();
  if (typeof rep.torch === "string") out(rep.torch);
  else {
    out(`PyTorch ${rep.torch.torch} CPU, ${rep.torch.threads} threads (OMP_WAIT_POLICY=PASSIVE) — peak RSS ${fixed(rep.torch.peak_rss_mb)} MB`);
    for (const [b, r] of Object.entries(rep.torch.batches)) {
      const gflops = (rep.flops.get(Number(b)) ?? 0) / (r.median_ms / 1000) / 1e9;
      const min = Math.min(...r.times_ms);
      out(`  ${b.padStart(5)}  ${"PyTorch".padEnd(22)} ${fixed(r.median_ms).padStart(10)} ${fixed(gflops, 1).padStart(9)} ${fixed(min).padStart(9)}             ${r.times_ms.map((t) => fixed(t)).join(" ")}`);
    }
  }
  if (typeof rep.main !== "string") {
    out();
    out("Ratios of medians (of fastest runs) — goals: vlmc / hand-written ≤ 0.8, vlmc / PyTorch ≤ 3:");
    for (const batch of new Set(rep.main.rows.map((r) => r.batch))) {
      const ratio = (other: string): string | undefined => {
        const [v, o, vb, ob] = [false, true].flatMap((best) => [timeOf(rep.main as ConfigResult, "vlmc", batch, best), other === "PyTorch" ? torchTime(rep.torch, batch, best) : timeOf(rep.main as ConfigResult, other, batch, best)]);
        return v && o && vb && ob ? `vlmc / ${other} ${fixed(v / o, 2)} (${fixed(vb / ob, 2)})` : undefined;
      };
      out(`  b${batch}: ${["hand-written", "hand-written, one tidy", "PyTorch"].map(ratio).filter(Boolean).join(", ")}`);
    }
    const diff = rep.main.generatedDiff;
    if (diff) {
      out(`Generated module (vlmc compile --target js, model.visual.forward in one run and tidy) / the runtime's forward — goal ≤ 1:`);
      out(`  ratio of medians (of fastest runs) [median of the ratios of runs made one after the other, the least disturbed by load]`);
      for (const [b, d] of Object.entries(diff)) {
        const [g, v, gb, vb] = [false, true].flatMap((best) => [timeOf(rep.main as ConfigResult, GENERATED, Number(b), best), timeOf(rep.main as ConfigResult, "vlmc", Number(b), best)]);
        const pairs = pairedRatios(rep.main, GENERATED, "vlmc", Number(b));
        if (g && v && gb && vb) out(`  b${b}: ${fixed(g / v, 3)} (${fixed(gb / vb, 3)}) [${fixed(median(pairs), 3)} of ${pairs.length}]; features max |generated − vlmc| = ${d}`);
      }
    }
    const stock = rep.context.find((c): c is ConfigResult => typeof c !== "string" && !c.backend.detail.includes("overrides"));
    if (stock) {
      out("vlmc (with its kernels) / the same hand-written tower on plain tfjs-wasm (stock kernels, 1 thread: what tfjs gives under Node):");
      for (const batch of new Set(rep.main.rows.map((r) => r.batch))) {
        const [v, h, vb, hb] = [false, true].flatMap((best) => [timeOf(rep.main as ConfigResult, "vlmc", batch, best), timeOf(stock, "hand-written", batch, best)]);
        if (v && h && vb && hb) out(`  b${batch}: ${fixed(v / h, 2)} (${fixed(vb / hb, 2)})`);
      }
    }
  }
  if (rep.context.length) {
    out();
    out("For context:");
    for (const c of rep.context) {
      if (typeof c === "string") out(c);
      else table(c, rep.flops);
    }
  }
  if (rep.onnx) printOnnxSection({ ...rep.onnx, torch: rep.torch, flops: rep.flops });
}
