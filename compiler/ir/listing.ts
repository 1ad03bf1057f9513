// The readable listing of an IR (`vlmc ir FILE` without --json): the inputs with their data
// sources, then one line per node —
//   %12 = linear(%10, %11, %3) : f32[B, 50, 768]  visual.vit.layers.0.attn.q  clip.vlm:14:5
// with attributes as keyword arguments, then the parameters, buffers, post-step updates,
// objectives, stages and run-time assertions. Locations use the names `fileName` gives (relative
// to the spec's folder in the CLI), so the listing does not depend on the working directory.
import type { Span } from "../diagnostics/span.js";
import { spanText, type SourceSet } from "../diagnostics/source-text.js";
import { Dim } from "../shapes/dim.js";
import { sourceText } from "./sources.js";
import type { AttrValue, InitSpec, IrGraph, IrNode, IrUpdate, TensorType } from "./types.js";

function typeText(t: TensorType): string {
  return `${t.dtype}[${t.shape.map(String).join(", ")}]`;
}

function attrText(v: AttrValue): string {
  if (v === null) return "none";
  if (v instanceof Dim) return v.toString();
  if (Array.isArray(v)) return `[${v.map(attrText).join(", ")}]`;
  if (typeof v === "string") return JSON.stringify(v);
  return String(v);
}

function initText(init: InitSpec): string {
  const args = Object.entries(init.args);
  return args.length === 0 ? init.kind : `${init.kind}(${args.map(([k, v]) => `${k}: ${v}`).join(", ")})`;
}

const SOURCES = new Set(["input", "param", "buffer"]);

function nodeText(n: IrNode): string {
  if (SOURCES.has(n.op)) return `%${n.id} = ${n.op} ${String(n.attrs["name"])}`;
  const operands = n.inputs.map((i) => (i < 0 ? "none" : `%${i}`));
  const attrs = Object.entries(n.attrs).map(([k, v]) => `${k}: ${attrText(v)}`);
  return `%${n.id} = ${n.op}(${[...operands, ...attrs].join(", ")})`;
}

function updateText(u: IrUpdate): string {
  if (u.kind === "ema") return `ema      ${u.param} tracks ${u.source} (decay ${u.decay})`;
  return `enqueue  ${u.queue} ← rows of %${u.value} at ${u.pointer}, which then advances (%${u.node})`;
}

export function formatIrListing(ir: IrGraph, sources: SourceSet, fileName: (file: string) => string = (f) => f): string {
  const where = (s: Span): string => spanText(s, sources, fileName);
  const out: string[] = [];
  const variant = ir.variant === undefined ? "" : `, variant ${ir.variant}`;
  out.push(`${ir.model} (${fileName(ir.file)}${variant}): ${ir.nodes.length} nodes, ${ir.params.size} parameters`);
  out.push("", `inputs (${ir.inputs.length}):`);
  for (const i of ir.inputs) {
    const from = i.source ? `from ${sourceText(i.source)}` : "no data source";
    out.push(`  ${i.name} : ${typeText(ir.nodes[i.node]!.type)}  ${from}  ${where(i.span)}`);
  }
  out.push("", "nodes:");
  for (const n of ir.nodes) out.push(`  ${nodeText(n)} : ${typeText(n.type)}  ${n.scope || "(model)"}${n.mode ? ` [${n.mode}]` : ""}  ${where(n.prov.span)}`);

  out.push("", `params (${ir.params.size}):`);
  for (const p of ir.params.values()) {
    const relation = p.sharedWith !== undefined ? `  ${p.shareKind === "tie" ? "tied to" : "shared with"} ${p.sharedWith}` : p.emaOf !== undefined ? `  momentum copy of ${p.emaOf}` : "";
    out.push(`  ${p.name} : ${p.dtype}[${p.shape.join(", ")}]  init ${initText(p.init)}${relation}  ${where(p.span)}`);
  }
  const section = (title: string, lines: readonly string[]): void => {
    out.push("", `${title} (${lines.length}):`, ...lines.map((l) => `  ${l}`));
  };
  section(
    "buffers",
    [...ir.buffers.values()].map((b) => `${b.name} : ${b.dtype}[${b.shape.join(", ")}]  init ${initText(b.init)}  ${b.role}${b.pointer ? ` (pointer ${b.pointer})` : ""}  ${where(b.span)}`),
  );
  section("updates after each step", ir.updates.map(updateText));
  section(
    "objectives",
    ir.objectives.map((o) => `${o.name} = %${o.node}  weight ${o.weight}  ${where(o.span)}`),
  );
  section(
    "stages",
    ir.stages.map((s) => `${s.name}: objectives ${s.objectives.join(", ") || "(none)"}; frozen ${s.frozen.length === 0 ? "(none)" : `${s.frozen.length} parameters`}`),
  );
  if (ir.assertions.length > 0) section("checked when run", ir.assertions.map((a) => `${a.lhs} ${a.op} ${a.rhs}: ${a.message}  ${where(a.span)}`));
  return out.join("\n") + "\n";
}
