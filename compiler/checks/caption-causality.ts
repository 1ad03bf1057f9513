// Captioning needs causality: when a loss predicts tokens of an input (its labels are derived
// from that input) from logits that also depend on the same input, every attention on the way
// whose keys carry that input must be causal — otherwise position t sees token t+1, the label
// it is asked to predict. Paths through token masking (MLM) do not carry the input: masked
// positions are hidden. Cross-attention to other inputs (image tokens) is unaffected.
import { Diag } from "../diagnostics/catalog.js";
import { phrase, say } from "../diagnostics/template.js";
import { diagnostic, type Diagnostic, type RelatedInfo } from "../diagnostics/diagnostic.js";
import { getOp } from "../ir/ops.js";
import type { IrGraph, IrNode } from "../ir/types.js";

const TRANSPARENT = new Set(["unsqueeze", "broadcast_to", "reshape", "cast", "squeeze"]);

/** Is this mask causal, at least for some segment (block masks with a causal text segment)? */
function isCausal(ir: IrGraph, id: number): boolean {
  if (id < 0) return false;
  const n = ir.nodes[id]!;
  if (n.op === "causal_mask") return true;
  if (n.op === "block_mask") return JSON.stringify(n.attrs["pattern"]).includes("causal");
  if (n.op === "logical_and") return n.inputs.some((i) => isCausal(ir, i));
  if (n.op === "logical_or") return n.inputs.every((i) => isCausal(ir, i));
  if (TRANSPARENT.has(n.op)) return isCausal(ir, n.inputs[0]!);
  return false;
}

/** For each node, a bit set of the inputs it depends on, not counting paths through token masking. */
function inputDependencies(ir: IrGraph): number[] {
  const bit = new Map<number, number>();
  ir.inputs.slice(0, 30).forEach((inp, i) => bit.set(inp.node, 1 << i));
  const deps = new Array<number>(ir.nodes.length).fill(0);
  for (const n of ir.nodes) {
    if (n.op === "input") deps[n.id] = bit.get(n.id) ?? 0;
    else {
      const op = getOp(n.op);
      if (op.sanitizes) deps[n.id] = 0;
      else deps[n.id] = n.inputs.reduce((acc, i, k) => (i < 0 || op.shapeOnly?.includes(k) ? acc : acc | deps[i]!), 0);
    }
  }
  return deps;
}

function frameNotes(n: IrNode): RelatedInfo[] {
  const out: RelatedInfo[] = [];
  for (let f = n.prov.frame; f && out.length < 8; f = f.parent) out.push({ message: f.label, span: f.site, frame: true });
  return out;
}

export function checkCaptionCausality(ir: IrGraph): Diagnostic[] {
  if (ir.objectives.length === 0) return [];
  const deps = inputDependencies(ir);
  const out: Diagnostic[] = [];
  const reported = new Set<number>();
  // Only losses over labels that carry an input can leak; most models have a few at most.
  const candidates = ir.nodes.filter((n) => n.op === "cross_entropy" && (deps[n.inputs[1]!] ?? 0) !== 0).map((n) => n.id);
  if (candidates.length === 0) return [];
  for (const obj of ir.objectives) {
    // Nodes this objective's loss reaches.
    const seen = new Uint8Array(ir.nodes.length);
    const stack = [obj.node];
    while (stack.length) {
      const id = stack.pop()!;
      if (id < 0 || seen[id]) continue;
      seen[id] = 1;
      for (const i of ir.nodes[id]!.inputs) stack.push(i);
    }
    for (const id of candidates.filter((c) => seen[c])) {
      const loss = ir.nodes[id]!;
      const labelInputs = deps[loss.inputs[1]!]!;
      const offender = firstLeak(ir, loss.inputs[0]!, labelInputs, deps);
      if (offender === undefined || reported.has(offender.id)) continue;
      reported.add(offender.id);
      const names = ir.inputs.filter((_, i) => (labelInputs & (1 << i)) !== 0).map((x) => `\`${x.name}\``);
      out.push(
        diagnostic(
          say(Diag.CaptionNotCausal, "notCausal", { objective: obj.name, inputs: names.join(", "), scope: offender.scope || phrase(Diag.CaptionNotCausal, "theModel") }),
          offender.prov.span,
          {
            related: [{ message: `objective \`${obj.name}\` is declared here`, span: obj.span }, ...frameNotes(offender)],
          },
        ),
      );
    }
  }
  return out;
}

/** The earliest attention feeding `logits` whose keys carry a label input without a causal mask. */
function firstLeak(ir: IrGraph, logits: number, labelInputs: number, deps: number[]): IrNode | undefined {
  const seen = new Set<number>();
  const stack = [logits];
  let best: IrNode | undefined;
  while (stack.length) {
    const id = stack.pop()!;
    if (id < 0 || seen.has(id) || (deps[id]! & labelInputs) === 0) continue;
    seen.add(id);
    const n = ir.nodes[id]!;
    if (n.op === "attention" && (deps[n.inputs[1]!]! & labelInputs) !== 0 && !isCausal(ir, n.inputs[3] ?? -1)) {
      if (!best || n.id < best.id) best = n;
    }
    stack.push(...n.inputs);
  }
  return best;
}
