// Optimisers over the state's trainable variables, with PyTorch's semantics so that trajectories
// match torch.optim step for step:
// - AdamW (torch.optim.AdamW): decoupled weight decay p ← p − lr·wd·p, then the bias-corrected
//   Adam update p ← p − (lr / (1 − β1ᵗ))·m / (√v / √(1 − β2ᵗ) + ε);
// - SGD (torch.optim.SGD without momentum): p ← p − lr·(g + wd·p), its weight decay an L2 term.
// By default parameters of rank ≤ 1 (biases, norm scales, temperatures) get no weight decay,
// as BERT, timm and the BLIP/ALBEF recipes do. The moments live on the backend and are saved
// with checkpoints (`moments`), so a resumed run continues exactly.
import { tf, type Tensor, type Variable } from "../tf.js";

export type OptimizerKind = "adamw" | "sgd";

export interface OptimizerConfig {
  readonly kind: OptimizerKind;
  readonly weightDecay: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  /** Decay every parameter, not only matrices (rank ≥ 2). */
  readonly decayAll: boolean;
}

export const DEFAULT_OPTIMIZER: OptimizerConfig = { kind: "adamw", weightDecay: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, decayAll: false };

interface Slot {
  readonly name: string;
  readonly param: Variable;
  readonly decay: boolean;
  readonly m?: Variable;
  readonly v?: Variable;
  /** Steps this parameter has taken: like torch's per-parameter `state["step"]`, it does not advance on a step that gives the parameter no gradient. */
  t: number;
}

export class Optimizer {
  private readonly slots: Slot[];

  constructor(
    readonly config: OptimizerConfig,
    params: ReadonlyMap<string, Variable>,
  ) {
    this.slots = [...params].map(([name, param]) => ({
      name,
      param,
      decay: config.decayAll || param.rank >= 2,
      t: 0,
      ...(config.kind === "adamw" ? { m: tf.variable(tf.zerosLike(param), false), v: tf.variable(tf.zerosLike(param), false) } : {}),
    }));
  }

  /**
   * Applies one step with learning rate `lr`. A parameter without a gradient in `grads` (its
   * objectives reach it only through stop_gradient) is left alone, as torch skips a `.grad` of None.
   */
  apply(grads: ReadonlyMap<string, Tensor>, lr: number): void {
    const { beta1, beta2, eps, weightDecay } = this.config;
    tf.tidy(() => {
      for (const s of this.slots) {
        const g = grads.get(s.name);
        if (!g) continue;
        s.t++;
        if (this.config.kind === "sgd") {
          // torch.optim.SGD's weight decay is L2 on the gradient: g + wd·p.
          const step = s.decay && weightDecay > 0 ? tf.add(g, tf.mul(s.param, weightDecay)) : g;
          s.param.assign(tf.sub(s.param, tf.mul(step, lr)));
          continue;
        }
        const decayed = s.decay && weightDecay > 0 ? tf.mul(s.param, 1 - lr * weightDecay) : s.param;
        const m = tf.add(tf.mul(s.m!, beta1), tf.mul(g, 1 - beta1));
        const v = tf.add(tf.mul(s.v!, beta2), tf.mul(tf.square(g), 1 - beta2));
        s.m!.assign(m);
        s.v!.assign(v);
        const bc1 = 1 - beta1 ** s.t;
        const bc2 = 1 - beta2 ** s.t;
        const denom = tf.add(tf.div(tf.sqrt(v), Math.sqrt(bc2)), eps);
        s.param.assign(tf.sub(decayed, tf.mul(tf.div(m, denom), lr / bc1)));
      }
    });
  }

  /** The moments by name, for checkpoints: `m.NAME`, `v.NAME` (AdamW only). */
  moments(): Map<string, Variable> {
    const out = new Map<string, Variable>();
    for (const s of this.slots) {
      if (s.m) out.set(`m.${s.name}`, s.m);
      if (s.v) out.set(`v.${s.name}`, s.v);
    }
    return out;
  }

  /** Per-parameter step counts, for checkpoints. */
  steps(): Record<string, number> {
    return Object.fromEntries(this.slots.map((s) => [s.name, s.t]));
  }

  /** Restores step counts saved by `steps()` (moments are restored through `moments()`). */
  restoreSteps(steps: Readonly<Record<string, number>>): void {
    for (const s of this.slots) s.t = steps[s.name] ?? 0;
  }

  dispose(): void {
    for (const s of this.slots) {
      s.m?.dispose();
      s.v?.dispose();
    }
  }
}
