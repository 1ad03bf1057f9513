// The model-level PyTorch runtime (compiler/emit/pytorch/runtime/: module, model, share,
// momentum, queue, weights, trainer, train) against vlmc's IR runtime, on a model written by hand
// as the PyTorch emitter writes them (tiny_model.py) and the spec it translates: state_dict keys
// are the IR's names; initial values for a seed equal ModelState.initialise's; checkpoints move
// both ways between torch and runtime/weights; training steps end where the IR Trainer ends; two
// processes (gloo, DDP) end where one process over the same global batches ends; a
// run killed mid-way and resumed ends where an uninterrupted one ends.
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bindRunDims } from "../../cli/commands/run-io.js";
import type { IrGraph } from "../../compiler/ir/types.js";
import { useBackend } from "../../runtime/backend.js";
import type { HostTensor } from "../../runtime/init.js";
import { ModelState } from "../../runtime/state.js";
import { syntheticInputs } from "../../runtime/synthetic.js";
import { DEFAULT_OPTIMIZER } from "../../runtime/train/optimizer.js";
import { Trainer } from "../../runtime/train/trainer.js";
import { loadWeights } from "../../runtime/weights/load.js";
import { saveWeights } from "../../runtime/weights/save.js";
import { compileSource } from "../harness.js";

const SPEC = `import "std/nn.vlm"
import "std/objectives.vlm"

model Tiny {
  hyper dim = 8, size = 6
  input x: f32[B, 12]
  input y: i32[B]
  a = Linear(12, dim)
  b = Linear(12, dim)
  head = Linear(dim, 3)
  share b.weight with a.weight
  a_m = ema(a, decay: 0.9)
  keys = queue(size, dim)
  param scale: f32[] init 10.0

  h = gelu(a(x)) + b(x)
  k = stop_gradient(l2_normalize(a_m(x)))
  sim = l2_normalize(h) @ transpose(keys)
  objective ce = cross_entropy(head(dropout(h, p: 0.25)), y)
  objective align = mean(sim) weight 0.5
  objective itc = contrastive(h, k, scale) weight 0.25
  enqueue(keys, k)
  stage head_only {
    objectives ce
    freeze a.**, b.**
  }
}
`;

const HERE = path.dirname(new URL(import.meta.url).pathname);
const RUNTIME = path.join(HERE, "../../compiler/emit/pytorch/runtime");
const ENV = { ...process.env, OMP_NUM_THREADS: "1", OMP_WAIT_POLICY: "PASSIVE" };

let ir: IrGraph;
let dir: string;
let pkg: string;

beforeAll(async () => {
  await useBackend("wasm");
  const r = compileSource(SPEC);
  expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([]);
  ir = r.ir!;
  dir = mkdtempSync(path.join(tmpdir(), "vlmc-pytrain-"));
  pkg = path.join(dir, "pkg");
  mkdirSync(path.join(pkg, "tinypkg"), { recursive: true });
  cpSync(RUNTIME, path.join(pkg, "tinypkg", "runtime"), { recursive: true, filter: (src) => !src.includes("__pycache__") });
  copyFileSync(path.join(HERE, "tiny_model.py"), path.join(pkg, "tinypkg", "model.py"));
  writeFileSync(path.join(pkg, "tinypkg", "__init__.py"), "");
  // What the emitter writes as DIR/train.py.
  writeFileSync(path.join(pkg, "train.py"), "from tinypkg.model import Tiny\nfrom tinypkg.runtime.train import main\n\nif __name__ == \"__main__\":\n    main(Tiny)\n");
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs a driver task; its JSON report. */
function driver(task: string, ...args: string[]): Record<string, unknown> {
  const out = path.join(dir, `${task}.json`);
  const r = spawnSync("/usr/bin/python3", [path.join(HERE, "model_driver.py"), pkg, task, ...args, out], { env: ENV, encoding: "utf8", timeout: 120_000 });
  expect(r.status, `${task}: ${r.stderr}`).toBe(0);
  return JSON.parse(readFileSync(out, "utf8")) as Record<string, unknown>;
}

function python(args: string[], timeout = 120_000): void {
  const r = spawnSync(args[0]!, args.slice(1), { cwd: pkg, env: ENV, encoding: "utf8", timeout });
  expect(r.status, `${args.join(" ")}: ${r.stderr.slice(-3000)}`).toBe(0);
}

const worst = (diffs: Record<string, number | string>): number => Math.max(...Object.values(diffs).map((d) => (typeof d === "number" ? d : Infinity)));

describe("a torch model's state", () => {
  it("has the IR's names and initial values, and checkpoints move both ways", () => {
    const state = ModelState.initialise(ir, 2);
    const irFile = path.join(dir, "ir.safetensors");
    const torchFile = path.join(dir, "torch.safetensors");
    expect(saveWeights(state, irFile)).toEqual([]);
    const r = driver("state", irFile, torchFile) as {
      keys: string[];
      aliasShared: boolean;
      initial: Record<string, number | string>;
      metadata: Record<string, string>;
      loaded: Record<string, number | string>;
      loadedShared: boolean;
      refused: string | null;
      sparse: { names: string[]; order: number[]; at3: boolean; last: boolean; len: number };
    };
    expect(r.keys).toEqual([...ir.params.keys(), ...ir.buffers.keys()].sort());
    expect(r.aliasShared).toBe(true);
    expect(r.sparse).toEqual({ names: ["1.weight", "1.bias", "3.weight", "3.bias"], order: [3, 2], at3: true, last: true, len: 2 });
    // Every owner and buffer, drawn from the same keyed streams: equal to the bit.
    expect(Object.keys(r.initial).sort()).toEqual(state.names().sort());
    expect(worst(r.initial)).toBe(0);
    expect(r.metadata).toMatchObject({ "vlmc.format": "1", "vlmc.model": "Tiny", "vlmc.variant": "", "vlmc.shares": JSON.stringify({ "b.weight": "a.weight" }) });
    expect(worst(r.loaded)).toBe(0);
    expect(r.loadedShared).toBe(true);
    expect(r.refused).toMatch(/nothing was loaded\n  shape: .*a\.weight is \[8, 12\], the model's is \[4, 12\]/);
    // What torch wrote loads into the IR runtime, value for value.
    const loaded = loadWeights(ir, torchFile);
    expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    for (const name of state.names()) expect(Array.from(loaded.tensors.get(name)!.data), name).toEqual(Array.from(state.read(name).data));
    state.dispose();
  });
});

describe("training a torch model", () => {
  it("ends three steps where the IR Trainer ends: weights, momentum copy, queue", () => {
    const schedule = { kind: "cosine", lr: 1e-2, warmup: 1, steps: 3, minLr: 0 } as const;
    const state = ModelState.initialise(ir, 2);
    const trainer = new Trainer(ir, state, { optimizer: DEFAULT_OPTIMIZER, schedule, accumulate: 1, seed: 11, clipGrad: 0.5 });
    const dims = bindRunDims(ir, 4, {}, new Set(ir.inputs.map((i) => i.name)));
    const batches: { x: number[]; y: number[] }[] = [];
    const want: { losses: Record<string, number>; lr: number; gradNorm: number }[] = [];
    for (let step = 0; step < 3; step++) {
      const batch: Map<string, HostTensor> = syntheticInputs(ir, dims, 5, undefined, step);
      batches.push({ x: Array.from(batch.get("x")!.data), y: Array.from(batch.get("y")!.data) });
      want.push(trainer.trainStep([batch], dims));
    }
    const after = path.join(dir, "ir-after.safetensors");
    expect(saveWeights(state, after)).toEqual([]);
    const batchesFile = path.join(dir, "batches.json");
    writeFileSync(batchesFile, JSON.stringify({ batches }));
    const r = driver("steps", batchesFile, after) as { reports: { lr: number; losses: Record<string, number>; grad_norm: number }[]; after: Record<string, number | string> };
    r.reports.forEach((got, i) => {
      expect(got.lr).toBeCloseTo(want[i]!.lr, 12);
      for (const o of ["ce", "align", "itc"]) expect(Math.abs(got.losses[o]! - want[i]!.losses[o]!), `${o} at step ${i}`).toBeLessThan(1e-5);
      expect(Math.abs(got.grad_norm - want[i]!.gradNorm)).toBeLessThan(1e-5);
    });
    expect(worst(r.after)).toBeLessThan(1e-5);
    trainer.dispose();
    state.dispose();
  });

  const common = ["--steps", "10", "--batch", "4", "--accumulate", "2", "--lr", "1e-2", "--warmup", "2", "--seed", "3", "--clip-grad", "1.0"];

  it("over two processes (torchrun's environment, gloo, DDP) ends where one process ends", () => {
    const one = path.join(dir, "one");
    const two = path.join(dir, "two");
    python(["/usr/bin/python3", "train.py", "--preset", "nodrop", ...common, "--out", one]);
    const argsFile = path.join(dir, "ddp-args.json");
    writeFileSync(argsFile, JSON.stringify(["--preset", "nodrop", ...common, "--out", two]));
    const launched = driver("ddp", "2", argsFile) as { rcs: number[]; stderr: string[]; rank1: string };
    expect(launched.rcs, launched.stderr.join("\n")).toEqual([0, 0]);
    expect(launched.rank1, "only rank 0 logs").toBe("");
    const r = driver("compare", path.join(one, "checkpoint.safetensors"), path.join(two, "checkpoint.safetensors")) as { same_names: boolean; names: string[]; diff: Record<string, number>; train: { step: number } };
    expect(r.same_names).toBe(true);
    expect(r.names).toContain("optimizer.m.a.weight");
    expect(r.train.step).toBe(10);
    expect(worst(r.diff)).toBeLessThan(1e-5);
    const log = (d: string): { step: number; losses: Record<string, number> }[] =>
      readFileSync(path.join(d, "log.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { step: number; losses: Record<string, number> });
    const [a, b] = [log(one), log(two)];
    expect(b.map((s) => s.step)).toEqual(a.map((s) => s.step));
    a.forEach((s, i) => {
      for (const o of ["ce", "align", "itc"]) expect(Math.abs(s.losses[o]! - b[i]!.losses[o]!), `${o} at step ${i}`).toBeLessThan(1e-5);
    });
  }, 240_000);

  it("killed mid-run and resumed, ends where an uninterrupted run ends", () => {
    const args = ["--steps", "40", "--batch", "4", "--lr", "1e-2", "--seed", "4", "--checkpoint-every", "5"];
    const whole = path.join(dir, "whole");
    python(["/usr/bin/python3", "train.py", ...args, "--out", whole]);
    const argsFile = path.join(dir, "args.json");
    writeFileSync(argsFile, JSON.stringify(args));
    const k = driver("killed", argsFile, path.join(dir, "killed")) as { killedAt: number; rc: number; resumeRc: number; resumeErr: string; resumedFrom: number };
    expect(k.rc, "the first run was killed before it finished").toBe(-9);
    expect(k.resumeRc, k.resumeErr).toBe(0);
    expect(k.resumedFrom % 5).toBe(0);
    expect(k.resumedFrom).toBeGreaterThanOrEqual(10);
    const r = driver("compare", path.join(whole, "checkpoint.safetensors"), path.join(dir, "killed", "checkpoint.safetensors")) as { same_names: boolean; diff: Record<string, number> };
    expect(r.same_names).toBe(true);
    expect(worst(r.diff)).toBe(0);
  }, 120_000);
});
