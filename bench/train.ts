// Training benchmark (issue #7): ms per training step — forward, backward and AdamW update, as
// `Trainer.trainStep` takes it — on the wasm backend, against the same step in PyTorch CPU
// (bench/torch_train.py: the same architecture hand-written in torch, torch.optim.AdamW, 2
// threads, OMP_WAIT_POLICY=PASSIVE) measured in the same run, for
//   - CLIP tiny (specs/models/clip.vlm, variant tiny), and
//   - a ViT-B/16 + BERT-base image–text contrastive step (bench/specs/itc-base.vlm) at batch 8.
// Prints medians after warm-up, what each side's step is made of (forward, backward, optimiser;
// on wasm also the kernels that dominate each phase and the JavaScript around them), peak memory
// (WASM heap, RSS; torch's RSS), and the ratio wasm / PyTorch (the goal: within 3×).
//
// Each model's wasm run is a child process of its own (a fresh 4 GiB heap). Run:
//   npm run bench:train [-- options]
//   --models clip-tiny,itc-base   which models (default both)
//   --clip-batch 32 --itc-batch 8 batch sizes
//   --steps 5 --warmup 2          timed steps (median) and warm-up steps per side
//   --profile-steps 2             extra wasm steps under the kernel profiler (0: none)
//   --threads N                   wasm threads (default: VLMC_WASM_THREADS or the cores)
//   --no-torch                    skip PyTorch
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { requestedWasmThreads } from "../runtime/wasm/threads.js";
import { MB } from "./measure.js";
import { printTrainReport, type TorchTrainResult } from "./train-report.js";
import { MODELS, trainOnWasm, type ModelName, type TrainChildConfig, type WasmTrainResult } from "./train-wasm.js";

interface Options {
  readonly models: ModelName[];
  readonly batches: Record<ModelName, number>;
  readonly steps: number;
  readonly warmup: number;
  readonly profileSteps: number;
  readonly threads: number;
  readonly torch: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const models = (value("--models") ?? Object.keys(MODELS).join(",")).split(",").filter(Boolean);
  for (const m of models) if (!(m in MODELS)) throw new Error(`unknown model ${m} (known: ${Object.keys(MODELS).join(", ")})`);
  const threads = value("--threads");
  return {
    models: models as ModelName[],
    batches: { "clip-tiny": Number(value("--clip-batch") ?? 32), "itc-base": Number(value("--itc-batch") ?? 8) },
    steps: Number(value("--steps") ?? 5),
    warmup: Number(value("--warmup") ?? 2),
    profileSteps: Number(value("--profile-steps") ?? 2),
    threads: requestedWasmThreads(threads === undefined ? undefined : Number(threads)),
    torch: !argv.includes("--no-torch"),
  };
}

/** How long one wasm step may take before the child is deemed stuck (ViT-B/16 + BERT-base b8 takes ~45 s on 2 cores). */
const CHILD_MS_PER_STEP = 5 * 60_000;

function spawnChild(config: TrainChildConfig): WasmTrainResult | string {
  process.stderr.write(`${config.model} on wasm (batch ${config.batch}, ${config.threads} threads) …\n`);
  // A step that runs out of WASM heap inside XNNPACK does not throw: tfjs logs the failed
  // allocation and the step hangs. Bound the child so the report says so instead of never ending.
  const steps = config.warmup + config.steps + config.profileSteps;
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", JSON.stringify(config)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * MB,
    timeout: CHILD_MS_PER_STEP * steps + 120_000,
  });
  const line = (r.stdout ?? "").split("\n").find((l) => l.startsWith("RESULT "));
  if (r.error && (r.error as NodeJS.ErrnoException).code === "ETIMEDOUT") {
    return `the wasm run of ${config.model} at batch ${config.batch} did not finish ${steps} steps in ${(CHILD_MS_PER_STEP * steps) / 60_000 + 2} min (most likely the 4 GiB WASM heap ran out inside XNNPACK; try a smaller batch)`;
  }
  if (r.status !== 0 || !line) return `the wasm run of ${config.model} failed (exit ${r.status ?? r.signal})`;
  return JSON.parse(line.slice("RESULT ".length)) as WasmTrainResult;
}

function runTorch(model: ModelName, batch: number, opts: Options): TorchTrainResult | string {
  const python = "/usr/bin/python3";
  const probe = spawnSync(python, ["-c", "import torch"], { encoding: "utf8" });
  if (probe.status !== 0) return `PyTorch skipped: ${python} cannot import torch`;
  process.stderr.write(`${model} on PyTorch (batch ${batch}, 2 threads) …\n`);
  const script = fileURLToPath(new URL("../../bench/torch_train.py", import.meta.url));
  const text = MODELS[model].text;
  const args = [script, "--model", model, "--batch", String(batch), "--steps", String(opts.steps), "--warmup", String(opts.warmup), ...(text ? ["--text-length", String(text)] : [])];
  const env = { ...process.env, OMP_NUM_THREADS: "2", OMP_WAIT_POLICY: "PASSIVE" };
  const r = spawnSync(python, args, { encoding: "utf8", env, maxBuffer: 16 * MB });
  if (r.status !== 0) return `PyTorch failed: ${(r.stderr ?? "").trim().split("\n").pop()}`;
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as TorchTrainResult;
}

async function main(argv: readonly string[]): Promise<void> {
  const child = argv.indexOf("--child");
  if (child >= 0) {
    const result = await trainOnWasm(JSON.parse(argv[child + 1]!) as TrainChildConfig);
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
    process.exit(0); // the wasm thread pool must not keep the child alive
  }
  const opts = parseOptions(argv);
  const runs = opts.models.map((model) => {
    const batch = opts.batches[model];
    const wasm = spawnChild({ model, batch, warmup: opts.warmup, steps: opts.steps, profileSteps: opts.profileSteps, threads: opts.threads });
    const torch = opts.torch ? runTorch(model, batch, opts) : "PyTorch skipped (--no-torch)";
    return { model, batch, wasm, torch };
  });
  printTrainReport(runs);
}

await main(process.argv.slice(2));
