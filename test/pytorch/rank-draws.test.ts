// Random ops under DDP in the PyTorch runtime (compiler/emit/pytorch/runtime/ops_sampling.py):
// every rank's op takes the same node key, so each rank must draw its own rows' numbers of the
// one-process draw over the global batch, not rows [0, b)'s. Two checks:
//  - ranks emulated in one process (rank_draws.py): for every random op — dropout (short, and long
//    enough for the chunk-parallel generator), drop_path, bernoulli_mask with and without word
//    groups, budget_mask, mask_tokens, patch_block_mask, multinomial — at 2 ranks × 3 rows and
//    3 ranks × 2 rows, the ranks' results concatenated equal the one-process result exactly, and
//    ranks ignoring their place would not (so each case can fail); a gathered tensor and a 1-D
//    budget_mask are drawn whole, equal on every rank to the one-process draw; RandomStream.skip(n)
//    continues as drawing n numbers would;
//  - a real 2-process run (torchrun's environment, gloo, DDP) of the hand-written Tiny model
//    (tiny_model.py) with its dropout ON (model-runtime.test.ts trains the `nodrop` preset) ends
//    where one process over the same global batches ends: checkpoint and per-step losses.
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithTorch, PYTHON } from "../parity/torch.js";
import { runtimePackage } from "./harness.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RUNTIME = path.join(HERE, "../../compiler/emit/pytorch/runtime");
const ENV = { ...process.env, OMP_NUM_THREADS: "1", OMP_WAIT_POLICY: "PASSIVE", PYTHONDONTWRITEBYTECODE: "1" };

interface Split {
  readonly equal: boolean;
  readonly naive_equal: boolean;
}
interface Report {
  readonly world2: Record<string, Split>;
  readonly world3: Record<string, Split>;
  readonly whole: { gathered: boolean; budget_1d: boolean };
  readonly skip: Record<string, boolean>;
}

const OPS = ["dropout", "dropout_long", "drop_path", "bernoulli_mask", "bernoulli_mask_groups", "budget_mask", "mask_tokens", "patch_block_mask", "multinomial"];

function run(args: string[], cwd?: string): void {
  const r = spawnSync(args[0]!, args.slice(1), { cwd, env: ENV, encoding: "utf8", timeout: 200_000 });
  expect(r.status, `${args.join(" ")}: ${(r.stderr ?? "").slice(-3000)}`).toBe(0);
}

describeWithTorch("PyTorch runtime: random ops draw each rank's rows of the one-process draw", () => {
  let report: Report;
  let dir: string;
  let pkg: string;
  beforeAll(() => {
    const root = runtimePackage("ranks");
    const out = path.join(root, "ranks.json");
    run([PYTHON, path.join(HERE, "rank_draws.py"), root, out]);
    report = JSON.parse(readFileSync(out, "utf8")) as Report;
    // A package as the emitter writes it, with the hand-written Tiny model (as model-runtime.test.ts builds it).
    dir = mkdtempSync(path.join(tmpdir(), "vlmc-pyranks-"));
    pkg = path.join(dir, "pkg");
    mkdirSync(path.join(pkg, "tinypkg"), { recursive: true });
    cpSync(RUNTIME, path.join(pkg, "tinypkg", "runtime"), { recursive: true, filter: (src) => !src.includes("__pycache__") });
    copyFileSync(path.join(HERE, "tiny_model.py"), path.join(pkg, "tinypkg", "model.py"));
    writeFileSync(path.join(pkg, "tinypkg", "__init__.py"), "");
    writeFileSync(path.join(pkg, "train.py"), 'from tinypkg.model import Tiny\nfrom tinypkg.runtime.train import main\n\nif __name__ == "__main__":\n    main(Tiny)\n');
  }, 60_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each(OPS)("%s: the ranks' draws, concatenated, are the one-process draw", (op) => {
    for (const world of [report.world2, report.world3]) {
      expect(world[op], op).toEqual({ equal: true, naive_equal: false });
    }
  });

  it("draws a gathered tensor and a 1-D budget whole, on every rank", () => {
    expect(report.whole).toEqual({ gathered: true, budget_1d: true });
  });

  it("skips n draws as drawing them would", () => {
    expect(Object.keys(report.skip).length).toBeGreaterThan(5);
    for (const [n, same] of Object.entries(report.skip)) expect(same, `skip(${n})`).toBe(true);
  });

  it("trains a model with dropout over two processes to where one process ends", () => {
    const driver = (task: string, ...args: string[]): Record<string, unknown> => {
      const out = path.join(dir, `${task}.json`);
      run([PYTHON, path.join(HERE, "model_driver.py"), pkg, task, ...args, out]);
      return JSON.parse(readFileSync(out, "utf8")) as Record<string, unknown>;
    };
    // Tiny's own dropout (p 0.25 on the features the `ce` head reads); 2 rows per rank per micro-batch.
    const common = ["--steps", "8", "--batch", "4", "--accumulate", "2", "--lr", "1e-2", "--warmup", "2", "--seed", "3", "--clip-grad", "1.0"];
    const one = path.join(dir, "one");
    const two = path.join(dir, "two");
    run([PYTHON, "train.py", ...common, "--out", one], pkg);
    const argsFile = path.join(dir, "ddp-args.json");
    writeFileSync(argsFile, JSON.stringify([...common, "--out", two]));
    const launched = driver("ddp", "2", argsFile) as { rcs: number[]; stderr: string[] };
    expect(launched.rcs, launched.stderr.join("\n")).toEqual([0, 0]);
    const r = driver("compare", path.join(one, "checkpoint.safetensors"), path.join(two, "checkpoint.safetensors")) as { same_names: boolean; diff: Record<string, number>; train: { step: number } };
    expect(r.same_names).toBe(true);
    expect(r.train.step).toBe(8);
    expect(Math.max(...Object.values(r.diff))).toBeLessThan(1e-5);
    const log = (d: string): { step: number; losses: Record<string, number> }[] =>
      readFileSync(path.join(d, "log.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { step: number; losses: Record<string, number> });
    const [a, b] = [log(one), log(two)];
    expect(b.map((s) => s.step)).toEqual(a.map((s) => s.step));
    a.forEach((s, i) => {
      for (const o of ["ce", "align", "itc"]) expect(Math.abs(s.losses[o]! - b[i]!.losses[o]!), `${o} at step ${i}`).toBeLessThan(1e-5);
    });
  }, 240_000);
});
