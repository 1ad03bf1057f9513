// The IR: a typed dataflow graph of primitive ops, the parameters they read, the instance tree
// that owns those parameters, and the model's objectives, stages and groups. Built once by the
// elaborator and never edited afterwards; every later stage (checks, analysis, runtime, emit)
// reads it. Shapes are symbolic (compiler/shapes/dim.ts); parameter shapes are concrete.
import type { Span } from "../diagnostics/span.js";
import type { Dim } from "../shapes/dim.js";

export type DType = "f32" | "f16" | "bf16" | "i32" | "i64" | "bool";
export const DTYPES: readonly DType[] = ["f32", "f16", "bf16", "i32", "i64", "bool"];

export function isFloat(d: DType): boolean {
  return d === "f32" || d === "f16" || d === "bf16";
}

export function isInt(d: DType): boolean {
  return d === "i32" || d === "i64";
}

export interface TensorType {
  readonly dtype: DType;
  readonly shape: readonly Dim[];
}

export type AttrValue = number | boolean | string | Dim | null | readonly AttrValue[];
export type Attrs = Readonly<Record<string, AttrValue>>;

/** One frame of "instantiated from": which instance's forward (or which fn) was running, called where. */
export interface Frame {
  readonly parent: Frame | undefined;
  /** Instance path (`decoder.layers.3.self_attn`) or `fn name` for a function. */
  readonly label: string;
  /** The call (or instantiation) site in its caller. */
  readonly site: Span;
  /**
   * For a forward call, its key frame `scope:mode@k` (the k-th call of that instance's mode):
   * every node the call emits, however deeply nested, has this frame in its chain, so a call's
   * whole subgraph can be found (exporting one forward mode).
   */
  readonly call?: string;
}

export interface Provenance {
  readonly span: Span;
  readonly frame: Frame | undefined;
}

export interface IrNode {
  /** Dense, topologically ordered: every input id is smaller than the node's id. */
  readonly id: number;
  /**
   * Stable identity: `scope:mode@call` of the forward that emitted it, `/fn@k` for each fn call
   * inside, then `/op.k` (its ordinal among that op in the frame); sources are `param:NAME`,
   * `input:NAME`, `buffer:NAME`. Unlike `id`, it survives edits elsewhere in the spec; random
   * ops draw from a stream keyed by it (and the run's seed), so runs reproduce.
   */
  readonly key: string;
  readonly op: string;
  /** Node ids; -1 marks an absent optional input. */
  readonly inputs: readonly number[];
  readonly attrs: Attrs;
  readonly type: TensorType;
  /** The instance whose forward emitted this node ("" for the model body). */
  readonly scope: string;
  /** The mode (named forward) that was running, or "" for the default forward. */
  readonly mode: string;
  readonly prov: Provenance;
}

/** An initialiser from the closed set in compiler/ir/init.ts, with its arguments. */
export interface InitSpec {
  readonly kind: string;
  readonly args: Readonly<Record<string, number>>;
}

export interface IrParam {
  /** Canonical hierarchical name: `decoder.layers.3.cross_attn.q.weight`. */
  readonly name: string;
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly init: InitSpec;
  /** The instance that declares it ("" for a model-level parameter). */
  readonly instance: string;
  /** The parameter this one is an alias of (the owner of its share group); undefined if it owns itself. */
  readonly sharedWith?: string;
  /** How the alias arose. */
  readonly shareKind?: "share" | "tie";
  /** For a momentum (EMA) copy: the parameter it tracks. */
  readonly emaOf?: string;
  /**
   * Declared `frozen` in the model (on it, an instance above it, or a `frozen` pattern): never
   * trained, in any stage; its shared tensor with it.
   */
  readonly frozen?: true;
  /** Declared `checkpoint`: kept to match a checkpoint, so no forward need read it. */
  readonly checkpoint?: true;
  readonly span: Span;
  readonly doc?: string;
}

/** The marks a parameter carries in the IR's JSON form (`marks: ["frozen"]`). */
export const PARAM_MARKS = ["frozen", "checkpoint"] as const;

export interface IrInstance {
  /** `vision.layers.3`; "" is the model itself. */
  readonly path: string;
  /** Block name, or "list" for a comprehension of instances. */
  readonly block: string;
  readonly parent: string | undefined;
  readonly children: readonly string[];
  /** Names of the parameters it declares directly. */
  readonly params: readonly string[];
  /** Number of forward calls made on it (FLOPs are counted at every call). */
  readonly calls: number;
  /** Tensor arguments of its first call, in order (its input interface, for diffs). */
  readonly firstInput?: readonly TensorType[];
  /** Output shape of its first call, for the summary. */
  readonly firstOutput?: readonly TensorType[];
  /** Set for a momentum copy: the instance it tracks, and its decay. */
  readonly emaOf?: string;
  readonly emaDecay?: number;
  readonly span: Span;
  readonly doc?: string;
}

export interface IrObjective {
  readonly name: string;
  /** The scalar loss node. */
  readonly node: number;
  readonly weight: number;
  readonly span: Span;
  readonly doc?: string;
}

export interface IrStage {
  readonly name: string;
  readonly objectives: readonly string[];
  /** Parameter names (owners and aliases as written) frozen in this stage. */
  readonly frozen: readonly string[];
  readonly span: Span;
  readonly doc?: string;
}

export interface IrGroup {
  readonly name: string;
  /** Owner parameter names in the group. */
  readonly params: readonly string[];
  readonly span: Span;
}

/** The name of the configuration without a variant, as `published … for default` writes it. */
export const DEFAULT_CONFIGURATION = "default";

/** A figure the spec claims to reproduce (see `published` in the language). */
export interface IrPublished {
  readonly name: string;
  readonly value: number;
  readonly tolerance: number;
  /** Owner parameters counted, or undefined for every learned parameter. */
  readonly params: readonly string[] | undefined;
  /** The patterns as written, for reports. */
  readonly over: readonly string[];
  readonly span: Span;
  readonly doc?: string;
}

/** A value of a data source's argument: a number, a name ("bicubic") or one number per channel. */
export type SourceValue = number | string | readonly number[];

/** Where an input's values come from in an image–caption dataset (compiler/ir/sources.ts), every argument given. */
export interface IrSource {
  readonly kind: string;
  readonly args: Readonly<Record<string, SourceValue>>;
}

export interface IrInput {
  readonly name: string;
  readonly node: number;
  /** Declared with `from`; absent: only synthetic values or an --inputs file can feed it. */
  readonly source?: IrSource;
  readonly span: Span;
}

/**
 * Non-learned state. A `queue` is a ring buffer of rows (momentum features) that `enqueue`
 * writes after each training step, at the row its `pointer` buffer (an i32[] scalar) names.
 */
export interface IrBuffer {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly init: InitSpec;
  readonly role: "queue" | "pointer";
  /** For a queue: the name of its pointer buffer. */
  readonly pointer?: string;
  readonly span: Span;
}

/**
 * State changes applied after an optimiser step, in order: momentum (EMA) copies track their
 * source (`param ← decay·param + (1 − decay)·source`, owners only), and queues take the rows of
 * a node's value at their pointer, which then advances (wrapping around).
 */
export type IrUpdate =
  | { readonly kind: "ema"; readonly param: string; readonly source: string; readonly decay: number }
  | { readonly kind: "enqueue"; readonly queue: string; readonly pointer: string; readonly value: number; readonly node: number };

/** A condition on input dims that could not be decided at compile time: checked when run. */
export interface IrAssertion {
  readonly message: string;
  readonly lhs: Dim;
  readonly op: "==" | "!=" | "<" | "<=" | ">" | ">=";
  readonly rhs: Dim;
  readonly span: Span;
}

export interface IrGraph {
  readonly model: string;
  readonly file: string;
  readonly variant: string | undefined;
  readonly hypers: Readonly<Record<string, number | boolean | string>>;
  readonly doc?: string;
  readonly inputs: readonly IrInput[];
  readonly nodes: readonly IrNode[];
  readonly params: ReadonlyMap<string, IrParam>;
  readonly buffers: ReadonlyMap<string, IrBuffer>;
  readonly instances: ReadonlyMap<string, IrInstance>;
  readonly objectives: readonly IrObjective[];
  readonly stages: readonly IrStage[];
  readonly groups: readonly IrGroup[];
  readonly published: readonly IrPublished[];
  /** Side effects to apply after a training step (queue updates), as node ids. */
  readonly effects: readonly number[];
  /** What changes after each optimiser step (EMA copies, queue writes). */
  readonly updates: readonly IrUpdate[];
  readonly assertions: readonly IrAssertion[];
  /** Named values of the model body (tensors), for tools: `image_embed` → node id. */
  readonly outputs: ReadonlyMap<string, number>;
}

/** The owner of a parameter's share group (itself if it is not an alias). */
export function ownerOf(graph: IrGraph, name: string): string {
  return graph.params.get(name)?.sharedWith ?? name;
}
