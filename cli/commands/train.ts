// `vlmc train FILE --steps N`: trains a spec's objectives (or one stage's) on TensorFlow.js.
// The output folder holds checkpoint.safetensors (every --checkpoint-every steps and at the end,
// written atomically), log.csv and loss.svg (rewritten as the run goes). --resume continues from
// the checkpoint exactly as if the run had not stopped. A non-finite loss stops the run with the
// last good checkpoint kept; Ctrl-C finishes the step, writes a checkpoint and exits (130).
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import * as path from "node:path";
import { Diag } from "../../compiler/diagnostics/catalog.js";
import { say } from "../../compiler/diagnostics/template.js";
import { diagnostic } from "../../compiler/diagnostics/diagnostic.js";
import { stableStringify } from "../../compiler/ir/dump.js";
import type { IrGraph } from "../../compiler/ir/types.js";
import type { Host } from "../../compiler/compile.js";
import { useBackend } from "../../runtime/backend.js";
import { RunError } from "../../runtime/errors.js";
import { ModelState } from "../../runtime/state.js";
import { readTrainingMeta, restoreTrainingCheckpoint, saveTrainingCheckpoint, type TrainingMeta } from "../../runtime/train/checkpoint.js";
import { Trainer } from "../../runtime/train/trainer.js";
import type { CliArgs } from "../args.js";
import { exitCode, irFor, Reporter, type CliIo } from "../report.js";
import { loadCheckpoint } from "./run-io.js";
import { configForResume, configFromArgs } from "./train-config.js";
import { trainingData, type TrainingData } from "./train-data.js";
import { ensureFits, estimateMemory, type MemoryEstimate } from "../../runtime/memory.js";
import { TrainLog } from "./train-log.js";
import { progressFor } from "./train-progress.js";

const CHECKPOINT = "checkpoint.safetensors";

export async function train(args: CliArgs, io: CliIo, host: Host): Promise<number> {
  const rep = new Reporter(io, args.json);
  if (args.steps === undefined && !args.resume) {
    rep.add([diagnostic(say(Diag.Usage, "trainSteps"))]);
    return finish(rep, io, args, undefined);
  }
  const got = irFor(args, rep, host);
  if (!got) return finish(rep, io, args, undefined);
  const { ir, sources } = got;
  const out = args.out ?? path.join("runs", `${ir.model.toLowerCase()}${ir.variant ? `-${ir.variant}` : ""}${args.stage ? `-${args.stage}` : ""}`);
  const checkpoint = path.join(out, CHECKPOINT);
  let state: ModelState | undefined;
  let trainer: Trainer | undefined;
  let data: TrainingData | undefined;
  const stop = { requested: false };
  const onSigint = (): void => {
    stop.requested = true;
  };
  try {
    const meta = args.resume ? resumeMeta(checkpoint) : undefined;
    if (!args.resume && existsSync(checkpoint)) {
      throw new RunError([
        diagnostic(say(Diag.RunFolderTaken, "taken", { folder: out, checkpoint: CHECKPOINT })),
      ]);
    }
    const { config, run } = meta ? configForResume(args, meta) : configFromArgs(args);
    if (args.backend === "onnx") {
      throw new RunError([diagnostic(say(Diag.Usage, "arguments", { message: "--backend onnx runs inference only" }), undefined, { hint: "train on a TensorFlow.js backend (leave out --backend), or export the trained weights and run them with --backend onnx" })]);
    }
    const backend = await useBackend(args.backend, args.threads !== undefined ? { threads: args.threads } : {});
    state = ModelState.initialise(ir, config.seed);
    if (args.weights !== undefined && !meta) rep.add(loadCheckpoint(ir, state, args.weights, args.map).warnings, sources);
    trainer = new Trainer(ir, state, config);
    if (meta) {
      restoreTrainingCheckpoint(ir, trainer, checkpoint, meta);
      removeStaleTemporaries(out);
    }
    const needed = new Set(trainer.selection.plan.order.map((id) => ir.nodes[id]!).filter((n) => n.op === "input").map((n) => String(n.attrs["name"])));
    data = trainingData(ir, run, config.seed, meta?.data ?? null, needed);
    rep.add(data.warnings, sources);
    const memory = estimateMemory(ir, trainer.selection.plan, data.dims, { keepIntermediates: true, packsWeights: backend.name === "wasm" });
    ensureFits(withOptimizer(memory, ir, trainer), backend.name, run.batch);
    mkdirSync(out, { recursive: true });
    const objectives = trainer.selection.objectives.map((o) => o.name);
    const title = `${ir.model}${ir.variant ? ` ${ir.variant}` : ""}${config.stage ? `, stage ${config.stage}` : ""}: ${config.optimizer.kind}, lr ${config.schedule.lr}, batch ${run.batch}`;
    const log = new TrainLog(out, objectives, args.logScale, title);
    if (meta) log.resume(meta.step);
    const runMeta: TrainingMeta["run"] = { batch: run.batch, data: run.data };
    const every = args.checkpointEvery ?? Math.max(1, Math.round(run.steps / 10));
    const progress = progressFor(io, run.steps, trainer.step);
    process.on("SIGINT", onSigint);
    const started = performance.now();
    const firstStep = trainer.step;
    let last: Record<string, number> = {};
    try {
      while (trainer.step < run.steps && !stop.requested) {
        const t0 = performance.now();
        const micro = Array.from({ length: config.accumulate }, () => data!.source.next());
        const report = trainer.trainStep(micro, data.dims);
        const ms = performance.now() - t0;
        const samples = run.batch * config.accumulate;
        const evaluated = args.evalEvery !== undefined && trainer.step % args.evalEvery === 0 ? trainer.evaluate(data.evalBatch(), data.dims) : undefined;
        log.add({ step: trainer.step, lr: report.lr, losses: report.losses, total: report.total, gradNorm: report.gradNorm, ms, samplesPerSecond: (samples * 1000) / ms, ...(evaluated ? { eval: evaluated } : {}) });
        last = { ...report.losses };
        const elapsed = (performance.now() - started) / 1000;
        progress.update({ step: trainer.step, losses: report.losses, lr: report.lr, stepsPerSecond: (trainer.step - firstStep) / elapsed, samplesPerSecond: ((trainer.step - firstStep) * samples) / elapsed });
        if (trainer.step % every === 0 || trainer.step === run.steps) {
          writeCheckpoint(checkpoint, trainer, data.source.position, runMeta, data.synthetic);
          log.write();
        } else if (trainer.step % 10 === 0) log.write();
        // Let the event loop deliver Ctrl-C between steps.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      progress.stop();
    }
    if (stop.requested) {
      writeCheckpoint(checkpoint, trainer, data.source.position, runMeta, data.synthetic);
      log.write();
      io.err(`vlmc: interrupted after step ${trainer.step}; the checkpoint is saved — continue with --resume\n`);
    }
    process.off("SIGINT", onSigint);
    const seconds = (performance.now() - started) / 1000;
    const summary = {
      ok: true,
      model: ir.model,
      variant: ir.variant ?? null,
      stage: config.stage ?? null,
      backend: { name: backend.name, threads: backend.threads, detail: backend.detail },
      steps: trainer.step,
      of: run.steps,
      interrupted: stop.requested,
      losses: last,
      seconds: Math.round(seconds * 10) / 10,
      files: { checkpoint, log: log.csv, plot: log.svg },
    };
    if (args.json) io.out(stableStringify({ ...summary, diagnostics: rep.jsonDiagnostics() }) + "\n");
    else io.out(renderSummary(summary, trainer.step - firstStep));
    return stop.requested ? 130 : 0;
  } catch (e) {
    if (!(e instanceof RunError)) throw e;
    rep.add(e.diagnostics, sources);
    return finish(rep, io, args, ir);
  } finally {
    process.off("SIGINT", onSigint);
    data?.close();
    trainer?.dispose();
    state?.dispose();
  }
}

/** A training step also holds gradients and, for AdamW, two moments per trainable parameter. */
function withOptimizer(m: MemoryEstimate, ir: IrGraph, trainer: Trainer): MemoryEstimate {
  const trainable = trainer.selection.trainable.reduce((s, name) => s + ir.params.get(name)!.shape.reduce((a, b) => a * b, 1) * 4, 0);
  const extra = trainable * (trainer.config.optimizer.kind === "adamw" ? 3 : 1);
  return { ...m, activationBytes: m.activationBytes + extra, totalBytes: m.totalBytes + extra };
}

/** A run killed while writing leaves its temporary checkpoint behind; the resumed run owns the folder. */
function removeStaleTemporaries(out: string): void {
  for (const f of readdirSync(out)) if (f.startsWith(`.${CHECKPOINT}.`) && f.endsWith(".tmp")) rmSync(path.join(out, f), { force: true });
}

function resumeMeta(checkpoint: string): TrainingMeta {
  if (!existsSync(checkpoint)) {
    throw RunError.of(say(Diag.CheckpointMismatch, "noCheckpoint", { checkpoint: CHECKPOINT, folder: path.dirname(checkpoint) }));
  }
  return readTrainingMeta(checkpoint);
}

function writeCheckpoint(file: string, trainer: Trainer, position: { epoch: number; index: number }, run: TrainingMeta["run"], synthetic: boolean): void {
  const problems = saveTrainingCheckpoint(file, trainer, synthetic ? { epoch: 0, index: position.index } : position, run);
  if (problems.length) throw new RunError(problems);
}

function renderSummary(s: { model: string; variant: string | null; stage: string | null; steps: number; of: number; losses: Record<string, number>; seconds: number; files: Record<string, string>; backend: { detail: string; threads: number } }, taken: number): string {
  const lines = [
    `${s.model}${s.variant ? ` (variant ${s.variant})` : ""}${s.stage ? `, stage ${s.stage}` : ""}: ${s.steps}/${s.of} steps (${taken} in this run, ${s.seconds} s) on ${s.backend.detail}, ${s.backend.threads} thread${s.backend.threads === 1 ? "" : "s"}`,
    `final losses: ${Object.entries(s.losses).map(([k, v]) => `${k} ${v.toPrecision(5)}`).join(", ") || "(none)"}`,
    `checkpoint ${s.files["checkpoint"]}; log ${s.files["log"]}; plot ${s.files["plot"]}`,
  ];
  return lines.join("\n") + "\n";
}

function finish(rep: Reporter, io: CliIo, args: CliArgs, _ir: IrGraph | undefined): number {
  if (args.json) io.out(stableStringify({ ok: false, diagnostics: rep.jsonDiagnostics() }) + "\n");
  return exitCode(rep.all) || 1;
}
