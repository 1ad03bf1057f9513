// Freezing shared parameters: within a stage, all names of one shared tensor are frozen or none
// is. Freezing `decoder.bert.**` while training `encoder.**` would train the decoder's
// cross-attention through the encoder anyway — the freeze would silently not hold.
import { Diag } from "../diagnostics/catalog.js";
import { phrase, say } from "../diagnostics/template.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { IrGraph } from "../ir/types.js";

export function checkStageFreezing(ir: IrGraph): Diagnostic[] {
  const members = new Map<string, string[]>();
  for (const p of ir.params.values()) {
    const owner = p.sharedWith ?? p.name;
    const list = members.get(owner) ?? [];
    list.push(p.name);
    members.set(owner, list);
  }
  const out: Diagnostic[] = [];
  for (const stage of ir.stages) {
    const frozen = new Set(stage.frozen);
    const conflicts: [string, string][] = [];
    for (const names of members.values()) {
      if (names.length < 2) continue;
      const f = names.find((n) => frozen.has(n));
      const t = names.find((n) => !frozen.has(n));
      if (f && t) conflicts.push([f, t]);
    }
    if (conflicts.length === 0) continue;
    const [f, t] = conflicts[0]!;
    const more = conflicts.length > 1 ? phrase(Diag.FrozenSharedConflict, "more", { count: conflicts.length - 1 }) : "";
    out.push(
      diagnostic(say(Diag.FrozenSharedConflict, "conflict", { stage: stage.name, frozen: f, trained: t, more, owner: t.split(".")[0]! }), stage.span),
    );
  }
  return out;
}
