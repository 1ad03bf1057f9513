// Runtime benchmark (issue #6 §6): the CLIP ViT-B/16 image tower's forward on the wasm backend,
// vlmc (compiled from specs/models/clip.vlm, only `image_features` requested) against a plain
// hand-written tfjs ViT (bench/handwritten-vit.ts) in the same process on the same backend, and
// against PyTorch CPU with 2 threads (bench/torch_vit.py, when /usr/bin/python3 imports torch).
// Prints medians of the runs after warm-up, achieved GFLOP/s (the compiler's FLOP count), peak
// memory, and the ratios vlmc / hand-written and vlmc / PyTorch; then, for context, the same on
// stock tfjs-wasm (one thread, no kernel overrides) and with the overrides on one thread.
// Issue #8: the main configuration also times the same tower as `vlmc compile --target js`
// generates it (bench/generated-clip-tower.ts: `model.visual.forward`, on the runtime tower's own
// weight tensors), interleaved with the runtime's, checks that both give the same features (max
// abs difference), and prints generated / runtime (goal ≤ 1).
// Then (issue #13) the ONNX section: the same tower in onnxruntime-node as the graph vlmc emits
// and as torch.onnx.export writes it from the PyTorch tower, same weights, against PyTorch CPU
// (bench/onnx-section.ts).
//
// Each wasm configuration runs in its own child process (a backend's thread count is fixed when
// it starts, and each process's memory is its own). Run: npm run bench:runtime [-- options]
//   --batches 1,8       batch sizes (default 1,8)
//   --runs 5 --warmup 2 timed runs (median) and warm-up runs per implementation
//   --threads N         wasm threads for the main configuration (default: VLMC_WASM_THREADS or the cores)
//   --context-batches 1,8  batch sizes of the stock tfjs-wasm runs ("" to skip the context runs)
//   --no-torch          skip PyTorch
//   --no-generated      skip the generated TypeScript tower
//   --no-onnx           skip the ONNX section
//   --only-onnx         run only the ONNX section (and PyTorch, which it is compared with)
//   --onnx-dir DIR      write the ONNX graphs to DIR and keep them (default: a temporary folder)
//   --onnx-opset N      opset of vlmc's graph (default: the emitter's; the PyTorch export is 17)
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { useBackend, type BackendInfo } from "../runtime/backend.js";
import { tf, type Tensor } from "../runtime/tf.js";
import { requestedWasmThreads } from "../runtime/wasm/threads.js";
import { wasmCacheBytes } from "../runtime/wasm/overrides.js";
import { compileClip, imageTowerFlops, vlmcImageTower } from "./clip-image-tower.js";
import { generatedImageTower } from "./generated-clip-tower.js";
import { CLIP_VIT_B16, handwrittenVit } from "./handwritten-vit.js";
import { interleaved, MB, median, peakForwardBytes, wasmHeapBytes } from "./measure.js";
import { runChild, sendResult } from "./child-process.js";
import { measureOnnx, type OnnxMeasurements } from "./onnx-section.js";
import { GENERATED, printReport, type ConfigResult, type Row, type TorchResult } from "./report.js";
import { benchScript, lastLine, PYTHON, torchEnv, torchMissing } from "./torch-python.js";

const ONE_TIDY = "hand-written, one tidy";

export interface ChildConfig {
  readonly label: string;
  readonly threads: number;
  readonly overrides: boolean;
  readonly batches: readonly number[];
  readonly runs: number;
  readonly warmup: number;
  /** Batch sizes at which vlmc runs too (default: all); the hand-written tower runs at every one. */
  readonly vlmcBatches?: readonly number[];
  /** Also time the tower of the generated module beside vlmc's (at vlmc's batch sizes). */
  readonly generated?: boolean;
}

interface Options {
  batches: number[];
  runs: number;
  warmup: number;
  threads: number;
  contextBatches: number[];
  torch: boolean;
  generated: boolean;
  wasm: boolean;
  onnx: boolean;
  onnxDir: string | undefined;
  onnxOpset: number | undefined;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const list = (s: string | undefined, fallback: number[]): number[] => (s === undefined ? fallback : s.split(",").filter(Boolean).map(Number));
  const threads = value("--threads");
  return {
    batches: list(value("--batches"), [1, 8]),
    runs: Number(value("--runs") ?? 5),
    warmup: Number(value("--warmup") ?? 2),
    threads: requestedWasmThreads(threads === undefined ? undefined : Number(threads)),
    contextBatches: list(value("--context-batches"), [1, 8]),
    torch: !argv.includes("--no-torch"),
    generated: !argv.includes("--no-generated"),
    wasm: !argv.includes("--only-onnx"),
    onnx: !argv.includes("--no-onnx"),
    onnxDir: value("--onnx-dir"),
    onnxOpset: value("--onnx-opset") === undefined ? undefined : Number(value("--onnx-opset")),
  };
}

/** Child process: one wasm configuration, vlmc and hand-written interleaved at each batch size. */
async function runWasmChild(config: ChildConfig): Promise<ConfigResult> {
  const backend: BackendInfo = await useBackend("wasm", { threads: config.threads, overrides: config.overrides });
  const vlmc = vlmcImageTower("B16", 1);
  const generated = config.generated ? await generatedImageTower("B16", 1, vlmc.weight) : undefined;
  const hand = handwrittenVit(CLIP_VIT_B16, 1);
  // The one-tidy variant keeps every intermediate of a forward alive; beyond batch 1 it does not
  // fit the WASM heap beside the other models, so it runs at batch 1 only, then goes.
  let oneTidy: ReturnType<typeof handwrittenVit> | undefined = handwrittenVit(CLIP_VIT_B16, 2, { tidyPerBlock: false });
  const rows: Row[] = [];
  const generatedDiff: Record<string, number> = {};
  for (const batch of [...config.batches].sort((a, b) => a - b)) {
    const forwards: Record<string, (x: Tensor) => Tensor> = { "hand-written": hand.forward };
    if (!config.vlmcBatches || config.vlmcBatches.includes(batch)) forwards["vlmc"] = vlmc.forward;
    if (generated && forwards["vlmc"]) forwards[GENERATED] = generated.forward;
    if (oneTidy && batch === 1) forwards[ONE_TIDY] = oneTidy.forward;
    const pixels = tf.randomNormal([batch, 3, CLIP_VIT_B16.imageSize, CLIP_VIT_B16.imageSize], 0, 1, "float32", 7);
    if (forwards[GENERATED]) generatedDiff[batch] = maxAbsDiff(vlmc.forward(pixels), generated!.forward(pixels));
    const times = interleaved(forwards, pixels, config.warmup, config.runs);
    for (const [model, ms] of Object.entries(times)) {
      const peak = await peakForwardBytes(forwards[model]!, pixels);
      rows.push({ batch, model, times: ms, medianMs: median(ms), peakMB: peak / MB });
      process.stderr.write(`  ${config.label}: ${model} b${batch} median ${median(ms).toFixed(0)} ms\n`);
    }
    pixels.dispose();
    oneTidy?.dispose();
    oneTidy = undefined;
  }
  const result: ConfigResult = {
    label: config.label,
    backend,
    rows,
    weightsMB: { vlmc: vlmc.towerParamBytes / MB, "hand-written": hand.paramBytes / MB, ...(generated ? { [`${GENERATED} (vlmc's own tensors)`]: generated.towerParamBytes / MB } : {}) },
    ...(generated ? { generatedDiff } : {}),
    cacheMB: wasmCacheBytes() / MB,
    heapMB: (wasmHeapBytes() ?? 0) / MB,
    rssMB: process.memoryUsage().rss / MB,
  };
  generated?.dispose();
  vlmc.dispose();
  hand.dispose();
  return result;
}

/** The largest elementwise difference of two results; both are freed. */
function maxAbsDiff(a: Tensor, b: Tensor): number {
  const d = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
  a.dispose();
  b.dispose();
  return d;
}

function spawnChild(config: ChildConfig): ConfigResult | string {
  return runChild<ConfigResult>(fileURLToPath(import.meta.url), ["--child", JSON.stringify(config)], config.label);
}

function runTorch(opts: Options): TorchResult | string {
  const missing = torchMissing();
  if (missing) return `PyTorch skipped: ${missing}`;
  process.stderr.write("PyTorch (2 threads) …\n");
  const args = [benchScript("torch_vit.py"), "--batch", ...opts.batches.map(String), "--runs", String(opts.runs), "--warmup", String(opts.warmup)];
  const r = spawnSync(PYTHON, args, { encoding: "utf8", env: torchEnv(), maxBuffer: 16 * MB });
  if (r.status !== 0) return `PyTorch failed: ${lastLine(r.stderr)}`;
  return JSON.parse(lastLine(r.stdout)) as TorchResult;
}

async function main(argv: readonly string[]): Promise<void> {
  const child = argv.indexOf("--child");
  if (child >= 0) sendResult(await runWasmChild(JSON.parse(argv[child + 1]!) as ChildConfig));
  const opts = parseOptions(argv);
  const ir = compileClip("B16");
  const flops = new Map(opts.batches.concat(opts.wasm ? opts.contextBatches : []).map((b) => [b, imageTowerFlops(ir, b)]));
  const { runs, warmup } = opts;
  const main = opts.wasm
    ? spawnChild({ label: `wasm, ${opts.threads} thread${opts.threads > 1 ? "s" : ""}, XNNPACK overrides`, threads: opts.threads, overrides: true, batches: opts.batches, runs, warmup, generated: opts.generated })
    : "tfjs-wasm skipped (--only-onnx)";
  const torch = opts.torch ? runTorch(opts) : "PyTorch skipped (--no-torch)";
  const onnx: OnnxMeasurements | undefined = opts.onnx ? await measureOnnx(ir, { batches: opts.batches, runs, warmup, ...(opts.onnxDir ? { dir: opts.onnxDir } : {}), ...(opts.onnxOpset === undefined ? {} : { vlmcOpset: opts.onnxOpset }) }) : undefined;
  const context: (ConfigResult | string)[] = [];
  if (opts.wasm && opts.contextBatches.length) {
    const batches = opts.contextBatches;
    // vlmc on stock kernels takes minutes beyond batch 1 (its transposed and batched products
    // fall into the stock scalar loop): it runs at the smallest batch only, for context.
    const smallest = [Math.min(...batches)];
    context.push(spawnChild({ label: "stock tfjs-wasm, 1 thread, stock kernels", threads: 1, overrides: false, batches, runs, warmup: 1, vlmcBatches: smallest }));
    if (opts.threads > 1) context.push(spawnChild({ label: "wasm, 1 thread, XNNPACK overrides", threads: 1, overrides: true, batches: smallest, runs, warmup }));
  }
  printReport({ main, torch, context, flops, ...(onnx ? { onnx } : {}) });
}

await main(process.argv.slice(2));
