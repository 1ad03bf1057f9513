// Training parity, BLIP tiny (issue #7): ten steps of vlmc's Trainer against a torch reference
// trained as salesforce/BLIP trains (train_blip.py: momentum update and queue writes as
// `_momentum_update` and `_dequeue_and_enqueue`, torch.optim), from the same weights — written
// in BLIP's layout, loaded by vlmc through specs/maps/blip.json — on the same distinct batches,
// with ITM's hard negatives as vlmc drew them each step. Every step's ITC, ITM and LM losses, and
// at the end every parameter, momentum copy, queue and queue pointer, must agree within 1e-4.
// Two runs: plain SGD with clipping by global norm, and AdamW with weight decay on matrices only
// and a warm-up then linear decay. Batches of 8 against 64-row queues: the pointer wraps.
import * as path from "node:path";
import { beforeAll, expect, it } from "vitest";
import type { IrGraph } from "../../compiler/ir/types.js";
import { useBackend } from "../../runtime/backend.js";
import type { HostTensor } from "../../runtime/init.js";
import type { StepReport } from "../../runtime/train/trainer.js";
import { Ledger } from "./compare.js";
import { blipBatch, blipForTraining, NEGATIVES } from "./train-blip-data.js";
import { describeWithTorch, runReference, scratchFolder } from "./torch.js";
import { expectFinalState, expectTrajectory, snapshot, stateFrom, trainVlmc, writeRun, type Batch, type ParityRun } from "./train-run.js";
import { Draws } from "./tensors.js";

const MAP = "specs/maps/blip.json";

const SGD: ParityRun = {
  name: "sgd",
  steps: 10,
  accumulate: 1,
  optimizer: { kind: "sgd", weightDecay: 0, beta1: 0, beta2: 0, eps: 0, decayAll: false },
  schedule: { kind: "constant", lr: 0.05, warmup: 0, steps: 10, minLr: 0 },
  clipGrad: 5,
};
/** Weight decay 0.5: decaying a vector by mistake would move it by over 10× the tolerance in ten steps. */
const ADAMW: ParityRun = {
  name: "adamw",
  steps: 10,
  accumulate: 1,
  optimizer: { kind: "adamw", weightDecay: 0.5, beta1: 0.9, beta2: 0.999, eps: 1e-8, decayAll: false },
  schedule: { kind: "linear", lr: 1e-3, warmup: 2, steps: 10, minLr: 1e-4 },
};

describeWithTorch("BLIP tiny trains as its torch reference does (SGD and AdamW, ten steps)", () => {
  const dir = scratchFolder("train-blip");
  const ledger = new Ledger("BLIP tiny training");
  let ir: IrGraph;
  const runs = new Map<ParityRun, { reports: StepReport[]; final: Map<string, HostTensor> }>();

  beforeAll(async () => {
    ir = blipForTraining();
    await useBackend("wasm");
    runReference("train_blip.py", ["init", dir]);
    for (const run of [SGD, ADAMW]) {
      const draws = new Draws(`train-blip:${run.name}`);
      const batches: Batch[][] = Array.from({ length: run.steps }, () => [blipBatch(draws)]);
      const state = stateFrom(ir, path.join(dir, "vlmc_start.safetensors"), MAP);
      const reports = trainVlmc(ir, state, run, batches, NEGATIVES);
      writeRun(dir, ir, run, batches, reports);
      runs.set(run, { reports, final: snapshot(state) });
      state.dispose();
    }
    runReference("train_blip.py", ["train", dir, ...[...runs.keys()].map((r) => r.name)]);
  });

  it("compiles with the reference's momentum and draws hard negatives that are never the positive pair", () => {
    expect(new Set(ir.updates.flatMap((u) => (u.kind === "ema" ? [u.decay] : [])))).toEqual(new Set([0.5]));
    for (const { reports } of runs.values()) {
      for (const r of reports) {
        for (const name of NEGATIVES) r.recorded[0]!.get(name)!.data.forEach((j, b) => expect(j, `${name}[${b}] at step ${r.step}`).not.toBe(b));
      }
    }
  });

  for (const run of [SGD, ADAMW]) {
    it(`${run.name}: the ITC, ITM and LM losses, learning rate and gradient norm of every step`, () => {
      expectTrajectory(ledger, run, runs.get(run)!.reports, path.join(dir, `${run.name}.reference.safetensors`));
    });
    it(`${run.name}: every parameter, momentum copy, queue and pointer after the last step`, () => {
      expectFinalState(ledger, run, runs.get(run)!.reports, ir, runs.get(run)!.final, path.join(dir, `${run.name}.final.safetensors`), MAP);
    });
  }
});
