// What part of the IR a graph holds — a cut: the nodes to compute, the values that enter as
// graph inputs and the values that leave as graph outputs. Two kinds: the model's named values
// and objectives (inputs: the model inputs they read), or one forward mode of one instance, as
// one of its calls in the model computed it (`--mode encoder.vision`): every node the call
// emitted, found through the call key on its frames, with the values the call read from outside
// as inputs and the values read outside it (its result) as outputs.
import { Diag } from "../../diagnostics/catalog.js";
import type { Said } from "../../diagnostics/template.js";
import { didYouMean } from "../../diagnostics/suggest.js";
import { phrase, say } from "../../diagnostics/template.js";
import { nodesNeeded } from "../../ir/reach.js";
import type { IrGraph, TensorType } from "../../ir/types.js";

export interface CutValue {
  readonly name: string;
  readonly node: number;
  readonly type: TensorType;
  /** Targets asked for by name must be expressible; defaults may be left out. */
  readonly explicit: boolean;
}

export interface Cut {
  readonly inputs: readonly CutValue[];
  readonly outputs: readonly CutValue[];
  /** The call key of a forward-mode cut (`encoder:vision@0`). */
  readonly call?: string;
}

export function lossOutput(objective: string): string {
  return `loss.${objective}`;
}

/** The model-level cut: named values (default all) and objectives (default none). */
export function modelCut(ir: IrGraph, outputs: readonly string[] | undefined, objectives: readonly string[] | undefined, optionalObjectives = false): Cut {
  const targets: CutValue[] = [];
  for (const name of outputs ?? [...ir.outputs.keys()]) {
    const node = ir.outputs.get(name);
    if (node === undefined) throw new Error(`model ${ir.model} has no named value '${name}' (the caller checks names)`);
    targets.push({ name, node, type: ir.nodes[node]!.type, explicit: outputs !== undefined });
  }
  for (const name of objectives ?? []) {
    const o = ir.objectives.find((x) => x.name === name);
    if (!o) throw new Error(`model ${ir.model} has no objective '${name}' (the caller checks names)`);
    targets.push({ name: lossOutput(name), node: o.node, type: ir.nodes[o.node]!.type, explicit: !optionalObjectives });
  }
  const used = new Set(nodesNeeded(ir, targets.map((t) => t.node), new Set()));
  const inputs = ir.inputs.filter((i) => used.has(i.node)).map((i) => ({ name: i.name, node: i.node, type: ir.nodes[i.node]!.type, explicit: true }));
  return { inputs, outputs: targets };
}

/** Every forward call in the IR, by key (`encoder:vision@0`), with the nodes it emitted. */
export function forwardCalls(ir: IrGraph): Map<string, Set<number>> {
  const calls = new Map<string, Set<number>>();
  for (const node of ir.nodes) {
    for (let f = node.prov.frame; f; f = f.parent) {
      if (f.call === undefined) continue;
      let members = calls.get(f.call);
      if (!members) calls.set(f.call, (members = new Set()));
      members.add(node.id);
    }
  }
  return calls;
}

/** How a user names a call: `encoder.vision`, `vision` (its default forward), either with `@k`. */
export function callText(key: string): string {
  const [scopeMode, k] = key.split("@") as [string, string];
  const [scope, mode] = scopeMode.split(":") as [string, string];
  const name = mode === "forward" ? scope : `${scope}.${mode}`;
  return k === "0" ? name : `${name}@${k}`;
}

/** The call a `--mode` text names, or a sentence saying it names none (with the modes there are). */
export function resolveMode(ir: IrGraph, text: string, calls: ReadonlyMap<string, unknown>): string | Said {
  const [name, k = "0"] = text.split("@") as [string, string?];
  const candidates = [`${name}:forward@${k}`];
  const dot = name.lastIndexOf(".");
  if (dot > 0) candidates.unshift(`${name.slice(0, dot)}:${name.slice(dot + 1)}@${k}`);
  const found = candidates.find((c) => calls.has(c));
  if (found) return found;
  const known = [...calls.keys()].filter((c) => !c.startsWith("model:")).map(callText).filter((c) => !c.includes("@"));
  const depth = (c: string): number => c.split(".").length;
  const outermost = [...known].sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0)).slice(0, 12);
  const near = didYouMean(text, known);
  return say(Diag.UnknownCall, "unknown", { mode: text, model: ir.model, suggestion: near ? `${near} ` : "", modes: outermost.join(", ") || phrase(Diag.UnknownCall, "none") });
}

/** The cut of one forward call: its inputs are what it read from outside, its outputs what is read of it outside. */
export function callCut(ir: IrGraph, key: string, members: ReadonlySet<number>): Cut {
  const label = callText(key);
  const named = new Map<number, string>();
  for (const i of ir.inputs) named.set(i.node, i.name);
  for (const [name, id] of ir.outputs) if (!named.has(id)) named.set(id, name);
  const inputs: CutValue[] = [];
  const outputs: number[] = [];
  const taken = new Set<number>();
  const readOutside = new Set<number>();
  for (const node of ir.nodes) {
    if (members.has(node.id)) {
      for (const i of node.inputs) {
        if (i < 0 || members.has(i) || taken.has(i)) continue;
        const op = ir.nodes[i]!.op;
        if (op === "param" || op === "buffer") continue;
        taken.add(i);
        inputs.push({ name: named.get(i) ?? `${label}.input${inputs.length}`, node: i, type: ir.nodes[i]!.type, explicit: true });
      }
    } else {
      for (const i of node.inputs) if (i >= 0 && members.has(i)) readOutside.add(i);
    }
  }
  for (const id of ir.outputs.values()) if (members.has(id)) readOutside.add(id);
  for (const o of ir.objectives) if (members.has(o.node)) readOutside.add(o.node);
  outputs.push(...[...readOutside].sort((a, b) => a - b));
  return {
    inputs,
    outputs: outputs.map((node, i) => ({ name: outputs.length === 1 ? label : `${label}.${i}`, node, type: ir.nodes[node]!.type, explicit: true })),
    call: key,
  };
}
