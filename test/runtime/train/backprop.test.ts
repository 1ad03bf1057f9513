// variableGradients (runtime/train/backprop.ts) against tf.variableGrads on a deep residual chain
// with a weight used twice: the same value and bit-identical gradients, and a peak of live bytes on
// the WASM heap bounded by what a backward pass needs — the saved activations, the parameter
// gradients and a few activations in flight — where tfjs's walk also keeps every activation's
// gradient until the end.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { useBackend } from "../../../runtime/backend.js";
import { tf, type Tensor, type Variable } from "../../../runtime/tf.js";
import { variableGradients } from "../../../runtime/train/backprop.js";

const LAYERS = 12;
const ROWS = 128;
const WIDTH = 256;
const ACT = ROWS * WIDTH * 4;
const WEIGHT = WIDTH * WIDTH * 4;

interface HeapModule {
  _malloc(n: number): number;
  _free(p: number): void;
}

/** Tracks bytes the wasm backend mallocs from JavaScript (tensors and the overrides' scratch) and their peak. */
class HeapWatch {
  private readonly sizes = new Map<number, number>();
  private live = 0;
  peak = 0;
  private readonly wasm: HeapModule;
  private readonly malloc: HeapModule["_malloc"];
  private readonly free: HeapModule["_free"];

  constructor() {
    this.wasm = (tf.backend() as unknown as { wasm: HeapModule }).wasm;
    this.wasm._free(this.wasm._malloc(4)); // Emscripten binds its exports on first call: wrap the bound ones
    [this.malloc, this.free] = [this.wasm._malloc, this.wasm._free];
    this.wasm._malloc = (n) => {
      const p = this.malloc(n);
      this.sizes.set(p >>> 0, n);
      this.live += n;
      this.peak = Math.max(this.peak, this.live);
      return p;
    };
    this.wasm._free = (p) => {
      this.live -= this.sizes.get(p >>> 0) ?? 0;
      this.sizes.delete(p >>> 0);
      this.free(p);
    };
  }

  /** Peak bytes above the start while `f` runs. */
  peakOf(f: () => void): number {
    this.peak = this.live;
    const start = this.live;
    f();
    return this.peak - start;
  }

  restore(): void {
    [this.wasm._malloc, this.wasm._free] = [this.malloc, this.free];
  }
}

let weights: Variable[] = [];
let watch: HeapWatch | undefined;

beforeAll(async () => {
  await useBackend("wasm");
});

afterEach(() => {
  watch?.restore();
  watch = undefined;
  tf.dispose(weights);
  weights = [];
});

function setUp(): { x: Tensor; loss: () => tf.Scalar } {
  weights = Array.from({ length: LAYERS }, (_, i) => tf.variable(tf.randomNormal([WIDTH, WIDTH], 0, 0.08, "float32", 10 + i)));
  const x = tf.randomNormal([ROWS, WIDTH], 0, 1, "float32", 1);
  const loss = (): tf.Scalar => {
    let h = x;
    for (const w of weights) h = tf.add(h, tf.tanh(tf.matMul(h, w)));
    // The first weight read a second time: its gradient is the sum of two uses.
    return tf.mean(tf.square(tf.matMul(h, weights[0]!)));
  };
  return { x, loss };
}

describe("variableGradients", () => {
  it("gives tf.variableGrads' value and gradients bit for bit", () => {
    const { x, loss } = setUp();
    const ours = variableGradients(loss, weights);
    const theirs = tf.variableGrads(loss, weights);
    expect(ours.value.dataSync()[0]).toBe(theirs.value.dataSync()[0]);
    weights.forEach((w, i) => {
      expect(ours.grads[i]).toBeDefined();
      expect(Array.from(ours.grads[i]!.dataSync())).toEqual(Array.from(theirs.grads[w.name]!.dataSync()));
    });
    tf.dispose([x, ours.value, theirs.value, ...ours.grads.filter((g): g is Tensor => g !== undefined), ...Object.values(theirs.grads)]);
  });

  it("frees every tensor it does not return", () => {
    const { x, loss } = setUp();
    const before = tf.memory().numTensors;
    const { value, grads } = variableGradients(loss, weights);
    expect(tf.memory().numTensors).toBe(before + 1 + LAYERS);
    tf.dispose([x, value, ...grads.filter((g): g is Tensor => g !== undefined)]);
  });

  it("peaks at the saved activations, the weight gradients and a few activations in flight", () => {
    const { x, loss } = setUp();
    watch = new HeapWatch();
    const w = watch;
    const run = (grad: () => { value: Tensor; grads: Tensor[] }): number =>
      w.peakOf(() => {
        const { value, grads } = grad();
        tf.dispose([value, ...grads]);
      });
    const ours = run(() => {
      const r = variableGradients(loss, weights);
      return { value: r.value, grads: r.grads.filter((g): g is Tensor => g !== undefined) };
    });
    const theirs = run(() => {
      const r = tf.variableGrads(loss, weights);
      return { value: r.value, grads: Object.values(r.grads) };
    });
    // Per layer the tape saves the product's input and tanh's output; then every weight's gradient.
    const needed = LAYERS * 2 * ACT + LAYERS * WEIGHT;
    const bound = needed + 8 * ACT;
    expect(ours).toBeLessThanOrEqual(bound);
    // tfjs's walk also holds the gradient of every intermediate until the end: the bound tells them apart.
    expect(theirs).toBeGreaterThan(bound);
    tf.dispose(x);
  });
});
