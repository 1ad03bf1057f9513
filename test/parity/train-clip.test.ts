// Training parity, CLIP tiny (issue #7): ten steps of vlmc's Trainer against a torch reference
// (train_clip.py: openai/CLIP's modules, torch.optim, torch's LR schedulers) from the same
// weights — written by the reference in openai's layout, loaded by vlmc through
// specs/maps/clip-openai.json — on the same distinct batches. Every step's ITC loss, learning
// rate and gradient norm, and at the end every parameter, must agree within 1e-4. Two runs:
// plain SGD with two micro-batches per step (gradient accumulation), and AdamW with weight
// decay on matrices only and a warm-up then cosine schedule. A shorter SGD run repeats on cpu.
import * as path from "node:path";
import { beforeAll, it } from "vitest";
import { compileFile } from "../../compiler/compile.js";
import type { IrGraph } from "../../compiler/ir/types.js";
import type { HostTensor } from "../../runtime/init.js";
import { useBackend } from "../../runtime/backend.js";
import type { StepReport } from "../../runtime/train/trainer.js";
import { Ledger } from "./compare.js";
import { Draws, hostOf } from "./tensors.js";
import { describeWithTorch, runReference, scratchFolder } from "./torch.js";
import { expectFinalState, expectTrajectory, snapshot, stateFrom, trainVlmc, writeRun, type Batch, type ParityRun } from "./train-run.js";

const MAP = "specs/maps/clip-openai.json";
const BATCH = 4;
const IMAGE = 32;
const CONTEXT = 16;
const VOCAB = 128;

const SGD: ParityRun = {
  name: "sgd",
  steps: 10,
  accumulate: 2,
  optimizer: { kind: "sgd", weightDecay: 0, beta1: 0, beta2: 0, eps: 0, decayAll: false },
  schedule: { kind: "constant", lr: 0.05, warmup: 0, steps: 10, minLr: 0 },
};
/** Weight decay 0.5: decaying a vector by mistake would move it by over 10× the tolerance in ten steps. */
const ADAMW: ParityRun = {
  name: "adamw",
  steps: 10,
  accumulate: 1,
  optimizer: { kind: "adamw", weightDecay: 0.5, beta1: 0.9, beta2: 0.999, eps: 1e-8, decayAll: false },
  schedule: { kind: "cosine", lr: 2e-3, warmup: 3, steps: 10, minLr: 1e-4 },
};
const SGD_CPU: ParityRun = { ...SGD, name: "sgd-cpu", steps: 3, accumulate: 1 };

/** A batch of images and captions: token ids below the end-of-text token, which ends each caption as its highest id. */
function clipBatch(draws: Draws): Batch {
  const lengths = Array.from({ length: BATCH }, () => draws.ints([1], 2, CONTEXT + 1).data[0]!);
  const tokens = lengths.flatMap((n) => {
    const words = [...draws.ints([n - 1], 1, VOCAB - 1).data];
    return [...words, VOCAB - 1, ...new Array<number>(CONTEXT - n).fill(0)];
  });
  return new Map([
    ["image", draws.normal([BATCH, 3, IMAGE, IMAGE])],
    ["text", hostOf("i32", [BATCH, CONTEXT], tokens)],
  ]);
}

function batchesFor(run: ParityRun): Batch[][] {
  const draws = new Draws(`train-clip:${run.name}`);
  return Array.from({ length: run.steps }, () => Array.from({ length: run.accumulate }, () => clipBatch(draws)));
}

describeWithTorch("CLIP tiny trains as its torch reference does (SGD and AdamW, ten steps)", () => {
  const dir = scratchFolder("train-clip");
  const ledger = new Ledger("CLIP tiny training");
  let ir: IrGraph;
  const runs = new Map<ParityRun, { reports: StepReport[]; final: Map<string, HostTensor> }>();

  beforeAll(async () => {
    ir = compileFile("specs/models/clip.vlm", { variant: "tiny" }).ir!;
    runReference("train_clip.py", ["init", dir]);
    const weights = path.join(dir, "clip.safetensors");
    // cpu first, so that the backend is wasm again when this file is done.
    for (const [run, backend] of [[SGD_CPU, "cpu"], [SGD, "wasm"], [ADAMW, "wasm"]] as const) {
      await useBackend(backend);
      const batches = batchesFor(run);
      const state = stateFrom(ir, weights, MAP);
      const reports = trainVlmc(ir, state, run, batches);
      writeRun(dir, ir, run, batches, reports);
      runs.set(run, { reports, final: snapshot(state) });
      state.dispose();
    }
    runReference("train_clip.py", ["train", dir, ...[...runs.keys()].map((r) => r.name)]);
  });

  for (const run of [SGD, ADAMW, SGD_CPU]) {
    it(`${run.name}: the ITC loss, learning rate and gradient norm of every step`, () => {
      expectTrajectory(ledger, run, runs.get(run)!.reports, path.join(dir, `${run.name}.reference.safetensors`));
    });
    it(`${run.name}: every parameter after the last step`, () => {
      expectFinalState(ledger, run, runs.get(run)!.reports, ir, runs.get(run)!.final, path.join(dir, `${run.name}.final.safetensors`), MAP);
    });
  }
});
