// Unused declarations (warnings): every instance is called or has a parameter read somewhere,
// and every parameter of a used instance is read. An unused instance still counts in the
// parameter total, which is rarely what the author meant. Momentum copies are exempt: a copy
// mirrors every parameter of its source, used or not; so are parameters declared `checkpoint`
// (kept to match a checkpoint), and the hint offers that declaration. Repeated layers report once
// (`layers[*].cross_attn`), not once per layer.
import type { Span } from "../../grammar/ast.js";
import { Diag } from "../diagnostics/catalog.js";
import { say } from "../diagnostics/template.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { IrGraph } from "../ir/types.js";

/** `encoder.layers.3.cross_attn` → `encoder.layers[*].cross_attn`. */
function pattern(path: string): string {
  return path.replace(/\.(\d+)(?=\.|$)/g, "[*]");
}

/** The member's name as its declaration writes it: `encoder.pos` → `pos`, `encoder.layers.3` → `layers`. */
function member(path: string): string {
  return path.split(".").filter((s) => !/^\d+$/.test(s)).pop() ?? path;
}

class Grouped {
  private readonly groups = new Map<string, { first: string; span: Span; count: number; what: string }>();
  add(path: string, span: Span, what: string): void {
    const key = pattern(path);
    const g = this.groups.get(key);
    if (g) g.count++;
    else this.groups.set(key, { first: path, span, count: 1, what });
  }
  diagnostics(kind: typeof Diag.UnusedInstance | typeof Diag.UnusedParam): Diagnostic[] {
    return [...this.groups].map(([key, g]) =>
      diagnostic(
        g.count === 1 ? say(kind, "one", { name: g.first, where: g.what, member: member(g.first) }) : say(kind, "many", { pattern: key, where: g.what, count: g.count, member: member(g.first) }),
        g.span,
      ),
    );
  }
}

export function checkUnused(ir: IrGraph): Diagnostic[] {
  const read = new Set<string>();
  const consumers = new Array<number>(ir.nodes.length).fill(0);
  for (const n of ir.nodes) for (const i of n.inputs) if (i >= 0) consumers[i]!++;
  // A shared tensor is read when any of its names is read.
  const owner = (name: string): string => ir.params.get(name)?.sharedWith ?? name;
  for (const n of ir.nodes) if (n.op === "param" && consumers[n.id]! > 0) read.add(owner(n.attrs["name"] as string));

  const used = new Map<string, boolean>();
  const isUsed = (path: string): boolean => {
    const known = used.get(path);
    if (known !== undefined) return known;
    const inst = ir.instances.get(path)!;
    // An instance whose parameters are all kept for a checkpoint is used as declared.
    const kept = inst.params.length > 0 && inst.params.every((p) => ir.params.get(p)!.checkpoint) && inst.children.every((c) => isUsed(c));
    const u = kept || inst.calls > 0 || inst.params.some((p) => read.has(owner(p))) || inst.children.some((c) => isUsed(c));
    used.set(path, u);
    return u;
  };

  const instances = new Grouped();
  const params = new Grouped();
  const visit = (path: string): void => {
    const inst = ir.instances.get(path)!;
    if (inst.emaOf !== undefined) return;
    // An empty list of layers has nothing to call: empty-repeats.ts says why it is empty.
    if (inst.block === "list" && inst.children.length === 0) return;
    if (path !== "" && !isUsed(path)) {
      instances.add(path, inst.span, ` (${inst.block})`);
      return;
    }
    for (const p of inst.params) if (!read.has(owner(p)) && !ir.params.get(p)!.checkpoint) params.add(p, ir.params.get(p)!.span, "");
    for (const c of inst.children) visit(c);
  };
  visit("");
  const inputs = ir.inputs
    .filter((i) => consumers[i.node] === 0)
    .map((i) => diagnostic(say(Diag.UnusedInput, "unused", { name: i.name }), i.span));
  return [
    ...inputs,
    ...instances.diagnostics(Diag.UnusedInstance),
    ...params.diagnostics(Diag.UnusedParam),
  ];
}
