// Loads tfjs-backend-wasm's threaded-SIMD binary under Node. tfjs ships it but never uses it in
// Node: its WASM_HAS_MULTITHREAD_SUPPORT flag answers false there, and its loader hands the
// pthread workers a blob: URL, which Node's worker_threads cannot start. XNNPACK then computes on
// one thread. Measured on a 2-core machine (runtime benchmark, CLIP ViT-B/16 image tower, batch 1,
// medians): vlmc 997 ms on one thread, 740 ms on two; the tower's products run at ~36 GFLOP/s on
// one thread and ~50–57 on two. A small op gains nothing (waking the pool costs more), and when
// other processes hold the cores the pool waits on them: expect noisier times with threads.
//
// This loader registers the `wasm` backend factory itself, with tfjs's public API
// (tf.registerBackend, the exported BackendWasm class, setThreadsCount), and builds the
// Emscripten module from the files tfjs ships (wasm-out/): the worker script is written to a file
// in the OS temporary directory so worker_threads can start it, and the main script is given to
// the workers by path. tfjs's C side caps its thread pool at half the logical cores (it assumes
// hyper-threading), i.e. one thread on a 2-core machine; the module's `emscripten_num_logical_cores`
// import is answered with twice the requested count so that the pool gets the threads asked for.
// If the threaded module cannot start (no SharedArrayBuffer or WASM threads, a worker failing, a
// timeout), the same factory loads the single-threaded SIMD binary and records why.
//
// The pool's threads are unref'd once started, so a finished script exits instead of waiting on
// them. Thread count: the `threads` option, else VLMC_WASM_THREADS, else the machine's cores.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { BackendWasm, setThreadsCount } from "@tensorflow/tfjs-backend-wasm";
import { tf } from "../tf.js";
import type { WasmModule } from "./heap.js";

export interface WasmThreading {
  /** Threads XNNPACK computes with (the pool's own count). */
  readonly threads: number;
  readonly requested: number;
  readonly binary: "threaded-simd" | "simd" | "plain";
  /** Why fewer threads than requested run, when that is so. */
  readonly note?: string;
}

export interface WasmLoaderOptions {
  /** How long to wait for the threaded module and its workers before falling back (default 30 s). */
  readonly startTimeoutMs?: number;
}

const START_TIMEOUT_MS = 30_000;
const WASM_PRIORITY = 2; // tfjs-backend-wasm's own

const require = createRequire(import.meta.url);
const wasmOut = path.join(path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "wasm-out");

type Factory = (config: Record<string, unknown>) => Promise<WasmModule>;
interface PThreads {
  runningWorkers: { unref(): void }[];
  terminateAllThreads(): void;
}

let loaded: WasmThreading | undefined;
let registeredFor: number | undefined;

/** The thread count to ask for: an explicit value, else VLMC_WASM_THREADS, else the machine's cores. */
export function requestedWasmThreads(explicit?: number, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = env.VLMC_WASM_THREADS ? Number(env.VLMC_WASM_THREADS) : undefined;
  const n = explicit ?? fromEnv ?? (os.availableParallelism?.() ?? os.cpus().length);
  if (!Number.isInteger(n) || n < 1) throw new Error(`the WASM thread count must be a positive integer, not ${explicit ?? env.VLMC_WASM_THREADS}`);
  return n;
}

/** The thread count the registered loader asks for (undefined before registerWasmLoader). */
export function registeredWasmThreads(): number | undefined {
  return registeredFor;
}

/** How the running wasm backend was loaded (undefined until tfjs initialised it through this loader). */
export function wasmThreading(): WasmThreading | undefined {
  return loaded;
}

/**
 * Makes tfjs load the wasm backend through this loader with `threads` threads. Replaces a wasm
 * backend already running with another thread count (its tensors are lost); a no-op when the
 * same count is registered already.
 */
export function registerWasmLoader(threads: number, options: WasmLoaderOptions = {}): void {
  if (registeredFor === threads && options.startTimeoutMs === undefined) return;
  if (tf.findBackendFactory("wasm")) tf.removeBackend("wasm");
  loaded = undefined;
  registeredFor = threads;
  tf.registerBackend(
    "wasm",
    async () => {
      const { module, threading } = await loadModule(threads, options.startTimeoutMs ?? START_TIMEOUT_MS);
      setThreadsCount(threading.binary === "threaded-simd" ? threads : 1);
      const backend = new BackendWasm(module as never);
      const running = module.tfjs.getThreadsCount();
      const pool = (module as unknown as { PThread?: PThreads }).PThread;
      for (const w of pool?.runningWorkers ?? []) w.unref();
      loaded =
        running === threading.threads
          ? threading
          : { ...threading, threads: running, note: threading.note ?? `the thread pool started ${running} of ${threads} threads` };
      return backend;
    },
    WASM_PRIORITY,
  );
}

async function loadModule(threads: number, timeoutMs: number): Promise<{ module: WasmModule; threading: WasmThreading }> {
  const simd = WebAssembly.validate(SIMD_PROBE);
  let note: string | undefined;
  if (threads > 1) {
    const unavailable = !simd ? "this WebAssembly engine has no SIMD" : threadsUnavailable();
    if (unavailable) note = unavailable;
    else {
      try {
        const module = await startThreaded(threads, timeoutMs);
        return { module, threading: { threads, requested: threads, binary: "threaded-simd" } };
      } catch (e) {
        note = `the threaded WASM binary did not start: ${String((e as Error)?.message ?? e).split("\n")[0]}`;
      }
    }
  }
  const module = await startSingle(simd);
  const threading: WasmThreading = { threads: 1, requested: threads, binary: simd ? "simd" : "plain", ...(note ? { note } : {}) };
  return { module, threading };
}

function threadsUnavailable(): string | undefined {
  if (typeof SharedArrayBuffer !== "function") return "SharedArrayBuffer is not available";
  try {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    if (!(memory.buffer instanceof SharedArrayBuffer)) return "WebAssembly shared memory is not available";
  } catch {
    return "WebAssembly shared memory is not available";
  }
  return undefined;
}

async function startThreaded(threads: number, timeoutMs: number): Promise<WasmModule> {
  const script = path.join(wasmOut, "tfjs-backend-wasm-threaded-simd.js");
  const factory = require(script) as Factory;
  const binary = readFileSync(path.join(wasmOut, "tfjs-backend-wasm-threaded-simd.wasm"));
  const config: Record<string, unknown> = {
    locateFile: (file: string, prefix: string) => (file.endsWith(".worker.js") ? workerScript() : prefix + file),
    mainScriptUrlOrBlob: script,
    instantiateWasm: (imports: { env: Record<string, unknown> }, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) => {
      imports.env.emscripten_num_logical_cores = () => 2 * threads;
      void WebAssembly.instantiate(binary, imports as WebAssembly.Imports).then((r) => receive(r.instance, r.module));
      return {};
    },
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    return withTfjsApi(await Promise.race([factory(config), timeout]));
  } catch (e) {
    // Emscripten builds the module on the config object: stop any worker it started.
    (config as { PThread?: PThreads }).PThread?.terminateAllThreads();
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

async function startSingle(simd: boolean): Promise<WasmModule> {
  const factory = require(path.join(wasmOut, "tfjs-backend-wasm.js")) as Factory;
  const binary = simd ? "tfjs-backend-wasm-simd.wasm" : "tfjs-backend-wasm.wasm";
  return withTfjsApi(await factory({ locateFile: (file: string, prefix: string) => (file.endsWith(".wasm") ? path.join(wasmOut, binary) : prefix + file) }));
}

/** The `tfjs` namespace tfjs-backend-wasm's loader puts on the module: its C entry points. */
function withTfjsApi(module: WasmModule): WasmModule {
  const wrap = module.cwrap.bind(module);
  (module as { tfjs: unknown }).tfjs = {
    init: wrap("init", null, []),
    initWithThreadsCount: wrap("init_with_threads_count", null, ["number"]),
    getThreadsCount: wrap("get_threads_count", "number", []),
    registerTensor: wrap("register_tensor", null, ["number", "number", "number"]),
    disposeData: wrap("dispose_data", null, ["number"]),
    dispose: wrap("dispose", null, []),
  };
  return module;
}

/** The pthread worker script, written once per content to the OS temporary directory. */
function workerScript(): string {
  const { wasmWorkerContents } = require(path.join(wasmOut, "tfjs-backend-wasm-threaded-simd.worker.js")) as { wasmWorkerContents: string };
  // tfjs keeps the script in a template string whose "\n" escapes became newlines; restore them.
  const text = wasmWorkerContents.replace(/\n/g, "\\n");
  const digest = createHash("sha256").update(text).digest("hex").slice(0, 16);
  const file = path.join(os.tmpdir(), `vlmc-tfjs-wasm-worker-${digest}.cjs`);
  if (!existsSync(file)) {
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, text);
    renameSync(partial, file);
  }
  return file;
}

/** A minimal module using one SIMD instruction (i32x4.splat): validates only where SIMD is supported. */
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type: () -> v128
  0x03, 0x02, 0x01, 0x00, // one function of type 0
  0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x00, 0xfd, 0x11, 0x0b, // body: i32.const 0; i32x4.splat; end
]);
