// Running one kernel outside a model: the node is typed by its op's shape rule from the concrete
// input shapes (so every kernel test also checks that the kernel and the shape rule agree), its
// attributes get the registry's defaults, and the context is a fresh one per call.
import { getOp } from "../../../compiler/ir/ops.js";
import type { AttrValue, DType, IrNode, TensorType } from "../../../compiler/ir/types.js";
import { Dim } from "../../../compiler/shapes/dim.js";
import { useBackend, type BackendName } from "../../../runtime/backend.js";
import { tfDtype } from "../../../runtime/dtypes.js";
import { kernelFor } from "../../../runtime/kernels/index.js";
import { RandomStream } from "../../../runtime/random.js";
import { tf, type Tensor } from "../../../runtime/tf.js";

export async function backend(name: BackendName = "cpu"): Promise<void> {
  await useBackend(name);
}

export interface KernelRunOptions {
  readonly training?: boolean;
  readonly seed?: number;
  readonly step?: number;
  /** The node's stable key (random streams are keyed by it). */
  readonly key?: string;
  /** Values of sources: `input`/`param`/`buffer` nodes read these by name. */
  readonly sources?: Readonly<Record<string, Tensor>>;
}

function irDtype(t: Tensor): DType {
  return t.dtype === "float32" ? "f32" : t.dtype === "int32" ? "i32" : "bool";
}

function typeOf(t: Tensor): TensorType {
  return { dtype: irDtype(t), shape: t.shape.map((d) => Dim.of(d)) };
}

/** The attributes a node would get: given ones (numbers as written; Dims where the op takes dims) and the registry's defaults. */
export function attrsFor(op: string, given: Readonly<Record<string, AttrValue>>): Record<string, AttrValue> {
  const def = getOp(op);
  const out: Record<string, AttrValue> = {};
  for (const a of def.attrs) {
    const v = given[a.name];
    if (v === undefined) {
      if (a.default === undefined) throw new Error(`test gives no value for required attribute ${op}.${a.name}`);
      out[a.name] = a.default;
    } else out[a.name] = a.kind === "dim" && typeof v === "number" ? Dim.of(v) : a.kind === "dims" && Array.isArray(v) ? v.map((x) => (typeof x === "number" ? Dim.of(x) : x)) : v;
  }
  for (const k of Object.keys(given)) if (!def.attrs.some((a) => a.name === k)) throw new Error(`${op} has no attribute ${k}`);
  return out;
}

/** Runs `op` on concrete tensors; asserts the result has the dtype and shape the op's shape rule gives. */
export function runKernel(op: string, inputs: readonly (Tensor | undefined)[], attrs: Readonly<Record<string, AttrValue>> = {}, opts: KernelRunOptions = {}): Tensor {
  const def = getOp(op);
  const full = attrsFor(op, attrs);
  const type = def.shape(
    inputs.map((t) => (t ? typeOf(t) : undefined)),
    full,
  );
  const key = opts.key ?? `test/${op}.0`;
  const node: IrNode = { id: 0, key, op, inputs: inputs.map((t, i) => (t ? i : -1)), attrs: full, type, scope: "", mode: "", prov: { span: { file: "test", start: 0, end: 0 }, frame: undefined } };
  const shape = type.shape.map((d) => {
    if (d.value === undefined) throw new Error(`kernel test: ${op} output dim ${d} is symbolic`);
    return d.value;
  });
  const sources = opts.sources ?? {};
  const source = (name: string): Tensor => {
    const t = sources[name];
    if (!t) throw new Error(`kernel test: no source tensor '${name}'`);
    return t;
  };
  const out = kernelFor(op)(inputs, {
    node,
    shape,
    dim: (d) => (typeof d === "number" ? d : d.value!),
    training: opts.training ?? false,
    random: () => new RandomStream(opts.seed ?? 0, opts.step ?? 0, key),
    input: source,
    param: source,
    buffer: source,
  });
  if (out.dtype !== tfDtype(type.dtype) || out.shape.join() !== shape.join()) {
    throw new Error(`${op}: kernel made ${out.dtype}[${out.shape.join(", ")}] but the shape rule says ${tfDtype(type.dtype)}[${shape.join(", ")}]`);
  }
  return out;
}

/** Runs `body` on the wasm backend, then returns to cpu (where the kernel tests run). */
export async function onWasm(body: () => void): Promise<void> {
  await backend("wasm");
  try {
    body();
  } finally {
    await backend("cpu");
  }
}

/** Values of a tensor as a plain array (for toEqual / toBeCloseTo). */
export function values(t: Tensor): number[] {
  return Array.from(t.dataSync());
}

export { tf };
