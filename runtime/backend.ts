// Choosing where tensors live: `tensorflow` (tfjs-node-gpu or tfjs-node, when installed — both
// download libtensorflow at install time, so they are optional and detected here at run time),
// then `wasm` (the embedded default), then `cpu`. Every run reports what it got.
//
// On wasm the runtime loads tfjs's threaded-SIMD binary itself (runtime/wasm/threads.ts: all cores
// by default, `threads` or VLMC_WASM_THREADS to choose, one thread with the reason when it cannot
// start) and installs kernel overrides that send every matrix product through XNNPACK and copy
// only what a slice takes (runtime/wasm/overrides.ts; `overrides: false` or VLMC_WASM_OVERRIDES=0
// for the stock kernels).
import { Diag } from "../compiler/diagnostics/catalog.js";
import { phrase, say } from "../compiler/diagnostics/template.js";
import { RunError } from "./errors.js";
import { tf } from "./tf.js";

export type BackendName = "tensorflow" | "wasm" | "cpu";
export const BACKENDS: readonly BackendName[] = ["tensorflow", "wasm", "cpu"];

export interface BackendInfo {
  readonly name: BackendName;
  /** Threads the backend computes with. */
  readonly threads: number;
  /** What was loaded, e.g. "@tensorflow/tfjs-node-gpu" or "wasm (SIMD)". */
  readonly detail: string;
}

export interface BackendOptions {
  /** WASM threads (default: VLMC_WASM_THREADS, else the machine's cores). */
  readonly threads?: number;
  /** The WASM kernel overrides (default: on unless VLMC_WASM_OVERRIDES=0). */
  readonly overrides?: boolean;
}

interface Attempt {
  readonly ok: boolean;
  readonly detail: string;
  readonly threads?: number;
}

async function tryTensorflow(): Promise<Attempt> {
  const reasons: string[] = [];
  for (const pkg of ["@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node"]) {
    try {
      await import(pkg);
      if (tf.findBackend("tensorflow") && (await tf.setBackend("tensorflow"))) return { ok: true, detail: pkg, threads: 0 };
      reasons.push(`${pkg} loaded but registered no backend with this tfjs-core (a second copy of @tensorflow/tfjs-core?)`);
    } catch (e) {
      reasons.push(`${pkg}: ${firstLine(e)}`);
    }
  }
  return { ok: false, detail: reasons.join("; ") };
}

async function tryWasm(options: BackendOptions): Promise<Attempt> {
  try {
    await import("@tensorflow/tfjs-backend-wasm");
    const { registerWasmLoader, registeredWasmThreads, requestedWasmThreads, wasmThreading } = await import("./wasm/threads.js");
    const { installWasmOverrides, removeWasmOverrides } = await import("./wasm/overrides.js");
    // A backend already running keeps its threads unless a count is asked for: restarting it
    // would drop every tensor it holds.
    if (options.threads !== undefined || registeredWasmThreads() === undefined) registerWasmLoader(requestedWasmThreads(options.threads));
    if (!(await tf.setBackend("wasm"))) return { ok: false, detail: "the wasm backend failed to initialise" };
    await tf.ready();
    const overrides = options.overrides ?? process.env.VLMC_WASM_OVERRIDES !== "0";
    if (overrides) installWasmOverrides();
    else removeWasmOverrides();
    const t = wasmThreading();
    const binary = t ? t.binary : "simd";
    const threads = t?.threads ?? 1;
    const parts = [binary, overrides ? "XNNPACK overrides" : "stock kernels", ...(t?.note ? [`${t.requested} threads requested: ${t.note}`] : [])];
    return { ok: true, detail: `wasm (${parts.join(", ")})`, threads };
  } catch (e) {
    return { ok: false, detail: firstLine(e) };
  }
}

async function tryCpu(): Promise<Attempt> {
  try {
    await import("@tensorflow/tfjs-backend-cpu");
    if (!(await tf.setBackend("cpu"))) return { ok: false, detail: "the cpu backend failed to initialise" };
    return { ok: true, detail: "cpu (JavaScript)", threads: 1 };
  } catch (e) {
    return { ok: false, detail: firstLine(e) };
  }
}

const TRY: Record<BackendName, (options: BackendOptions) => Promise<Attempt>> = { tensorflow: tryTensorflow, wasm: tryWasm, cpu: tryCpu };

/** Sets up `requested`, or the first that works in the default order. */
export async function useBackend(requested?: BackendName, options: BackendOptions = {}): Promise<BackendInfo> {
  tf.env().set("IS_TEST", false);
  const order = requested ? [requested] : BACKENDS;
  const failures: string[] = [];
  for (const name of order) {
    const a = await TRY[name](options);
    if (a.ok) return { name, threads: a.threads ?? 1, detail: a.detail };
    failures.push(`${name}: ${a.detail}`);
  }
  const said = requested ? say(Diag.BackendUnavailable, "requested", { backend: requested, failures: failures.join("; ") }) : say(Diag.BackendUnavailable, "none", { failures: failures.join("; ") });
  throw RunError.of(said, undefined, { hint: phrase(Diag.BackendUnavailable, requested === "tensorflow" ? "tensorflowHint" : "cpuHint") });
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split("\n")[0]!;
}
