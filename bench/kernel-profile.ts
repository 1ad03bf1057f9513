// What a training step's time is made of, for the training benchmark (bench/train.ts): every
// kernel registered for the wasm backend is wrapped with a wall-clock timer (WASM kernels are
// synchronous, so the time around the call is the kernel's time), and each call is filed under
// the phase of the step it ran in:
//   - forward: from the step's start until the first kernel of the backward pass;
//   - backward: kernels tfjs runs inside its `backward` scope (tf.variableGrads's backprop);
//   - optimizer: kernels inside Optimizer.apply (the bench wraps that method);
//   - other: the rest after the backward pass (the gradient's global norm, the state's updates).
// Phases also get their wall time, so that wall − kernels shows the JavaScript around the kernels
// (tfjs's engine, the tape, vlmc's executor). Kernels are re-registered under their own names,
// so the overrides and the gradients in use stay exactly the same.
import type { KernelConfig, KernelFunc } from "@tensorflow/tfjs-core";
import { tf } from "../runtime/tf.js";

export type Phase = "forward" | "backward" | "optimizer" | "other";
export const PHASES: readonly Phase[] = ["forward", "backward", "optimizer", "other"];

export interface KernelTotal {
  readonly phase: Phase;
  readonly kernel: string;
  ms: number;
  calls: number;
}

export interface StepProfile {
  /** Wall time per phase over the profiled steps, ms. */
  readonly wall: Record<Phase, number>;
  /** Kernel time per (phase, kernel), largest first. */
  readonly kernels: readonly KernelTotal[];
  readonly steps: number;
}

interface EngineState {
  state: { scopeStack: { name: string }[] };
}

export class KernelProfiler {
  private readonly totals = new Map<string, KernelTotal>();
  private readonly wall: Record<Phase, number> = { forward: 0, backward: 0, optimizer: 0, other: 0 };
  private wrapped: KernelConfig[] = [];
  private stepStart = 0;
  private firstBackward: number | undefined;
  private lastBackward = 0;
  private inOptimizer = false;
  private steps = 0;

  /** Wraps every wasm kernel; call after the backend and its overrides are set up. */
  install(): void {
    if (this.wrapped.length) return;
    const engine = tf.engine() as unknown as EngineState;
    for (const config of tf.getKernelsForBackend("wasm")) {
      const inner: KernelFunc = config.kernelFunc;
      const timed: KernelFunc = (args) => {
        const start = performance.now();
        const out = inner(args);
        const end = performance.now();
        const backward = engine.state.scopeStack.some((s) => s.name === "backward");
        if (backward) {
          this.firstBackward ??= start;
          this.lastBackward = end;
        }
        this.add(this.phaseOf(backward), config.kernelName, end - start);
        return out;
      };
      tf.unregisterKernel(config.kernelName, "wasm");
      tf.registerKernel({ ...config, kernelFunc: timed });
      this.wrapped.push(config);
    }
  }

  /** Puts the unwrapped kernels back. */
  uninstall(): void {
    for (const config of this.wrapped) {
      tf.unregisterKernel(config.kernelName, "wasm");
      tf.registerKernel(config);
    }
    this.wrapped = [];
  }

  /** Times one training step: `step` runs it, `optimizer` is wrapped to mark its phase. */
  profileStep(step: () => void, optimizer: { apply(...args: never[]): void }): void {
    const apply = optimizer.apply;
    let optimizerMs = 0;
    optimizer.apply = (...args: never[]) => {
      const start = performance.now();
      this.inOptimizer = true;
      try {
        apply.apply(optimizer, args);
      } finally {
        this.inOptimizer = false;
        optimizerMs += performance.now() - start;
      }
    };
    this.firstBackward = undefined;
    this.stepStart = performance.now();
    try {
      step();
    } finally {
      delete (optimizer as { apply?: unknown }).apply; // back to the prototype's method
    }
    const end = performance.now();
    const backwardStart = this.firstBackward ?? end;
    this.wall.forward += backwardStart - this.stepStart;
    this.wall.backward += this.firstBackward === undefined ? 0 : this.lastBackward - backwardStart;
    this.wall.optimizer += optimizerMs;
    this.wall.other += end - (this.firstBackward === undefined ? end : this.lastBackward) - optimizerMs;
    this.steps++;
  }

  result(): StepProfile {
    return { wall: { ...this.wall }, kernels: [...this.totals.values()].sort((a, b) => b.ms - a.ms), steps: this.steps };
  }

  private phaseOf(backward: boolean): Phase {
    if (backward) return "backward";
    if (this.inOptimizer) return "optimizer";
    return this.firstBackward === undefined ? "forward" : "other";
  }

  private add(phase: Phase, kernel: string, ms: number): void {
    const key = `${phase}/${kernel}`;
    let t = this.totals.get(key);
    if (!t) {
      t = { phase, kernel, ms: 0, calls: 0 };
      this.totals.set(key, t);
    }
    t.ms += ms;
    t.calls++;
  }
}
