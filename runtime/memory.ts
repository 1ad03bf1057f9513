// Will a run fit? Estimated before anything is allocated, from the plan: the model state, the
// inputs, and the peak of live intermediates when each is freed at its last reader (or all of
// them, when a gradient tape keeps them), plus the attention kernel's score matrices. Compared
// with what the backend can address: the WASM heap stops at 4 GiB; the others get the memory
// the machine has available.
import { readFileSync } from "node:fs";
import * as os from "node:os";
import { Diag } from "../compiler/diagnostics/catalog.js";
import { phrase, say } from "../compiler/diagnostics/template.js";
import { ownerOf, type DType, type IrGraph, type IrNode } from "../compiler/ir/types.js";
import type { BackendInfo, BackendName } from "./backend.js";
import { DEFAULT_TRANSPOSED_CACHE_BYTES } from "./wasm/transposed-cache.js";
import { setWasmCacheLimit, wasmOverridesInstalled } from "./wasm/overrides.js";
import type { DimBindings } from "./dims.js";
import { RunError } from "./errors.js";
import type { Plan } from "./plan.js";

const WASM_HEAP_MAX = 4294901760;

export interface MemoryEstimate {
  readonly stateBytes: number;
  /**
   * Weights the backend keeps a second, packed copy of: on WASM, XNNPACK packs the right operand
   * of every product it runs (a linear layer's weight) once and keeps it with its operator.
   */
  readonly packedBytes: number;
  readonly inputBytes: number;
  /** Peak bytes of intermediates (and kernel workspace) during the pass. */
  readonly activationBytes: number;
  readonly totalBytes: number;
}

function bytesPer(d: DType): number {
  return d === "bool" ? 1 : 4;
}

function valueBytes(node: IrNode, dims: DimBindings): number {
  return dims.shape(node.type.shape).reduce((a, b) => a * b, 1) * bytesPer(node.type.dtype);
}

/** Scratch a kernel needs beyond its output: attention materialises scores and probabilities. */
function workspaceBytes(ir: IrGraph, node: IrNode, dims: DimBindings): number {
  if (node.op !== "attention") return 0;
  const [b, t] = dims.shape(ir.nodes[node.inputs[0]!]!.type.shape);
  const s = dims.value(ir.nodes[node.inputs[1]!]!.type.shape[1]!);
  const heads = Number(node.attrs["heads"]);
  return 3 * b! * heads * t! * s * 4;
}

/** Owners of the parameters a plan multiplies by as a product's right operand. */
function productWeights(ir: IrGraph, plan: Plan): Set<string> {
  const out = new Set<string>();
  for (const id of plan.order) {
    const node = ir.nodes[id]!;
    if (node.op !== "linear" && node.op !== "matmul") continue;
    const w = ir.nodes[node.inputs[1]!]!;
    if (w.op === "param") out.add(ownerOf(ir, String(w.attrs["name"])));
  }
  return out;
}

/**
 * `state`: the stored tensors the run holds (runtime/plan.ts `stateRead`), or all of them;
 * `packsWeights`: whether the backend keeps packed copies of product weights (WASM's XNNPACK).
 */
export function estimateMemory(
  ir: IrGraph,
  plan: Plan,
  dims: DimBindings,
  opts: { keepIntermediates: boolean; state?: ReadonlySet<string>; packsWeights?: boolean },
  // keepIntermediates (training): every activation counted as live to the end of the forward, as
  // the tape holds what gradients saved; it stands in for the gradients too, which the estimate
  // does not count separately.
): MemoryEstimate {
  let stateBytes = 0;
  let packedBytes = 0;
  const held = (name: string): boolean => !opts.state || opts.state.has(name);
  const packed = opts.packsWeights ? productWeights(ir, plan) : new Set<string>();
  for (const p of ir.params.values()) {
    if (p.sharedWith !== undefined || !held(p.name)) continue;
    const bytes = p.shape.reduce((a, b) => a * b, 1) * bytesPer(p.dtype);
    stateBytes += bytes;
    if (packed.has(p.name)) packedBytes += bytes;
  }
  for (const b of ir.buffers.values()) if (held(b.name)) stateBytes += b.shape.reduce((a, c) => a * c, 1) * bytesPer(b.dtype);
  let inputBytes = 0;
  let live = 0;
  let peak = 0;
  const sizes = new Map<number, number>();
  plan.order.forEach((id, at) => {
    const node = ir.nodes[id]!;
    if (node.op === "param" || node.op === "buffer") return;
    const bytes = valueBytes(node, dims);
    if (node.op === "input") {
      inputBytes += bytes;
      return;
    }
    sizes.set(id, bytes);
    live += bytes;
    peak = Math.max(peak, live + workspaceBytes(ir, node, dims));
    if (opts.keepIntermediates) return;
    for (const i of new Set(node.inputs)) {
      if (i >= 0 && plan.lastUse.get(i) === at && sizes.has(i)) {
        live -= sizes.get(i)!;
        sizes.delete(i);
      }
    }
  });
  return { stateBytes, packedBytes, inputBytes, activationBytes: peak, totalBytes: stateBytes + packedBytes + inputBytes + peak };
}

/**
 * Gives the WASM overrides' cache of transposed weights (a speed-up, not a necessity) what the
 * run leaves of the heap, up to its default bound; returns the bytes it may use.
 */
export function sizeWeightCache(estimate: MemoryEstimate, backend: BackendInfo): number {
  if (backend.name !== "wasm" || !wasmOverridesInstalled()) return 0;
  const budget = Math.min(DEFAULT_TRANSPOSED_CACHE_BYTES, Math.max(0, memoryLimit("wasm").bytes - estimate.totalBytes));
  setWasmCacheLimit(budget);
  return budget;
}

/** Bytes the backend can use: the WASM heap limit, or the machine's available memory. */
export function memoryLimit(backend: BackendName): { bytes: number; what: string } {
  // Its allocator fragments, so not all of it is usable: CLIP-L/14 (estimate 3.07 GiB) and BLIP
  // base's whole pre-training pass (3.51 GiB) run; the weight cache takes what is left.
  if (backend === "wasm") return { bytes: Math.floor(WASM_HEAP_MAX * 0.9), what: "what the WASM heap can hold (3.6 of its 4 GiB, allowing for fragmentation)" };
  return { bytes: availableMemory(), what: "the memory available on this machine" };
}

function availableMemory(): number {
  try {
    const m = /^MemAvailable:\s+(\d+) kB/m.exec(readFileSync("/proc/meminfo", "utf8"));
    if (m) return Number(m[1]) * 1024;
  } catch {
    /* not Linux: fall back to what Node reports */
  }
  return os.freemem();
}

export function formatBytes(n: number): string {
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(2)} GiB`;
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(1)} MiB`;
  if (n >= 2 ** 10) return `${(n / 2 ** 10).toFixed(1)} KiB`;
  return `${n} B`;
}

/** Stops a run that cannot fit, before it allocates anything. */
export function ensureFits(estimate: MemoryEstimate, backend: BackendName, batch: number | undefined): void {
  const limit = memoryLimit(backend);
  if (estimate.totalBytes <= limit.bytes) return;
  const packed = estimate.packedBytes ? phrase(Diag.OutOfMemory, "packed", { bytes: formatBytes(estimate.packedBytes) }) : "";
  const parts = phrase(Diag.OutOfMemory, "parts", {
    state: formatBytes(estimate.stateBytes),
    packed,
    inputs: formatBytes(estimate.inputBytes),
    activations: formatBytes(estimate.activationBytes),
  });
  const hint =
    batch !== undefined && batch > 1
      ? phrase(Diag.OutOfMemory, "batchHint", { wasm: backend === "wasm" ? phrase(Diag.OutOfMemory, "batchWasmHint") : "" })
      : phrase(Diag.OutOfMemory, backend === "wasm" ? "wasmHint" : "variantHint");
  throw RunError.of(say(Diag.OutOfMemory, "estimate", { total: formatBytes(estimate.totalBytes), parts, limit: limit.what, bytes: formatBytes(limit.bytes) }), undefined, { hint });
}
