// One side of a diff, read off the checked IR and its summary into the facts the diff compares:
// the module tree with each module's counts and a structural signature (what lets a renamed or
// moved block be recognised), the objectives as the spec declares them, and the stages.
import { createHash } from "node:crypto";
import type { Span } from "../diagnostics/span.js";
import { summarize, type Summary, type SummaryRow } from "../analysis/summary.js";
import type { IrGraph, IrNode, TensorType } from "../ir/types.js";
import type { ObjectiveView } from "./report.js";

export interface ModuleView {
  readonly path: string;
  /** The last part of the path ("" for the model). */
  readonly name: string;
  readonly parent: string | undefined;
  readonly children: readonly string[];
  readonly block: string;
  readonly depth: number;
  readonly row: SummaryRow;
  /** Parameters it declares directly, by their name relative to it, with their shapes. */
  readonly own: ReadonlyMap<string, string>;
  /** Hash of block, own parameters and the children's names and signatures: equal subtrees, equal signatures. */
  readonly signature: string;
  /** Types of the tensor arguments of its first call (`f32[B, 197, 768], i32[B, 30]`), or null if never called. */
  readonly input: string | null;
  /** Whether it is a momentum (EMA) copy of another instance. */
  readonly momentum: boolean;
  /** Relative parameter names with shapes over the whole subtree (`attn.q.weight:768x768`), for similarity. */
  readonly contents: ReadonlySet<string>;
}

export interface ModelView {
  readonly ir: IrGraph;
  readonly summary: Summary;
  readonly modules: ReadonlyMap<string, ModuleView>;
  readonly objectives: ReadonlyMap<string, ObjectiveView>;
}

/** A source file's text by the name spans use, when the side's sources are at hand. */
export type SourceOf = (file: string) => string | undefined;

const shapeText = (shape: readonly number[]): string => shape.join("x");
const typeText = (t: TensorType): string => `${t.dtype}[${t.shape.map((d) => d.toString()).join(", ")}]`;

function relative(base: string, path: string): string {
  return base === "" ? path : path.slice(base.length + 1);
}

function buildModules(ir: IrGraph, summary: Summary): Map<string, ModuleView> {
  const rows = new Map(summary.rows.filter((r) => r.kind === "instance").map((r) => [r.path, r]));
  const out = new Map<string, ModuleView>();
  const visit = (path: string, depth: number): ModuleView => {
    const inst = ir.instances.get(path)!;
    const own = new Map<string, string>();
    for (const p of inst.params) own.set(relative(path, p), shapeText(ir.params.get(p)!.shape));
    const children = inst.children.map((c) => visit(c, depth + 1));
    const contents = new Set<string>([...own].map(([k, v]) => `${k}:${v}`));
    for (const c of children) for (const item of c.contents) contents.add(`${c.name}.${item}`);
    const hash = createHash("sha1").update(`${inst.block}${inst.emaOf === undefined ? "" : " (momentum)"}`);
    for (const [k, v] of [...own].sort()) hash.update(`|${k}:${v}`);
    for (const c of children) hash.update(`|${c.name}=${c.signature}`);
    const view: ModuleView = {
      path,
      name: path === "" ? "" : path.split(".").pop()!,
      parent: inst.parent,
      children: inst.children,
      block: inst.block,
      depth,
      row: rows.get(path)!,
      own,
      signature: hash.digest("hex"),
      momentum: inst.emaOf !== undefined,
      input: inst.firstInput ? inst.firstInput.map(typeText).join(", ") : null,
      contents,
    };
    out.set(path, view);
    return view;
  };
  visit("", 0);
  return out;
}

// Attributes that only place a value (axes, names, dtypes) say nothing about what a loss computes.
const PLACEMENT_ATTRS = new Set(["axis", "axes", "a", "b", "dtype", "name", "perm", "start", "end", "step", "index", "keepdims"]);

/** The values a loss is configured by: constants and scalar attributes in its own subgraph. */
function objectiveSettings(ir: IrGraph, loss: number): Record<string, string> {
  const seen = new Set<number>();
  const stack = [loss];
  const values = new Map<string, Set<string>>();
  const note = (key: string, value: string): void => {
    if (!values.has(key)) values.set(key, new Set());
    values.get(key)!.add(value);
  };
  while (stack.length) {
    const id = stack.pop()!;
    if (id < 0 || seen.has(id)) continue;
    seen.add(id);
    const n: IrNode = ir.nodes[id]!;
    // Module forwards are the model, compared as modules; sources are compared elsewhere.
    if (n.scope !== "" || n.op === "param" || n.op === "input" || n.op === "buffer") continue;
    if (n.op === "constant") note("constants", String(n.attrs["value"]));
    else {
      for (const [k, v] of Object.entries(n.attrs)) {
        // Scalars and dims only: lists are shapes and axes, not settings.
        if (PLACEMENT_ATTRS.has(k) || v === null || Array.isArray(v)) continue;
        note(`${n.op}.${k}`, String(v));
      }
    }
    for (const i of n.inputs) stack.push(i);
  }
  const numeric = (s: string): number => (Number.isNaN(Number(s)) ? Infinity : Number(s));
  return Object.fromEntries(
    [...values]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => [k, [...v].sort((x, y) => numeric(x) - numeric(y) || (x < y ? -1 : x > y ? 1 : 0)).join(", ")]),
  );
}

/**
 * The expression of `objective NAME = EXPR [weight W]`, given the span of NAME: from after the
 * `=` to the end of the line where every bracket has closed, without comments or the weight.
 */
function declaredExpression(text: string, nameSpan: Span): string {
  let i = nameSpan.end;
  while (i < text.length && /[\s=]/.test(text[i]!)) i++;
  let depth = 0;
  let out = "";
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (c === "#" && depth === 0) break;
    if (c === "\n" && depth === 0) break;
    if ("([{".includes(c)) depth++;
    if (")]}".includes(c)) depth--;
    out += c;
  }
  return out.replace(/\s+/g, " ").replace(/\s+weight\s+[^()]*$/, "").trim();
}

function objectiveViews(ir: IrGraph, sourceOf: SourceOf): Map<string, ObjectiveView> {
  const out = new Map<string, ObjectiveView>();
  for (const o of ir.objectives) {
    const text = sourceOf(o.span.file);
    const expr = text === undefined ? "" : declaredExpression(text, o.span);
    const call = /^([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(expr);
    out.set(o.name, { fn: call ? call[1]! : "", expr, weight: o.weight, settings: objectiveSettings(ir, o.node) });
  }
  return out;
}

/** `dims` binds input dimensions for FLOP counts (B defaults to 1), as `vlmc summary --dim` does. */
export function modelView(ir: IrGraph, sourceOf: SourceOf, dims: Readonly<Record<string, number>> = {}): ModelView {
  const summary = summarize(ir, { dims });
  return { ir, summary, modules: buildModules(ir, summary), objectives: objectiveViews(ir, sourceOf) };
}
