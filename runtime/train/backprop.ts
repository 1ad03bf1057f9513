// Reverse-mode gradients of a scalar with respect to variables, as tf.variableGrads computes them
// but freeing memory as the backward pass goes. tfjs's own backprop (tfjs-core tape.ts,
// `backpropagateGradients`, 4.22) keeps the gradient of every intermediate tensor, and every
// tensor a gradient saved, until the whole backward pass ends: the peak of a training step is
// then all activations + all their gradients + all parameter gradients. Measured on ViT-B/16 +
// BERT-base (bench/specs/itc-base.vlm), one thread: at batch 2 tensors on the WASM heap peaked
// at 2.54 GB (0.74 GB parameters, 0.74 GB their gradients, 0.30 GB activations, ~0.75 GB
// activation gradients nobody would read again); at batch 4, 3.6 GB, and the 4 GiB heap ran out
// on the next step. Here the same walk over the same tape frees, after each node's gradient:
//   - the gradients of the node's outputs (read by this node only: the tape is in topological
//     order, so every consumer of an output has already added its part), unless they are
//     gradients being returned or another tensor's accumulated gradient is the same tensor;
//   - the tensors the node saved for its gradient (each node saves clones of its own).
// The arithmetic is tfjs's, in tfjs's order (same gradient functions, same accumulation with
// `add` in tape order), so the gradients are bit-identical to tf.variableGrads'.
//
// It drives tfjs's engine through members its own gradients() uses (startTape/endTape, the
// active tape, scoped tidy) rather than patching it; nested gradients (a gradient taken inside
// a gradient) fall back to tf.variableGrads.
import { tf, type Tensor, type Variable } from "../tf.js";

type Scalar = tf.Scalar;

interface TapeNode {
  readonly id: number;
  readonly kernelName: string;
  readonly inputs: Record<string, Tensor>;
  readonly outputs: Tensor[];
  readonly saved?: Tensor[];
  readonly gradient?: (dys: (Tensor | null)[]) => Record<string, () => Tensor>;
}

interface EngineInternals {
  state: { activeTape: TapeNode[] | null; gradientDepth: number };
  startTape(): void;
  endTape(): void;
  scopedRun<T>(start: () => void, end: () => void, f: () => T): T;
  tidy<T extends tf.TensorContainer>(name: string, f: () => T): T;
  tidy<T extends tf.TensorContainer>(f: () => T): T;
}

/** A tape node restricted to inputs that depend on the xs. */
interface Step {
  readonly node: TapeNode;
  readonly inputs: [string, Tensor][];
}

/** The nodes on a path from some x to y, in tape order, each with only its inputs that depend on an x (tfjs's getFilteredNodesXToY). */
function pathsFromXToY(tape: readonly TapeNode[], xs: readonly Tensor[], y: Tensor): Step[] {
  const fromX = new Set(xs.map((x) => x.id));
  const nodesFromX = new Set<number>();
  for (const node of tape) {
    if (Object.values(node.inputs).some((t) => fromX.has(t.id))) {
      for (const o of node.outputs) fromX.add(o.id);
      nodesFromX.add(node.id);
    }
  }
  const toY = new Set([y.id]);
  const nodesToY = new Set<number>();
  for (let i = tape.length - 1; i >= 0; i--) {
    const node = tape[i]!;
    if (!node.outputs.some((o) => toY.has(o.id))) continue;
    for (const t of Object.values(node.inputs)) toY.add(t.id);
    nodesToY.add(node.id);
  }
  return tape
    .filter((n) => nodesFromX.has(n.id) && nodesToY.has(n.id))
    .map((node) => ({ node, inputs: Object.entries(node.inputs).filter(([, t]) => fromX.has(t.id)) }));
}

/** Gradients by tensor id, with how many ids hold each tensor (a gradient function may hand dy on unchanged). */
class GradientMap {
  private readonly byId = new Map<number, Tensor>();
  private readonly holders = new Map<Tensor, number>();

  get(id: number): Tensor | undefined {
    return this.byId.get(id);
  }

  set(id: number, g: Tensor): void {
    this.release(id);
    this.byId.set(id, g);
    this.holders.set(g, (this.holders.get(g) ?? 0) + 1);
  }

  /** Whether some id's gradient is this tensor. */
  holds(t: Tensor): boolean {
    return this.holders.has(t);
  }

  /** Forgets id's gradient, disposing it unless another id holds it. */
  release(id: number): void {
    const g = this.byId.get(id);
    if (!g) return;
    this.byId.delete(id);
    const n = this.holders.get(g)! - 1;
    if (n > 0) this.holders.set(g, n);
    else {
      this.holders.delete(g);
      g.dispose();
    }
  }
}

/**
 * Gradients of `f()` (a scalar) with respect to `xs`: the value and one gradient per x (undefined
 * where f does not depend on it). The caller disposes them; everything else is freed here.
 */
export function variableGradients(f: () => Scalar, xs: readonly Variable[]): { value: Scalar; grads: (Tensor | undefined)[] } {
  const engine = tf.engine() as unknown as EngineInternals;
  if (engine.state.gradientDepth > 0) {
    const { value, grads } = tf.variableGrads(f, [...xs]);
    return { value, grads: xs.map((x) => grads[x.name] ?? undefined) };
  }
  const y = engine.scopedRun(
    () => engine.startTape(),
    () => engine.endTape(),
    () => engine.tidy("forward", f),
  );
  const tape = engine.state.activeTape ?? [];
  try {
    if (!(y instanceof tf.Tensor) || y.rank !== 0) throw new Error(`the function differentiated must return a scalar (internal error)`);
    const steps = pathsFromXToY(tape, xs, y);
    const xIds = new Set(xs.map((x) => x.id));
    let result: (Tensor | undefined)[] = [];
    engine.tidy("backward", () => {
      const grads = new GradientMap();
      grads.set(y.id, tf.onesLike(y));
      for (let i = steps.length - 1; i >= 0; i--) {
        const { node, inputs } = steps[i]!;
        if (!node.gradient) throw new Error(`Cannot compute gradient: gradient function not found for ${node.kernelName}.`);
        // Temporaries a gradient function makes before its per-input closures (the attention
        // gradient's probabilities, say) go with this tidy; only the input gradients leave it.
        const dxs = engine.tidy(() => {
          const gradFns = node.gradient!(node.outputs.map((o) => grads.get(o.id) ?? null));
          return inputs.map(([name]) => {
            const fn = gradFns[name];
            if (!fn) throw new Error(`Cannot backprop through input ${name} of ${node.kernelName}. Available gradients found: ${Object.keys(gradFns)}.`);
            return fn();
          });
        });
        for (let j = 0; j < inputs.length; j++) {
          const [name, x] = inputs[j]!;
          const dx = dxs[j]!;
          if (dx.dtype !== "float32") throw new Error(`Error in gradient for op ${node.kernelName}: the gradient of input ${name} must be float32, but is ${dx.dtype}`);
          if (!tf.util.arraysEqual(dx.shape, x.shape)) throw new Error(`Error in gradient for op ${node.kernelName}: the gradient of input '${name}' has shape [${dx.shape}], not the input's [${x.shape}]`);
          const prev = grads.get(x.id);
          if (!prev) grads.set(x.id, dx);
          else {
            // As tfjs accumulates: prev + dx in tape order. The old sum goes (set releases it);
            // dx goes too unless a gradient function handed on a gradient held under another id.
            grads.set(x.id, tf.add(prev, dx));
            if (!grads.holds(dx)) dx.dispose();
          }
        }
        // Every consumer of this node's outputs came later on the tape and has been processed.
        for (const o of node.outputs) if (!xIds.has(o.id)) grads.release(o.id);
        for (const t of node.saved ?? []) if (!grads.holds(t)) t.dispose();
      }
      result = xs.map((x) => grads.get(x.id));
      return result.filter((g): g is Tensor => g !== undefined); // kept by the tidy
    });
    return { value: y, grads: result };
  } finally {
    for (const node of tape) for (const t of node.saved ?? []) t.dispose();
    engine.state.activeTape = null;
  }
}
