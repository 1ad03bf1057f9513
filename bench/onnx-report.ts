// Printing the runtime benchmark's ONNX section: how each graph was made and whether the graphs
// agree, a table per ORT spinning setting (median time, GFLOP/s by the compiler's FLOP count,
// fastest run, CPU time per forward), which setting was faster, and the ratios issue #13 states
// its goal in: vlmc's graph / the PyTorch-exported graph ≤ 1.0, and vlmc's graph / PyTorch CPU.
// A setting's rows may come from several child processes (bench/onnx-section.ts says why).
import type { OnnxAgreement, OnnxConfigResult, OnnxRow } from "./onnx-bench.js";
import { TORCH_GRAPH, VLMC_GRAPH, type OnnxModels } from "./onnx-models.js";
import type { Spinning } from "./onnx-bench.js";
import type { TorchResult } from "./report.js";

export interface OnnxSection {
  readonly models: OnnxModels | string;
  readonly configs: readonly (OnnxConfigResult | string)[];
  readonly torch: TorchResult | string;
  readonly flops: ReadonlyMap<number, number>;
}

/** The results of one spinning setting, gathered from its child processes. */
interface Setting {
  readonly spinning: Spinning;
  readonly children: readonly OnnxConfigResult[];
  readonly rows: readonly OnnxRow[];
}

const out = (line = ""): void => void process.stdout.write(line + "\n");
const fixed = (x: number, digits = 0): string => x.toFixed(digits);
const SPINNING: Readonly<Record<Spinning, string>> = {
  off: "spinning off (session.intra_op.allow_spinning = '0'); graphs interleaved in one process",
  default: "spinning on (ORT's default); each graph in a process of its own",
};

function settingsOf(results: readonly OnnxConfigResult[]): Setting[] {
  const order = [...new Set(results.map((r) => r.spinning))];
  return order.map((spinning) => {
    const children = results.filter((r) => r.spinning === spinning);
    const rows = children.flatMap((c) => c.rows).sort((a, b) => a.batch - b.batch);
    return { spinning, children, rows };
  });
}

function table(s: Setting, flops: ReadonlyMap<number, number>): void {
  const sessions = s.children.flatMap((c) => Object.entries(c.sessionMs)).map(([g, ms]) => `${g} ${fixed(ms / 1000, 1)} s`).join(", ");
  const rss = s.children.map((c) => `${fixed(c.peakRssMB)} MB`).join(", ");
  out(`${SPINNING[s.spinning]} — session creation ${sessions}; peak RSS per process ${rss}`);
  out(`  batch  graph                    median ms   GFLOP/s    min ms  CPU ms/fwd   runs (ms)`);
  for (const row of s.rows) {
    const gflops = (flops.get(row.batch) ?? 0) / (row.medianMs / 1000) / 1e9;
    out(
      `  ${String(row.batch).padStart(5)}  ${row.graph.padEnd(23)} ${fixed(row.medianMs).padStart(10)} ${fixed(gflops, 1).padStart(9)} ${fixed(Math.min(...row.times)).padStart(9)} ${fixed(row.cpuMs).padStart(11)}   ${row.times.map((t) => fixed(t)).join(" ")}`,
    );
  }
}

/** Each comparison once (every child checks its graphs against eager PyTorch). */
function agreements(results: readonly OnnxConfigResult[]): OnnxAgreement[] {
  const seen = new Map<string, OnnxAgreement>();
  for (const a of results.flatMap((r) => r.agreement)) {
    const key = `${a.batch}|${a.graph}|${a.against}`;
    if (!seen.has(key)) seen.set(key, a);
  }
  return [...seen.values()];
}

/** The setting whose medians sum lowest over every graph and batch (each ran the same rows). */
function faster(settings: readonly Setting[]): Setting | undefined {
  const total = (s: Setting): number => s.rows.reduce((sum, r) => sum + r.medianMs, 0);
  return [...settings].sort((a, b) => total(a) - total(b))[0];
}

/** "median ratio (fastest-run ratio)", or undefined when either side is missing. */
function ratio(v: readonly number[] | undefined, o: readonly number[] | undefined, vMedian: number | undefined, oMedian: number | undefined): string | undefined {
  if (!v || !o || vMedian === undefined || oMedian === undefined) return undefined;
  return `${fixed(vMedian / oMedian, 2)} (${fixed(Math.min(...v) / Math.min(...o), 2)})`;
}

function ratios(s: Setting, torch: TorchResult | string): void {
  for (const batch of new Set(s.rows.map((r) => r.batch))) {
    const v = s.rows.find((r) => r.graph === VLMC_GRAPH && r.batch === batch);
    const e = s.rows.find((r) => r.graph === TORCH_GRAPH && r.batch === batch);
    const t = typeof torch === "string" ? undefined : torch.batches[String(batch)];
    const parts = [
      [`${VLMC_GRAPH} / ${TORCH_GRAPH}`, ratio(v?.times, e?.times, v?.medianMs, e?.medianMs)],
      [`${VLMC_GRAPH} / PyTorch`, ratio(v?.times, t?.times_ms, v?.medianMs, t?.median_ms)],
      [`${TORCH_GRAPH} / PyTorch`, ratio(e?.times, t?.times_ms, e?.medianMs, t?.median_ms)],
    ].filter((p): p is [string, string] => p[1] !== undefined);
    out(`  b${batch}: ${parts.map(([name, r]) => `${name} ${r}`).join(", ") || "no two engines to compare"}`);
  }
}

export function printOnnxSection(s: OnnxSection): void {
  out();
  if (typeof s.models === "string") {
    out(s.models);
    return;
  }
  const results = s.configs.filter((c): c is OnnxConfigResult => typeof c !== "string");
  const first = results[0];
  out(`ONNX Runtime ${first?.ortVersion ?? "?"} (onnxruntime-node), CPU, ${first?.threads ?? "?"} intra-op threads, graph optimisation 'all'`);
  for (const note of s.models.notes) out(`  ${note}`);
  for (const why of s.models.missing) out(`  missing — ${why}`);
  out(`  Both graphs carry the same weights (${fixed(s.models.weightsMB)} MB, vlmc's seeded state).`);
  const checks = agreements(results);
  if (checks.length) out(`  Agreement of image_features (largest absolute difference; the first run of each graph on the same input):`);
  for (const a of checks) out(`    b${a.batch}: |${a.graph} − ${a.against}| ≤ ${a.maxAbsDiff.toExponential(1)} (outputs up to ${a.maxAbs.toFixed(2)})`);
  for (const failed of s.configs) if (typeof failed === "string") out(failed);
  const settings = settingsOf(results);
  for (const setting of settings) table(setting, s.flops);
  const best = faster(settings);
  if (!best) return;
  out();
  if (settings.length > 1) out(`Faster setting (lowest sum of medians): ${SPINNING[best.spinning]}.`);
  out(`Ratios of medians (of fastest runs) — goal: ${VLMC_GRAPH} / ${TORCH_GRAPH} ≤ 1.0:`);
  for (const setting of [best, ...settings.filter((x) => x !== best)]) {
    if (settings.length > 1) out(` ${SPINNING[setting.spinning]}${setting === best ? " (faster)" : ""}:`);
    ratios(setting, s.torch);
  }
}
