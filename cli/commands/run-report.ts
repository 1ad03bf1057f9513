// What `vlmc run` reports: the backend it ran on, the inputs, each named value's dtype, shape and
// statistics, each objective's loss and the weighted total — as a table, or as JSON (the same
// fields).
import type { DType } from "../../compiler/ir/types.js";
import type { Tensor } from "../../runtime/tf.js";

export interface ValueStats {
  readonly dtype: DType;
  readonly shape: number[];
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly max: number;
  /** Elements that are NaN or infinite (their statistics skip them). */
  readonly nonFinite: number;
}

export interface RunReport {
  readonly model: string;
  readonly variant: string | null;
  readonly backend: { readonly name: string; readonly threads: number; readonly detail: string };
  readonly batch: number | null;
  readonly mode: "train" | "eval";
  readonly seed: number;
  readonly weights: string;
  readonly inputs: readonly { readonly name: string; readonly dtype: DType; readonly shape: number[]; readonly source: string }[];
  readonly outputs: readonly ({ readonly name: string } & ValueStats)[];
  readonly objectives: readonly { readonly name: string; readonly loss: number; readonly weight: number }[];
  readonly total: number | null;
  readonly forwardMs: number;
  readonly memory: { readonly estimateBytes: number; readonly estimate: string };
}

/** Statistics over the finite elements, in float64; population standard deviation. */
export function statsOf(dtype: DType, t: Tensor): ValueStats {
  const data = t.dataSync();
  let n = 0;
  let sum = 0;
  let sq = 0;
  let min = Infinity;
  let max = -Infinity;
  let nonFinite = 0;
  for (let i = 0; i < data.length; i++) {
    const v = Number(data[i]);
    if (!Number.isFinite(v)) {
      nonFinite++;
      continue;
    }
    n++;
    sum += v;
    sq += v * v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = n ? sum / n : NaN;
  const std = n ? Math.sqrt(Math.max(0, sq / n - mean * mean)) : NaN;
  return { dtype, shape: [...t.shape], mean, std, min: n ? min : NaN, max: n ? max : NaN, nonFinite };
}

function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e5)) return x.toExponential(3);
  return x.toFixed(4);
}

function table(rows: string[][], right: ReadonlySet<number>): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) =>
    r
      .map((cell, c) => (right.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join("  ")
      .trimEnd(),
  );
}

export function renderRun(r: RunReport): string {
  const threads = `${r.backend.threads || "native"} thread${r.backend.threads === 1 ? "" : "s"}`;
  const out: string[] = [];
  out.push(`${r.model}${r.variant ? ` (variant ${r.variant})` : ""} — backend ${r.backend.detail.startsWith(r.backend.name) ? r.backend.detail : `${r.backend.name}: ${r.backend.detail}`}, ${threads}`);
  out.push(`mode ${r.mode}, seed ${r.seed}${r.batch !== null ? `, batch ${r.batch}` : ""}; weights: ${r.weights}; estimated memory ${r.memory.estimate}`);
  out.push("");
  out.push(...table([["input", "dtype", "shape", "source"], ...r.inputs.map((i) => [i.name, i.dtype, `[${i.shape.join(", ")}]`, i.source])], new Set()));
  if (r.outputs.length) {
    out.push("");
    const rows = r.outputs.map((o) => [o.name, o.dtype, `[${o.shape.join(", ")}]`, num(o.mean), num(o.std), num(o.min), num(o.max), o.nonFinite ? `${o.nonFinite} non-finite` : ""]);
    out.push(...table([["value", "dtype", "shape", "mean", "std", "min", "max", ""], ...rows], new Set([3, 4, 5, 6])));
  }
  if (r.objectives.length) {
    out.push("");
    const rows = r.objectives.map((o) => [o.name, num(o.loss), num(o.weight)]);
    if (r.total !== null && r.objectives.length > 1) rows.push(["total (weighted)", num(r.total), ""]);
    out.push(...table([["objective", "loss", "weight"], ...rows], new Set([1, 2])));
  }
  out.push("");
  out.push(`forward pass: ${r.forwardMs} ms`);
  return out.join("\n") + "\n";
}
