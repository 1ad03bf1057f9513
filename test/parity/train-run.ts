// Training parity: one run trained by vlmc's Trainer and by a torch reference (train_*.py over
// train_common.py), from the same weights on the same batches. The test writes the run's
// configuration (DIR/RUN.json) and batches (DIR/RUN.batches.safetensors, `STEP.MICRO.NAME`,
// with any values vlmc drew that the reference must reuse, such as ITM's hard negatives); the
// reference writes its per-step losses, learning rates and gradient norms and its final weights
// in the original code base's layout, which are read back through the shipped weight map — the
// same path that loaded the initial weights — and compared tensor by tensor.
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { expect } from "vitest";
import type { IrGraph } from "../../compiler/ir/types.js";
import { checkFeeds } from "../../runtime/feeds.js";
import type { HostTensor } from "../../runtime/init.js";
import { ModelState } from "../../runtime/state.js";
import type { OptimizerConfig } from "../../runtime/train/optimizer.js";
import type { Schedule } from "../../runtime/train/schedule.js";
import { Trainer, type StepReport } from "../../runtime/train/trainer.js";
import { loadWeights } from "../../runtime/weights/load.js";
import { loadIntoState } from "../../runtime/weights/save.js";
import { TOL, type Ledger } from "./compare.js";
import { hostOf, readTensorFile, writeTensorFile } from "./tensors.js";

export interface ParityRun {
  readonly name: string;
  readonly stage?: string;
  readonly steps: number;
  /** Micro-batches per optimiser step. */
  readonly accumulate: number;
  readonly optimizer: OptimizerConfig;
  readonly schedule: Schedule;
  readonly clipGrad?: number;
}

export type Batch = ReadonlyMap<string, HostTensor>;

/** A learning rate is a formula on both sides: they may differ only by rounding (torch's is read back as f32). */
const LR_REL_TOL = 1e-7;
/** The gradient's global norm sums thousands of squares in float32: compared relatively. */
const GRAD_NORM_REL_TOL = 1e-4;

/** A fresh state holding a checkpoint loaded through a weight map; throws with the diagnostics if it does not load. */
export function stateFrom(ir: IrGraph, file: string, map: string): ModelState {
  const loaded = loadWeights(ir, file, { map });
  if (loaded.tensors.size === 0) throw new Error(`${file} did not load:\n${loaded.diagnostics.map((d) => d.message).join("\n")}`);
  const state = ModelState.initialise(ir, 0);
  loadIntoState(state, loaded.tensors);
  return state;
}

/** Trains `run` on `batches` (one list of micro-batches per step), recording the named values. */
export function trainVlmc(ir: IrGraph, state: ModelState, run: ParityRun, batches: readonly (readonly Batch[])[], record: readonly string[] = []): StepReport[] {
  const trainer = new Trainer(ir, state, {
    ...(run.stage !== undefined ? { stage: run.stage } : {}),
    optimizer: run.optimizer,
    schedule: run.schedule,
    ...(run.clipGrad !== undefined ? { clipGrad: run.clipGrad } : {}),
    accumulate: run.accumulate,
    seed: 0,
  });
  try {
    const dims = checkFeeds(ir, batches[0]![0]!);
    return batches.slice(0, run.steps).map((micro) => trainer.trainStep(micro, dims, record));
  } finally {
    trainer.dispose();
  }
}

/** Writes RUN.json and RUN.batches.safetensors for the reference: the batches and, per micro-batch, what vlmc recorded. */
export function writeRun(dir: string, ir: IrGraph, run: ParityRun, batches: readonly (readonly Batch[])[], reports: readonly StepReport[]): void {
  const stage = run.stage === undefined ? undefined : ir.stages.find((s) => s.name === run.stage);
  const objectives = Object.fromEntries(ir.objectives.filter((o) => !stage || stage.objectives.includes(o.name)).map((o) => [o.name, o.weight]));
  const config = { steps: run.steps, accumulate: run.accumulate, optimizer: run.optimizer, schedule: run.schedule, clipGrad: run.clipGrad ?? null, objectives };
  writeFileSync(path.join(dir, `${run.name}.json`), JSON.stringify(config, null, 2));
  const tensors = new Map<string, HostTensor>();
  batches.slice(0, run.steps).forEach((micro, step) =>
    micro.forEach((batch, i) => {
      for (const [name, t] of batch) tensors.set(`${step}.${i}.${name}`, t);
      for (const [name, t] of reports[step]?.recorded[i] ?? []) tensors.set(`${step}.${i}.${name}`, t);
    }),
  );
  writeTensorFile(path.join(dir, `${run.name}.batches.safetensors`), tensors);
}

/** Every objective's loss, the learning rate and the gradient norm of every step, against the reference's. */
export function expectTrajectory(ledger: Ledger, run: ParityRun, reports: readonly StepReport[], referenceFile: string): void {
  const reference = readTensorFile(referenceFile).tensors;
  expect(reports.length, `${run.name}: steps taken`).toBe(run.steps);
  for (const r of reports) {
    for (const [objective, loss] of Object.entries(r.losses)) {
      ledger.expectClose(`${run.name} loss`, `${run.name} step ${r.step} ${objective}`, hostOf("f32", [], [loss]), reference.get(`loss.${r.step}.${objective}`), TOL.float);
    }
    const lr = reference.get(`lr.${r.step}`)!.data[0]!;
    expect(Math.abs(r.lr - lr), `${run.name} step ${r.step}: lr ${r.lr} vs torch ${lr}`).toBeLessThanOrEqual(LR_REL_TOL * lr);
    const norm = reference.get(`grad_norm.${r.step}`)!.data[0]!;
    const relative = Math.abs(r.gradNorm - norm) / norm;
    ledger.record(`${run.name} grad norm (relative)`, `step ${r.step}`, relative);
    expect(relative, `${run.name} step ${r.step}: gradient norm ${r.gradNorm} vs torch ${norm}`).toBeLessThanOrEqual(GRAD_NORM_REL_TOL);
  }
}

/**
 * A key bias adds q·b_k to every score in a query's row, which the softmax removes: its gradient
 * is zero in exact arithmetic and rounding noise (~1e-8) on each side. SGD scales that noise by
 * lr and leaves it negligible; AdamW divides it by its own root mean square and turns it into
 * steps of up to lr of arbitrary sign, so under AdamW these tensors (and momentum copies of them)
 * cannot follow torch's. They are held instead to Adam's step bound, each step moving a
 * coordinate by at most lr·(1 − β1)/√(1 − β2) (Kingma & Ba 2015, §2.1): two runs differ by at
 * most twice the sum. They change nothing the model computes, which the losses confirm.
 */
const GRADIENT_FREE = /\.k\.bias$/;

function tolerance(name: string, value: HostTensor, run: ParityRun, reports: readonly StepReport[]): number {
  if (value.dtype !== "f32") return TOL.exact;
  if (run.optimizer.kind !== "adamw" || !GRADIENT_FREE.test(name)) return TOL.float;
  const { beta1, beta2 } = run.optimizer;
  return 2 * reports.reduce((sum, r) => sum + r.lr, 0) * Math.max(1, (1 - beta1) / Math.sqrt(1 - beta2));
}

/**
 * Every tensor of vlmc's final state (`snapshot`) — parameter owners, momentum copies,
 * buffers — against the reference's final checkpoint, read through the weight map. Groups name
 * what kind of tensor each is in the ledger.
 */
export function expectFinalState(ledger: Ledger, run: ParityRun, reports: readonly StepReport[], ir: IrGraph, final: ReadonlyMap<string, HostTensor>, referenceFile: string, map: string): void {
  const loaded = loadWeights(ir, referenceFile, { map });
  expect(loaded.tensors.size, `${referenceFile} did not load:\n${loaded.diagnostics.map((d) => d.message).join("\n")}`).toBeGreaterThan(0);
  for (const [name, value] of final) {
    const param = ir.params.get(name);
    const kind = !param ? "buffers" : GRADIENT_FREE.test(name) ? "key biases" : param.emaOf !== undefined ? "momentum copies" : "weights";
    ledger.expectClose(`${run.name} final ${kind}`, `${run.name} ${name}`, value, loaded.tensors.get(name), tolerance(name, value, run, reports));
  }
}

/** Every stored tensor of a state on the host, so that it outlives the state (and its backend). */
export function snapshot(state: ModelState): Map<string, HostTensor> {
  return new Map(state.names().map((name) => [name, state.read(name)]));
}
