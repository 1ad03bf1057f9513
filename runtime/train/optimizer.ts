// Optimisers over the state's trainable variables, with PyTorch's semantics so that trajectories
// match torch.optim step for step:
// - AdamW (torch.optim.AdamW): decoupled weight decay p ← p − lr·wd·p, then the bias-corrected
//   Adam update p ← p − (lr / (1 − β1ᵗ))·m / (√v / √(1 − β2ᵗ) + ε);
// - SGD (torch.optim.SGD without momentum): p ← p − lr·(g + wd·p), its weight decay an L2 term.
// By default parameters of rank ≤ 1 (biases, norm scales, temperatures) get no weight decay,
// as BERT, timm and the BLIP/ALBEF recipes do. The moments are saved with checkpoints
// (`moments`), so a resumed run continues exactly.
//
// Where the WASM kernel overrides are installed, AdamW runs as one fused kernel per parameter
// (runtime/wasm/adamw.ts) with its moments in JavaScript memory: the WASM heap stops at 4 GiB and
// two moments per parameter take twice the model (ViT-B/16 + BERT-base: 1.5 GB), and the
// op-by-op update is thirteen kernel calls per parameter. Elsewhere the moments are backend
// variables and the update is tf ops; the two agree to float32 rounding.
import { tf, type Tensor, type Variable } from "../tf.js";
import { fusedAdamW } from "../wasm/adamw.js";
import { fusedKernelsAvailable } from "../wasm/overrides.js";

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

/** One AdamW moment tensor, wherever it lives: read and written whole by checkpoints. */
export interface Moment {
  readonly shape: readonly number[];
  read(): Float32Array;
  write(data: Float32Array): void;
}

/** A moment as a backend variable, for the op-by-op update. */
class DeviceMoment implements Moment {
  readonly variable: Variable;
  constructor(param: Variable) {
    this.variable = tf.variable(tf.zerosLike(param), false);
  }
  get shape(): readonly number[] {
    return this.variable.shape;
  }
  read(): Float32Array {
    return this.variable.dataSync() as Float32Array;
  }
  write(data: Float32Array): void {
    tf.tidy(() => this.variable.assign(tf.tensor(data, this.variable.shape, "float32")));
  }
}

/** A moment in JavaScript memory, for the fused WASM update. */
class HostMoment implements Moment {
  readonly data: Float32Array;
  constructor(readonly shape: readonly number[]) {
    this.data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  }
  read(): Float32Array {
    return this.data;
  }
  write(data: Float32Array): void {
    this.data.set(data);
  }
}

interface Slot {
  readonly name: string;
  readonly param: Variable;
  readonly decay: boolean;
  readonly m?: DeviceMoment | HostMoment;
  readonly v?: DeviceMoment | HostMoment;
  /** Steps this parameter has taken: like torch's per-parameter `state["step"]`, it does not advance on a step that gives the parameter no gradient. */
  t: number;
}

export class Optimizer {
  private readonly slots: Slot[];

  /** Whether AdamW runs as the fused WASM kernel with host moments (decided once, at construction). */
  readonly fused: boolean;

  constructor(
    readonly config: OptimizerConfig,
    params: ReadonlyMap<string, Variable>,
  ) {
    this.fused = config.kind === "adamw" && fusedKernelsAvailable() && [...params.values()].every((p) => p.dtype === "float32");
    const moment = (p: Variable): DeviceMoment | HostMoment => (this.fused ? new HostMoment(p.shape) : new DeviceMoment(p));
    this.slots = [...params].map(([name, param]) => ({
      name,
      param,
      decay: config.decayAll || param.rank >= 2,
      t: 0,
      ...(config.kind === "adamw" ? { m: moment(param), v: moment(param) } : {}),
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
        const bc1 = 1 - beta1 ** s.t;
        const bc2 = 1 - beta2 ** s.t;
        const decay = s.decay && weightDecay > 0 ? 1 - lr * weightDecay : 1;
        if (s.m instanceof HostMoment && s.v instanceof HostMoment) {
          s.param.assign(fusedAdamW(s.param, g, s.m.data, s.v.data, { lr, beta1, beta2, eps, decay, bc1, bc2 }));
          continue;
        }
        const [mVar, vVar] = [(s.m as DeviceMoment).variable, (s.v as DeviceMoment).variable];
        const decayed = decay !== 1 ? tf.mul(s.param, decay) : s.param;
        const m = tf.add(tf.mul(mVar, beta1), tf.mul(g, 1 - beta1));
        const v = tf.add(tf.mul(vVar, beta2), tf.mul(tf.square(g), 1 - beta2));
        mVar.assign(m);
        vVar.assign(v);
        const denom = tf.add(tf.div(tf.sqrt(v), Math.sqrt(bc2)), eps);
        s.param.assign(tf.sub(decayed, tf.mul(tf.div(m, denom), lr / bc1)));
      }
    });
  }

  /** The moments by name, for checkpoints: `m.NAME`, `v.NAME` (AdamW only). */
  moments(): Map<string, Moment> {
    const out = new Map<string, Moment>();
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
      if (s.m instanceof DeviceMoment) s.m.variable.dispose();
      if (s.v instanceof DeviceMoment) s.v.variable.dispose();
    }
  }
}
