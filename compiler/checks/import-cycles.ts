// Import cycles: the import graph is acyclic, so every file can be understood from what it
// imports. Reported once per cycle, at the import that closes it.
import { Diag } from "../diagnostics/catalog.js";
import { say } from "../diagnostics/template.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Program } from "../resolve/program.js";

export function checkImportCycles(program: Program): Diagnostic[] {
  const out: Diagnostic[] = [];
  const state = new Map<string, "active" | "done">();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, "active");
    stack.push(file);
    for (const imp of program.modules.get(file)?.imports ?? []) {
      if (!imp.file) continue;
      const s = state.get(imp.file);
      if (s === "active") {
        const cycle = [...stack.slice(stack.indexOf(imp.file)), imp.file];
        out.push(
          diagnostic(say(Diag.ImportCycle, "cycle", { cycle: cycle.join(" → ") }), imp.decl.span),
        );
      } else if (s === undefined) visit(imp.file);
    }
    stack.pop();
    state.set(file, "done");
  };
  visit(program.entry);
  return out;
}
