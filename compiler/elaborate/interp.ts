// The interpreter's state for one model: the graph under construction, diagnostics, the
// current provenance frame (which instance's forward is running, called from where), and
// limits that keep a runaway spec from hanging the compiler.
import type { Span } from "../../grammar/ast.js";
import { Diag, type DiagnosticKind } from "../diagnostics/catalog.js";
import { diagnostic, type Diagnostic, type RelatedInfo } from "../diagnostics/diagnostic.js";
import { type Said, recode, say } from "../diagnostics/template.js";
import type { ElaborationLimits } from "../context.js";
import { GraphBuilder } from "../ir/builder.js";
import { callBase, fnFrame, KeyFrame, MODEL_FRAME, opKey } from "../ir/keys.js";
import { getOp, ShapeFault } from "../ir/ops.js";
import type { AttrValue, Frame } from "../ir/types.js";
import type { ModuleScope } from "../resolve/scope.js";
import { DimFault } from "../shapes/dim.js";
import { Env } from "./env.js";
import { Marks } from "./marks.js";
import type { Instance } from "./instance.js";
import { ERROR, tensor, type Value } from "./values.js";

/** Where a new instance goes: `owner.name`. Only a body-level assignment provides one. */
export interface Naming {
  readonly name: string;
  readonly owner: Instance;
  readonly span: Span;
  readonly doc?: string;
}

export const FAULT_CODES = {
  shape: Diag.ShapeMismatch,
  dtype: Diag.DtypeMismatch,
  rank: Diag.RankMismatch,
  index: Diag.IndexOutOfRange,
  divisible: Diag.NotDivisible,
  dim: Diag.BadDim,
  attr: Diag.ArgumentType,
} as const satisfies Record<ShapeFault["kind"], DiagnosticKind>;

const MAX_RELATED_FRAMES = 8;

export class Interp {
  readonly g = new GraphBuilder();
  readonly diags: Diagnostic[] = [];
  readonly instances = new Map<string, Instance>();
  /** Owner → names of its aliases, while sharing is being resolved. */
  readonly aliases = new Map<string, string[]>();
  frame: Frame | undefined;
  keyFrame = new KeyFrame(MODEL_FRAME);
  /** Calls made so far per `scope:mode`, for stable keys. */
  private readonly callCounts = new Map<string, number>();
  scope = "";
  mode = "";
  depth = 0;
  /** Set while evaluating the top-level call of an objective, whose argument mismatches are VLM5002. */
  objectiveCall: unknown = undefined;
  aborted = false;
  /** Expressions evaluated so far (see ElaborationLimits.maxSteps). */
  steps = 0;
  private readonly moduleEnvs = new Map<string, Env>();

  /** Where each alias was made, for "already shared" notes. */
  readonly shareSites = new Map<string, Span>();
  /** `frozen` and `checkpoint` marks, applied to the parameters once sharing is resolved. */
  readonly marks = new Marks();

  constructor(
    readonly scopes: ReadonlyMap<string, ModuleScope>,
    readonly limits: ElaborationLimits,
    /** Is this file part of the std library (not the user's spec)? */
    readonly isLibrary: (file: string) => boolean = () => false,
  ) {}

  /** The top-level declarations of a file as values. */
  moduleEnv(file: string): Env {
    let env = this.moduleEnvs.get(file);
    if (!env) {
      env = new Env(undefined);
      const scope = this.scopes.get(file);
      for (const [name, d] of scope?.visible ?? []) {
        if (d.kind === "block") env.set(name, { k: "block", decl: d.decl, module: this.scopes.get(d.file)! });
        else if (d.kind === "fn") env.set(name, { k: "fn", decl: d.decl, module: this.scopes.get(d.file)! });
      }
      this.moduleEnvs.set(file, env);
    }
    return env;
  }

  /** The instantiation/call chain, innermost first, as related notes. */
  frameNotes(): RelatedInfo[] {
    const out: RelatedInfo[] = [];
    for (let f = this.frame; f && out.length < MAX_RELATED_FRAMES; f = f.parent) out.push({ message: f.label, span: f.site, frame: true });
    return out;
  }

  /** Records a catalog sentence (`say(Diag.X, …)`) with the instantiation chain; `opts.hint` replaces its own hint. */
  report(said: Said, span: Span | undefined, opts: { related?: RelatedInfo[]; hint?: string | undefined } = {}): Value {
    this.diags.push(
      diagnostic(said, span, {
        related: [...(opts.related ?? []), ...this.frameNotes()],
        ...(opts.hint ? { hint: opts.hint } : {}),
      }),
    );
    return ERROR;
  }

  pushFrame(label: string, site: Span, call?: string): Frame | undefined {
    const saved = this.frame;
    this.frame = call === undefined ? { parent: saved, label, site } : { parent: saved, label, site, call };
    return saved;
  }

  /** Enters the key frame of a forward call (`scope:mode@k`), a fn call, or an instantiation; returns the one to restore. */
  enterKeyFrame(kind: "forward" | "fn" | "init", name: string, mode = ""): KeyFrame {
    const saved = this.keyFrame;
    if (kind === "fn") this.keyFrame = fnFrame(saved, name);
    else if (kind === "init") this.keyFrame = new KeyFrame(`${name || MODEL_FRAME}:init`);
    else {
      const base = callBase(name, mode);
      const k = this.callCounts.get(base) ?? 0;
      this.callCounts.set(base, k + 1);
      this.keyFrame = new KeyFrame(`${base}@${k}`);
    }
    return saved;
  }

  /** The stable key of a node about to be emitted. Sources are keyed by what they read. */
  nodeKey(op: string, attrs: Record<string, AttrValue>): string {
    if (op === "input" || op === "param" || op === "buffer") return `${op}:${String(attrs["name"])}`;
    return opKey(this.keyFrame, op);
  }

  /** Where a tensor value came from, for "related" notes. */
  origin(v: Value, what: string): RelatedInfo[] {
    if (v.k !== "tensor") return [];
    const node = this.g.nodes[v.id];
    return node ? [{ message: `${what} comes from here`, span: node.prov.span }] : [];
  }

  /** Counts one evaluation step; past the budget, reports once and stops elaboration. */
  step(span: Span): boolean {
    if (this.aborted) return false;
    if (++this.steps <= this.limits.maxSteps) return true;
    this.aborted = true;
    this.report(say(Diag.ElaborationLimit, "steps", { max: this.limits.maxSteps.toLocaleString("en-US") }), span);
    return false;
  }

  /** Appends an op node; a shape fault becomes a diagnostic naming where each operand came from. */
  /** `override` replaces the code of shape faults (an objective's own call: VLM5002). */
  emit(op: string, inputs: readonly Value[], attrs: Record<string, AttrValue>, span: Span, override?: DiagnosticKind): Value {
    if (this.aborted) return ERROR;
    if (inputs.some((v) => v.k === "error")) return ERROR;
    if (this.g.nodes.length >= this.limits.maxNodes) {
      this.aborted = true;
      return this.report(say(Diag.ElaborationLimit, "nodes", { max: this.limits.maxNodes.toLocaleString("en-US") }), span);
    }
    const ids = inputs.map((v) => (v.k === "tensor" ? v.id : -1));
    try {
      const node = this.g.add(op, ids, attrs, { span, frame: this.frame }, this.scope, this.mode, this.nodeKey(op, attrs));
      const negative = node.type.shape.find((d) => d.value !== undefined && d.value < 0);
      if (negative) return this.report(say(Diag.BadDim, "negativeSize", { op, shape: node.type.shape.map(String).join(", ") }), span);
      return tensor(node.id, node.type);
    } catch (e) {
      return this.reportFault(e, inputs, span, override);
    }
  }

  /**
   * An op that is the identity for these attributes (a zero dropout rate): its shape rule still
   * checks the call, but no node is emitted and the first input is the result.
   */
  passThrough(op: string, inputs: readonly Value[], attrs: Record<string, AttrValue>, span: Span, override?: DiagnosticKind): Value {
    if (this.aborted) return ERROR;
    if (inputs.some((v) => v.k === "error")) return ERROR;
    try {
      getOp(op).shape(
        inputs.map((v) => (v.k === "tensor" ? v.type : undefined)),
        attrs,
      );
      return inputs[0]!;
    } catch (e) {
      return this.reportFault(e, inputs, span, override);
    }
  }

  /** A shape or dimension fault of an op call as a diagnostic naming where each operand came from. */
  private reportFault(e: unknown, inputs: readonly Value[], span: Span, override?: DiagnosticKind): Value {
    if (e instanceof ShapeFault) {
      const related = e.operands.flatMap((i) => (inputs[i] ? this.origin(inputs[i]!, `operand ${i + 1}`) : []));
      const said = say(FAULT_CODES[e.kind], "shapeRule", { message: e.message });
      return this.report(recode(said, e.kind !== "attr" ? override : undefined), span, { related, hint: e.hint });
    }
    if (e instanceof DimFault) return this.report(say(e.kind === "divisible" ? Diag.NotDivisible : Diag.BadDim, "dimArithmetic", { message: e.message }), span);
    throw e;
  }
}
