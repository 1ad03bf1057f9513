// Synthetic inputs for running a spec without data. What each input is for is read off the
// graph, not guessed from its name: an integer input that reaches an embedding table (through
// slicing, concatenation, masking…) holds ids below that table's size; one that reaches
// `padding_mask` is a validity mask (a real prefix, then padding); one that groups masking is
// word ids; one that labels a loss stays below its class count. Images and other float tensors
// are N(0, 1); a float scalar (such as a training-progress input) is 1.
import type { IrGraph, IrNode } from "../compiler/ir/types.js";
import type { DimBindings } from "./dims.js";
import { hostArray, numelOf, type HostTensor } from "./init.js";
import { RandomStream } from "./random.js";

export type InputRole =
  | { readonly kind: "ids"; readonly below: number }
  | { readonly kind: "validity" }
  | { readonly kind: "words" }
  | { readonly kind: "attend" }
  | { readonly kind: "float" }
  | { readonly kind: "scalar" }
  | { readonly kind: "other" };

/** Ops that pass an integer value through unchanged (index of the input that carries it). */
const PASS_THROUGH: Readonly<Record<string, readonly number[]>> = {
  slice: [0],
  select: [0],
  reshape: [0],
  transpose: [0],
  permute: [0],
  flatten: [0],
  unsqueeze: [0],
  squeeze: [0],
  broadcast_to: [0],
  gather: [0],
  take_at: [0],
  mask_tokens: [0],
  where: [1, 2],
  stop_gradient: [0],
};

interface Uses {
  below: number;
  validity: boolean;
  words: boolean;
  attend: boolean;
}

/** What every input is for, by following its value through the graph to where it is used. */
export function inputRoles(ir: IrGraph): Map<string, InputRole> {
  const consumers: number[][] = ir.nodes.map(() => []);
  for (const n of ir.nodes) for (const i of n.inputs) if (i >= 0) consumers[i]!.push(n.id);
  const roles = new Map<string, InputRole>();
  for (const input of ir.inputs) {
    const node = ir.nodes[input.node]!;
    const uses: Uses = { below: Infinity, validity: false, words: false, attend: false };
    const seen = new Set<number>();
    const visit = (id: number): void => {
      if (seen.has(id)) return;
      seen.add(id);
      for (const c of consumers[id]!) {
        const user = ir.nodes[c]!;
        const at = user.inputs.indexOf(id);
        record(ir, user, id, uses);
        if ((PASS_THROUGH[user.op] ?? []).includes(at) || user.op === "concat") visit(c);
      }
    };
    visit(node.id);
    roles.set(input.name, roleOf(node, uses));
  }
  return roles;
}

function record(ir: IrGraph, user: IrNode, id: number, uses: Uses): void {
  const pos = (k: number): boolean => user.inputs[k] === id;
  const dimOf = (nodeId: number, axis: number): number | undefined => {
    const shape = ir.nodes[nodeId]!.type.shape;
    return shape[axis < 0 ? shape.length + axis : axis]?.value;
  };
  const bound = (n: number | undefined): void => {
    if (n !== undefined) uses.below = Math.min(uses.below, n);
  };
  if (user.op === "embedding" && pos(0)) bound(dimOf(user.inputs[1]!, 0));
  if (user.op === "cross_entropy" && pos(1)) bound(dimOf(user.inputs[0]!, -1));
  if (user.op === "one_hot" && pos(0)) bound((user.attrs["depth"] as { value?: number } | undefined)?.value);
  if (user.op === "gather" && pos(1)) bound(dimOf(user.inputs[0]!, Number(user.attrs["axis"] ?? 0)));
  if (user.op === "take_at" && pos(1)) bound(dimOf(user.inputs[0]!, 1));
  if (user.op === "padding_mask" && pos(0)) uses.validity = true;
  if (user.op === "optimal_transport" && (pos(2) || pos(3))) uses.validity = true;
  if (user.op === "bernoulli_mask" && pos(1)) uses.words = true;
  if (user.op === "attention" && pos(3)) uses.attend = true;
}

function roleOf(node: IrNode, uses: Uses): InputRole {
  const t = node.type;
  if (t.dtype === "bool") return uses.attend ? { kind: "attend" } : { kind: "other" };
  if (t.dtype === "i32" || t.dtype === "i64") {
    if (uses.validity) return { kind: "validity" };
    if (uses.words) return { kind: "words" };
    if (uses.below !== Infinity) return { kind: "ids", below: uses.below };
    return { kind: "other" };
  }
  return t.shape.length === 0 ? { kind: "scalar" } : { kind: "float" };
}

/**
 * One synthetic value per input, reproducible from the seed (each input has its own stream);
 * `draw` numbers successive batches of a training run (0 for a single run).
 */
export function syntheticInputs(ir: IrGraph, dims: DimBindings, seed: number, only?: ReadonlySet<string>, draw = 0): Map<string, HostTensor> {
  const roles = inputRoles(ir);
  const out = new Map<string, HostTensor>();
  for (const input of ir.inputs) {
    if (only && !only.has(input.name)) continue;
    const type = ir.nodes[input.node]!.type;
    const shape = dims.shape(type.shape);
    const n = numelOf(shape);
    const data = hostArray(type.dtype, n);
    const r = new RandomStream(seed, draw, `synthetic:${input.name}`);
    const role = roles.get(input.name)!;
    const rows = shape.length >= 2 ? shape[0]! : 1;
    const width = n / Math.max(rows, 1);
    switch (role.kind) {
      case "ids":
        for (let i = 0; i < n; i++) data[i] = r.int(0, role.below);
        break;
      case "validity":
        // Row 0 is full; the others keep a random real prefix of at least half the length.
        for (let b = 0; b < rows; b++) {
          const len = b === 0 ? width : r.int(Math.ceil(width / 2), width + 1);
          for (let j = 0; j < len; j++) data[b * width + j] = 1;
        }
        break;
      case "words":
        // Word ids rise along the text; about one token in four continues the previous word.
        for (let b = 0; b < rows; b++) {
          let w = 0;
          for (let j = 0; j < width; j++) {
            if (j > 0 && r.next() < 0.75) w++;
            data[b * width + j] = w;
          }
        }
        break;
      case "attend":
        data.fill(1);
        break;
      case "float":
        for (let i = 0; i < n; i++) data[i] = r.normalOne();
        break;
      case "scalar":
        data.fill(1);
        break;
      case "other":
        for (let i = 0; i < n; i++) data[i] = r.int(0, 2);
        break;
    }
    out.set(input.name, { dtype: type.dtype, shape, data });
  }
  return out;
}
