// A model's state on TensorFlow.js: one variable per parameter owner (a shared or tied
// parameter is one tensor, read under every name of its group), momentum copies, and buffers
// (feature queues and their pointers). Nothing here knows a particular model.
import type { IrGraph } from "../compiler/ir/types.js";
import { ownerOf } from "../compiler/ir/types.js";
import { tfDtype } from "./dtypes.js";
import { initialValue, type HostTensor } from "./init.js";
import { tf, type Tensor, type Variable } from "./tf.js";

export class ModelState {
  private readonly vars = new Map<string, Variable>();
  private disposed = false;

  private constructor(readonly ir: IrGraph) {}

  /**
   * Fresh state for a run with this seed: every owner from its initialiser, every momentum copy
   * equal to its source (as ALBEF's and BLIP's `copy_params` do), every buffer from its own.
   * `only` limits it to the tensors a run reads (runtime/plan.ts `stateRead`): an image-tower run
   * of CLIP then never allocates the text tower. Each value depends only on the seed and the
   * tensor's name, so a partial state holds the same values as a full one.
   */
  static initialise(ir: IrGraph, seed: number, only?: ReadonlySet<string>): ModelState {
    const state = new ModelState(ir);
    const wanted = (name: string): boolean => !only || only.has(name);
    const learned = new Map<string, HostTensor>();
    const learnedValue = (name: string): HostTensor => {
      let v = learned.get(name);
      if (!v) {
        const p = ir.params.get(name)!;
        v = initialValue(p.name, p.dtype, p.shape, p.init, seed);
        learned.set(name, v);
      }
      return v;
    };
    for (const p of ir.params.values()) {
      if (p.sharedWith !== undefined || p.emaOf !== undefined || !wanted(p.name)) continue;
      state.create(p.name, learnedValue(p.name));
    }
    for (const p of ir.params.values()) {
      if (p.sharedWith !== undefined || p.emaOf === undefined || !wanted(p.name)) continue;
      const source = ir.params.get(ownerOf(ir, p.emaOf));
      state.create(p.name, source && source.emaOf === undefined ? learnedValue(source.name) : initialValue(p.name, p.dtype, p.shape, p.init, seed));
    }
    for (const b of ir.buffers.values()) if (wanted(b.name)) state.create(b.name, initialValue(b.name, b.dtype, b.shape, b.init, seed));
    return state;
  }

  /** Whether the state holds this stored tensor (a partial state holds only what its run reads). */
  has(name: string): boolean {
    return this.vars.has(name);
  }

  private create(name: string, host: HostTensor): void {
    const trainable = this.ir.params.get(name)?.emaOf === undefined && this.ir.params.has(name);
    this.vars.set(name, tf.variable(tf.tensor(host.data, [...host.shape], tfDtype(host.dtype)), trainable));
  }

  /** The tensor a `param` node named `name` reads: its owner's. */
  param(name: string): Variable {
    return this.get(ownerOf(this.ir, name), "parameter");
  }

  buffer(name: string): Variable {
    return this.get(name, "buffer");
  }

  private get(name: string, what: string): Variable {
    if (this.disposed) throw new Error("model state used after dispose()");
    const v = this.vars.get(name);
    if (!v) throw new Error(`no ${what} '${name}' in the model state (internal error: the IR names it)`);
    return v;
  }

  /** Names of every stored tensor: parameter owners (learned and momentum) and buffers. */
  names(): string[] {
    return [...this.vars.keys()];
  }

  /** Learned parameter owners (not momentum copies) the state holds, in IR order. */
  learnedOwners(): string[] {
    return [...this.ir.params.values()].filter((p) => p.sharedWith === undefined && p.emaOf === undefined && this.vars.has(p.name)).map((p) => p.name);
  }

  /** Replaces a stored tensor's value (same shape and dtype). */
  assign(name: string, value: HostTensor | Tensor): void {
    const v = this.vars.get(name);
    if (!v) throw new Error(`no stored tensor '${name}' (internal error)`);
    const t = value instanceof tf.Tensor ? value : tf.tensor(value.data, [...value.shape], tfDtype(value.dtype));
    v.assign(t);
    if (t !== value) t.dispose();
  }

  /** A stored tensor's current values on the host. */
  read(name: string): HostTensor {
    const v = this.vars.get(name);
    if (!v) throw new Error(`no stored tensor '${name}' (internal error)`);
    const p = this.ir.params.get(name);
    const dtype = p?.dtype ?? this.ir.buffers.get(name)!.dtype;
    return { dtype, shape: v.shape, data: v.dataSync() as HostTensor["data"] };
  }

  /** Bytes held on the backend. */
  bytes(): number {
    let total = 0;
    for (const v of this.vars.values()) total += v.size * 4;
    return total;
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
    this.disposed = true;
  }
}
