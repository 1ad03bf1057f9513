// IR → ONNX: the graph of the requested named values (and objectives), in eval mode, with the
// model's parameters and buffers as initializers named exactly as the IR names them (an alias
// reads its owner's one initializer), the spec's symbolic dims as named dim_params, and each
// node's spec location in its doc string. Ops that draw from vlmc's random streams or change
// state after a step have no ONNX meaning: asking for a value that needs one is an error naming
// the op and its spec line; by default such values are left out with a warning.
import { Diag } from "../../diagnostics/catalog.js";
import { diagnostic, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { phrase, say, type Said } from "../../diagnostics/template.js";
import { spanText, type SourceSet } from "../../diagnostics/source-text.js";
import type { Span } from "../../diagnostics/span.js";
import { getOp } from "../../ir/ops.js";
import { ownerOf, type DType, type IrGraph, type IrNode, type TensorType } from "../../ir/types.js";
import { GraphBuilder, type Attrs } from "./builder.js";
import { GraphDims } from "./dims.js";
import { callCut, callText, forwardCalls, modelCut, resolveMode, type Cut, type CutValue } from "./cut.js";
import { nodesNeeded } from "../../ir/reach.js";
import { EmitFault } from "./fault.js";
import type { Lower } from "./lower/context.js";
import { LOWERINGS } from "./lower/index.js";
import type { DimMessage, ModelMessage, TensorMessage, ValueInfoMessage } from "./proto.js";
import { EMITTED, elemOf } from "./types.js";

export const MIN_OPSET = 17;
export const MAX_OPSET = 25;
/** Has Attention (23), Gelu (20) and LayerNormalization (17) as single nodes. */
export const DEFAULT_OPSET = 23;
/** ONNX IR version 10 (ONNX 1.16), which ONNX Runtime 1.17 and later read. */
const IR_VERSION = 10;

/** A parameter's or buffer's values, little-endian, in its IR dtype. */
export interface OnnxWeight {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly data: Float32Array | Int32Array | Uint8Array | BigInt64Array;
}

export interface OnnxEmitOptions {
  /** Named values to compute; default every one that ONNX can express. */
  readonly outputs?: readonly string[];
  /** Objectives whose loss to compute (graph outputs `loss.NAME`, as `vlmc run --save-outputs` names them); default none. */
  readonly objectives?: readonly string[];
  /**
   * Instead of named values: one forward mode of one instance (`encoder.vision`, `vision`,
   * `encoder.vision@1` for its second call), as the model calls it.
   */
  readonly mode?: string;
  /** The objectives listed were not asked for by name: leave out (with a warning) those ONNX cannot express. */
  readonly optionalObjectives?: boolean;
  readonly opset?: number;
  /** The values of every parameter owner and buffer the graph reads. */
  readonly weights: (name: string) => OnnxWeight;
  /** For doc strings with line and column (`clip.vlm:14:5`); without it, offsets. */
  readonly sources?: SourceSet;
  readonly fileName?: (file: string) => string;
  readonly producerVersion?: string;
}

export interface OnnxEmitResult {
  /** The model, or undefined when an error stopped the emission. */
  readonly model: ModelMessage | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** Graph output names: the named values, then `loss.NAME` per objective. */
  readonly outputs: readonly string[];
  /** The graph's inputs and outputs with their IR types (symbolic shapes), for reports. */
  readonly signature: { readonly inputs: readonly NamedType[]; readonly outputs: readonly NamedType[] };
}

export interface NamedType {
  readonly name: string;
  readonly type: TensorType;
}

/** The first node a target needs that ONNX cannot express, with why; undefined if none. */
function blocker(ir: IrGraph, root: number, leaves: ReadonlySet<number>): { node: IrNode; reason: string } | undefined {
  for (const id of nodesNeeded(ir, [root], leaves)) {
    if (leaves.has(id)) continue;
    const node = ir.nodes[id]!;
    const reason = refusal(node);
    if (reason) return { node, reason };
  }
  return undefined;
}

function refusal(node: IrNode): string | undefined {
  const def = getOp(node.op);
  // A random op with a lowering is one whose eval form is deterministic (dropout: the identity).
  if (def.random && !LOWERINGS.has(node.op)) return phrase(Diag.OnnxUnsupported, "random");
  if (def.effect) return phrase(Diag.OnnxUnsupported, "effect");
  if (!EMITTED.has(node.type.dtype)) return phrase(Diag.OnnxUnsupported, "dtype", { dtype: node.type.dtype });
  if (!def.source && !LOWERINGS.has(node.op)) return phrase(Diag.OnnxUnsupported, "noLowering");
  return undefined;
}

function where(span: Span, options: OnnxEmitOptions): string {
  return spanText(span, options.sources, options.fileName);
}

/** The spec line of a node, then the instantiations that led to it. */
function docOf(node: IrNode, options: OnnxEmitOptions): string {
  const parts = [where(node.prov.span, options)];
  for (let f = node.prov.frame; f; f = f.parent) parts.push(`${f.label} at ${where(f.site, options)}`);
  return parts.join(" ← ");
}

function valueInfo(name: string, type: TensorType, doc?: string): ValueInfoMessage {
  const dim: DimMessage[] = type.shape.map((d) => (d.value !== undefined ? { dimValue: d.value } : { dimParam: d.toString() }));
  return { name, type: { tensorType: { elemType: elemOf(type.dtype), shape: { dim } } }, ...(doc ? { docString: doc } : {}) };
}

function initializer(name: string, w: OnnxWeight): TensorMessage {
  const bytes = new Uint8Array(w.data.buffer, w.data.byteOffset, w.data.byteLength);
  return { name, dims: [...w.shape], dataType: elemOf(w.dtype), rawData: bytes };
}

/** The cut's outputs that ONNX can express; the rest are errors (asked for by name) or left out with a warning. */
function expressible(ir: IrGraph, cut: Cut, diagnostics: Diagnostic[]): Cut {
  const leaves = new Set(cut.inputs.map((i) => i.node));
  const kept: CutValue[] = [];
  const skipped: string[] = [];
  for (const t of cut.outputs) {
    const b = blocker(ir, t.node, leaves);
    if (!b) kept.push(t);
    else if (!t.explicit) skipped.push(`\`${t.name}\` (${b.node.op})`);
    else diagnostics.push(diagnostic(say(Diag.OnnxUnsupported, "op", { op: b.node.op, reason: b.reason, file: ir.file }), b.node.prov.span));
  }
  if (skipped.length) diagnostics.push(diagnostic(say(Diag.LeftOut, "skipped", { count: skipped.length, names: skipped.join(", ") })));
  // Inputs only the left-out values read are not the graph's.
  const used = new Set(nodesNeeded(ir, kept.map((t) => t.node), leaves));
  return { ...cut, inputs: cut.inputs.filter((i) => used.has(i.node)), outputs: kept };
}

function cutFor(ir: IrGraph, options: OnnxEmitOptions): Cut | Said {
  if (options.mode === undefined) return modelCut(ir, options.outputs, options.objectives, options.optionalObjectives ?? false);
  const calls = forwardCalls(ir);
  const key = resolveMode(ir, options.mode, calls);
  if (typeof key !== "string") return key;
  return callCut(ir, key, calls.get(key)!);
}

export function emitOnnx(ir: IrGraph, options: OnnxEmitOptions): OnnxEmitResult {
  const diagnostics: Diagnostic[] = [];
  const fail = (): OnnxEmitResult => ({ model: undefined, diagnostics, outputs: [], signature: { inputs: [], outputs: [] } });
  const opset = options.opset ?? DEFAULT_OPSET;
  if (!Number.isInteger(opset) || opset < MIN_OPSET || opset > MAX_OPSET) {
    diagnostics.push(diagnostic(say(Diag.OnnxOpset, "range", { opset, min: MIN_OPSET, max: MAX_OPSET, default: DEFAULT_OPSET })));
    return fail();
  }
  const chosen = cutFor(ir, options);
  if (!("outputs" in chosen)) {
    diagnostics.push(diagnostic(chosen));
    return fail();
  }
  const cut = expressible(ir, chosen, diagnostics);
  if (diagnostics.some((d) => d.severity === "error")) return fail();
  if (!cut.outputs.length) {
    diagnostics.push(diagnostic(say(Diag.NothingToEmit, "empty", { model: ir.model })));
    return fail();
  }
  try {
    const named = (v: CutValue): NamedType => ({ name: v.name, type: v.type });
    const signature = { inputs: cut.inputs.map(named), outputs: cut.outputs.map(named) };
    return { model: buildModel(ir, cut, opset, options), diagnostics, outputs: cut.outputs.map((t) => t.name), signature };
  } catch (e) {
    if (!(e instanceof EmitFault)) throw e;
    diagnostics.push(diagnostic(e.said, e.span));
    return fail();
  }
}

function buildModel(ir: IrGraph, cut: Cut, opset: number, options: OnnxEmitOptions): ModelMessage {
  const g = new GraphBuilder();
  const leaves = new Set(cut.inputs.map((i) => i.node));
  const order = nodesNeeded(ir, cut.outputs.map((t) => t.node), leaves);
  const dims = new GraphDims(g, cut.inputs);
  const values = new Map<number, string>();
  const initializers: TensorMessage[] = [];
  const stored = new Set<string>();
  // An output's value is named after it when it is the first output on its node.
  const outputName = new Map<number, string>();
  for (const t of cut.outputs) if (!outputName.has(t.node)) outputName.set(t.node, g.claim(t.name));
  for (const i of cut.inputs) values.set(i.node, g.claim(i.name));

  for (const id of order) {
    const node = ir.nodes[id]!;
    if (leaves.has(id)) continue;
    if (node.op === "input") throw new Error(`input node ${id} is not a graph input (internal error: cuts include every input they read)`);
    if (node.op === "param" || node.op === "buffer") {
      const name = node.op === "param" ? ownerOf(ir, String(node.attrs["name"])) : String(node.attrs["name"]);
      if (!stored.has(name)) {
        stored.add(name);
        initializers.push(initializer(g.claim(name), options.weights(name)));
      }
      values.set(id, name);
      continue;
    }
    values.set(id, lowerNode(ir, node, g, dims, opset, values, outputName.get(id), options));
  }

  const outputs: ValueInfoMessage[] = [];
  for (const t of cut.outputs) {
    const value = values.get(t.node)!;
    if (value !== t.name) g.add("Identity", [value], [t.name], t.name, {}, docOf(ir.nodes[t.node]!, options));
    outputs.push(valueInfo(t.name, t.type));
  }
  const inputInfo = cut.inputs.map((i) => valueInfo(i.name, i.type, docOf(ir.nodes[i.node]!, options)));
  return {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: "", version: opset }],
    producerName: "vlmc",
    producerVersion: options.producerVersion ?? "",
    ...(ir.doc ? { docString: ir.doc } : {}),
    graph: { name: ir.model, node: g.nodes, initializer: initializers, input: inputInfo, output: outputs },
    metadataProps: [
      { key: "vlmc.model", value: ir.model },
      { key: "vlmc.variant", value: ir.variant ?? "" },
      { key: "vlmc.spec", value: options.fileName?.(ir.file) ?? ir.file },
      { key: "vlmc.forward", value: cut.call ? callText(cut.call) : "model" },
      { key: "vlmc.training", value: "false" },
    ],
  };
}

function lowerNode(ir: IrGraph, node: IrNode, g: GraphBuilder, dims: GraphDims, opset: number, values: ReadonlyMap<number, string>, named: string | undefined, options: OnnxEmitOptions): string {
  const lowering = LOWERINGS.get(node.op)!;
  const doc = docOf(node, options);
  const base = `${node.scope || ir.model}/${node.op}`;
  const valueOf = (i: number): string => {
    const v = values.get(i);
    if (v === undefined) throw new Error(`node ${node.id} reads %${i} before it is lowered (internal error)`);
    return v;
  };
  let resultName: string | undefined;
  const ctx: Lower = {
    node,
    ir,
    g,
    dims,
    opset,
    in: (i) => valueOf(node.inputs[i]!),
    maybe: (i) => (node.inputs[i] === undefined || node.inputs[i]! < 0 ? undefined : valueOf(node.inputs[i]!)),
    all: () => node.inputs.filter((i) => i >= 0).map(valueOf),
    type: (i) => ir.nodes[node.inputs[i]!]!.type,
    op: (opType: string, inputs: readonly string[], attrs: Attrs = {}) => {
      const out = g.unique(`${base}/${opType}`);
      g.add(opType, inputs, [out], out, attrs, doc);
      return out;
    },
    ops: (opType: string, inputs: readonly string[], count: number, attrs: Attrs = {}) => {
      const outs = Array.from({ length: count }, (_, i) => g.unique(`${base}/${opType}.${i}`));
      g.add(opType, inputs, outs, `${base}/${opType}`, attrs, doc);
      return outs;
    },
    result: (opType: string, inputs: readonly string[], attrs: Attrs = {}) => {
      if (resultName) throw new Error(`${node.op} lowering made two results (internal error)`);
      resultName = named ?? g.unique(base);
      g.add(opType, inputs, [resultName], base, attrs, doc);
      return resultName;
    },
  };
  try {
    return lowering(ctx);
  } catch (e) {
    if (e instanceof EmitFault && !e.span) e.span = node.prov.span;
    throw e;
  }
}
