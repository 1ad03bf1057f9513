// The configuration of a `vlmc train` run, from the command line and, with --resume, from the
// checkpoint: a flag the user gives must agree with the checkpoint's run (else the run would not
// continue as if uninterrupted), a flag left out takes the checkpoint's value.
import { Diag } from "../../compiler/diagnostics/catalog.js";
import { say } from "../../compiler/diagnostics/template.js";
import { diagnostic } from "../../compiler/diagnostics/diagnostic.js";
import { RunError } from "../../runtime/errors.js";
import { DEFAULT_OPTIMIZER } from "../../runtime/train/optimizer.js";
import type { TrainingMeta } from "../../runtime/train/checkpoint.js";
import type { TrainConfig } from "../../runtime/train/trainer.js";
import type { CliArgs } from "../args.js";

export interface RunShape {
  readonly steps: number;
  readonly batch: number;
  /** "synthetic", "synthetic:fixed", or a packed data folder. */
  readonly data: string;
}

export const DEFAULT_LR = 1e-4;
export const DEFAULT_BATCH = 4;

/** The training configuration the flags ask for (defaults where a flag is absent). */
export function configFromArgs(args: CliArgs): { config: TrainConfig; run: RunShape } {
  const steps = args.steps!;
  const config: TrainConfig = {
    ...(args.stage !== undefined ? { stage: args.stage } : {}),
    optimizer: {
      ...DEFAULT_OPTIMIZER,
      kind: args.optimizer ?? DEFAULT_OPTIMIZER.kind,
      weightDecay: args.weightDecay ?? DEFAULT_OPTIMIZER.weightDecay,
    },
    schedule: { kind: args.schedule ?? "cosine", lr: args.lr ?? DEFAULT_LR, warmup: args.warmup ?? 0, steps, minLr: args.minLr ?? 0 },
    ...(args.clipGrad !== undefined ? { clipGrad: args.clipGrad } : {}),
    accumulate: args.accumulate ?? 1,
    seed: args.seed ?? 0,
    ...(args.data === "synthetic:fixed" ? { repeatDraws: true } : {}),
  };
  return { config, run: { steps, batch: args.batch ?? DEFAULT_BATCH, data: args.data ?? "synthetic" } };
}

/**
 * The configuration a resumed run continues with: the checkpoint's, after checking that every
 * flag the user gave agrees with it. Steps may grow only when the schedule does not depend on
 * them (a constant rate).
 */
export function configForResume(args: CliArgs, meta: TrainingMeta): { config: TrainConfig; run: RunShape } {
  const was = meta.config;
  const differences: string[] = [];
  const given = <T>(flag: string, value: T | undefined, before: T): void => {
    if (value !== undefined && JSON.stringify(value) !== JSON.stringify(before)) differences.push(`${flag} ${JSON.stringify(value)} (the run used ${JSON.stringify(before)})`);
  };
  given("--stage", args.stage, was.stage);
  given("--optimizer", args.optimizer, was.optimizer.kind);
  given("--weight-decay", args.weightDecay, was.optimizer.weightDecay);
  given("--schedule", args.schedule, was.schedule.kind);
  given("--lr", args.lr, was.schedule.lr);
  given("--min-lr", args.minLr, was.schedule.minLr);
  given("--warmup", args.warmup, was.schedule.warmup);
  given("--clip-grad", args.clipGrad, was.clipGrad);
  given("--accumulate", args.accumulate, was.accumulate);
  given("--seed", args.seed, was.seed);
  given("--batch", args.batch, meta.run["batch"]);
  given("--data", args.data, meta.run["data"]);
  if (args.steps !== undefined && args.steps !== was.schedule.steps && was.schedule.kind !== "constant") {
    differences.push(`--steps ${args.steps} (the run's ${was.schedule.kind} schedule was laid out over ${was.schedule.steps} steps)`);
  }
  if (differences.length) {
    throw new RunError([
      diagnostic(say(Diag.CheckpointMismatch, "resumeFlags", { differences: differences.join(", ") })),
    ]);
  }
  const steps = args.steps ?? was.schedule.steps;
  return {
    config: { ...was, schedule: { ...was.schedule, steps: was.schedule.kind === "constant" ? steps : was.schedule.steps } },
    run: { steps, batch: Number(meta.run["batch"]), data: String(meta.run["data"]) },
  };
}
