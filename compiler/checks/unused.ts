// Unused declarations (warnings): every instance is called or has a parameter read somewhere,
// and every parameter of a used instance is read. An unused instance still counts in the
// parameter total, which is rarely what the author meant.
import { Diag } from "../diagnostics/catalog.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { IrGraph } from "../ir/types.js";

export function checkUnused(ir: IrGraph): Diagnostic[] {
  const read = new Set<string>();
  const consumers = new Array<number>(ir.nodes.length).fill(0);
  for (const n of ir.nodes) for (const i of n.inputs) if (i >= 0) consumers[i]!++;
  for (const n of ir.nodes) if (n.op === "param" && consumers[n.id]! > 0) read.add(n.attrs["name"] as string);

  const used = new Map<string, boolean>();
  const isUsed = (path: string): boolean => {
    const known = used.get(path);
    if (known !== undefined) return known;
    const inst = ir.instances.get(path)!;
    const u = inst.calls > 0 || inst.params.some((p) => read.has(p)) || inst.children.some((c) => isUsed(c));
    used.set(path, u);
    return u;
  };

  const out: Diagnostic[] = [];
  const visit = (path: string): void => {
    const inst = ir.instances.get(path)!;
    if (path !== "" && !isUsed(path)) {
      out.push(
        diagnostic(Diag.UnusedInstance, `instance \`${path}\` (${inst.block}) is never used`, inst.span, {
          hint: "call it, or remove it: its parameters still count in the total",
        }),
      );
      return;
    }
    for (const p of inst.params) {
      if (read.has(p)) continue;
      const param = ir.params.get(p)!;
      out.push(diagnostic(Diag.UnusedParam, `parameter \`${p}\` is never read`, param.span, { hint: "use it in a forward or remove it" }));
    }
    for (const c of inst.children) visit(c);
  };
  visit("");
  return out;
}
