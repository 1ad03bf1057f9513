// Builds an IrGraph. Nodes are appended in topological order and typed by their op's shape rule
// at creation (a ShapeFault propagates to the caller, which reports it). `finish()` freezes the
// result; nothing edits the graph afterwards.
import type {
  Attrs,
  IrAssertion,
  IrBuffer,
  IrGraph,
  IrGroup,
  IrInput,
  IrInstance,
  IrNode,
  IrObjective,
  IrParam,
  IrPublished,
  IrStage,
  IrUpdate,
  Provenance,
  TensorType,
} from "./types.js";
import { getOp } from "./ops.js";

export class GraphBuilder {
  readonly nodes: IrNode[] = [];
  readonly params = new Map<string, IrParam>();
  readonly buffers = new Map<string, IrBuffer>();
  readonly instances = new Map<string, IrInstance>();
  readonly inputs: IrInput[] = [];
  readonly objectives: IrObjective[] = [];
  readonly stages: IrStage[] = [];
  readonly groups: IrGroup[] = [];
  readonly published: IrPublished[] = [];
  readonly effects: number[] = [];
  readonly assertions: IrAssertion[] = [];
  readonly outputs = new Map<string, number>();

  /** Types a node with its op's shape rule and appends it. Throws ShapeFault if inputs do not fit. */
  add(op: string, inputs: readonly number[], attrs: Attrs, prov: Provenance, scope: string, mode: string, key: string): IrNode {
    const def = getOp(op);
    const types = inputs.map((i) => (i < 0 ? undefined : this.nodes[i]!.type));
    const type: TensorType = def.shape(types, attrs);
    // A dimension beyond 2^53 is no tensor: refuse it here (a DimFault the elaborator reports).
    for (const d of type.shape) d.checked();
    const node: IrNode = { id: this.nodes.length, key, op, inputs, attrs, type, scope, mode, prov };
    this.nodes.push(node);
    if (def.effect) this.effects.push(node.id);
    return node;
  }

  setParam(p: IrParam): void {
    this.params.set(p.name, p);
  }

  finish(meta: {
    model: string;
    file: string;
    variant: string | undefined;
    hypers: Record<string, number | boolean | string>;
    doc?: string;
  }): IrGraph {
    // Freeze what later stages receive: nodes, parameters, instances and the lists holding them
    // (maps are exposed as ReadonlyMap). Shapes are Dims, immutable by construction.
    const updates = this.collectUpdates();
    for (const n of this.nodes) Object.freeze(n);
    for (const p of this.params.values()) Object.freeze(p);
    for (const i of this.instances.values()) Object.freeze(i);
    for (const list of [this.nodes, this.inputs, this.objectives, this.stages, this.groups, this.published, this.effects, this.assertions]) Object.freeze(list);
    const graph: IrGraph = {
      model: meta.model,
      file: meta.file,
      variant: meta.variant,
      hypers: meta.hypers,
      ...(meta.doc ? { doc: meta.doc } : {}),
      inputs: this.inputs,
      nodes: this.nodes,
      params: this.params,
      buffers: this.buffers,
      instances: this.instances,
      objectives: this.objectives,
      stages: this.stages,
      groups: this.groups,
      published: this.published,
      effects: this.effects,
      updates,
      assertions: this.assertions,
      outputs: this.outputs,
    };
    return Object.freeze(graph);
  }

  /**
   * What changes after each step, in a fixed order: every momentum owner tracks its source
   * (aliases inside a momentum copy follow their owner), then every queue write in graph order.
   */
  private collectUpdates(): IrUpdate[] {
    const out: IrUpdate[] = [];
    const decayOf = (instance: string): number | undefined => {
      for (let path: string | undefined = instance; path !== undefined; path = this.instances.get(path)?.parent) {
        const d = this.instances.get(path)?.emaDecay;
        if (d !== undefined) return d;
      }
      return undefined;
    };
    for (const p of [...this.params.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (p.emaOf === undefined || p.sharedWith !== undefined) continue;
      const decay = decayOf(p.instance);
      if (decay === undefined) throw new Error(`momentum parameter ${p.name} has no momentum instance above it`);
      out.push({ kind: "ema", param: p.name, source: p.emaOf, decay });
    }
    for (const id of this.effects) {
      const node = this.nodes[id]!;
      if (node.op !== "enqueue") continue;
      const queue = String(this.nodes[node.inputs[0]!]!.attrs["name"]);
      const pointer = this.buffers.get(queue)?.pointer;
      if (pointer === undefined) throw new Error(`enqueue into ${queue}, which is not a queue`);
      out.push({ kind: "enqueue", queue, pointer, value: node.inputs[1]!, node: id });
    }
    return out;
  }
}
