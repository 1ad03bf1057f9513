// Learning-rate schedules: a linear warm-up from 0 to the peak rate over `warmup` steps, then a
// cosine or linear decay to `minLr` at the last step (or a constant rate). Step s (0-based) uses
// lr(s), as a PyTorch LambdaLR stepped after each optimiser step would.
export type ScheduleKind = "cosine" | "linear" | "constant";

export interface Schedule {
  readonly kind: ScheduleKind;
  /** The peak learning rate. */
  readonly lr: number;
  readonly warmup: number;
  /** Steps in the whole run: the decay reaches minLr at the last one. */
  readonly steps: number;
  readonly minLr: number;
}

export function learningRate(s: Schedule, step: number): number {
  if (s.warmup > 0 && step < s.warmup) return (s.lr * (step + 1)) / s.warmup;
  if (s.kind === "constant") return s.lr;
  const span = Math.max(1, s.steps - s.warmup - 1);
  const t = Math.min(1, Math.max(0, (step - s.warmup) / span));
  const frac = s.kind === "cosine" ? 0.5 * (1 + Math.cos(Math.PI * t)) : 1 - t;
  return s.minLr + (s.lr - s.minLr) * frac;
}
