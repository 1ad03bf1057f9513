// The summary as a terminal table (torchinfo's layout: one row per instance, indented by depth).
import type { Summary, SummaryRow } from "./summary.js";

const fmt = (n: number): string => n.toLocaleString("en-US");

/** A count with digit grouping, exact past 2^53 when the summary carries the exact digits. */
const fmtExact = (n: number, exact: string | undefined): string => (exact === undefined ? fmt(n) : BigInt(exact).toLocaleString("en-US"));

export function humanFlops(n: number | null, expr: string): string {
  if (n === null) return expr;
  if (n >= 1e12) return `${(n / 1e12).toFixed(2)} T`;
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(2)} K`;
  return String(n);
}

function pad(s: string, w: number, right = false): string {
  return right ? s.padStart(w) : s.padEnd(w);
}

export function renderSummary(s: Summary, maxDepth: number): string {
  const rows = s.rows.filter((r) => r.depth <= maxDepth);
  const stageCol = s.stage !== null;
  const cells = rows.map((r: SummaryRow) => [
    r.kind === "param" ? `${"  ".repeat(r.depth)}${r.name}` : `${"  ".repeat(r.depth)}${r.name} (${r.block})${r.calls > 1 ? ` ×${r.calls}` : ""}`,
    r.output ?? "",
    r.params || r.shared === 0 ? fmtExact(r.params, r.exact?.["params"]) : "0",
    ...(stageCol ? [fmt(r.trainable)] : []),
    r.sharedWith ?? (r.momentum ? `momentum ${fmt(r.momentum)}` : ""),
    r.flops === 0 ? "" : humanFlops(r.flops, r.flopsExpr),
  ]);
  const header = ["Module (block)", "Output shape", "Params", ...(stageCol ? [`Trainable (${s.stage})`] : []), "Shared with", "FLOPs"];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const rightAligned = new Set([2, ...(stageCol ? [3] : []), header.length - 1]);
  const line = (c: string[]): string => c.map((x, i) => pad(x, widths[i]!, rightAligned.has(i))).join("  ").trimEnd();
  const rule = "=".repeat(widths.reduce((a, b) => a + b + 2, -2));
  const out: string[] = [];
  const title = `${s.model}${s.variant ? ` (variant ${s.variant})` : ""} — ${s.file}`;
  out.push(title, rule, line(header), rule, ...cells.map(line), rule);
  const exact = s.exact ?? {};
  out.push(`Total params:      ${fmtExact(s.params.total, exact["total"])}`);
  out.push(`Trainable params:  ${fmtExact(s.params.trainable, exact["trainable"])}${s.stage ? ` (stage ${s.stage})` : ""}`);
  if (s.params.shared) out.push(`Shared (counted once, at the owner): ${fmtExact(s.params.shared, exact["shared"])} elements saved`);
  if (s.params.momentum) out.push(`Momentum copies (not in total): ${fmtExact(s.params.momentum, exact["momentum"])}`);
  if (s.params.buffers) out.push(`Queues and buffers (not in total): ${fmtExact(s.params.buffers, exact["buffers"])} elements`);
  const bind = Object.entries(s.bindings).map(([k, v]) => `${k}=${v}`).join(", ");
  out.push(`FLOPs:             ${humanFlops(s.flops.total, s.flops.expr)}${s.flops.total !== null ? ` (${fmtExact(s.flops.total, exact["flops"])})` : ""} at ${bind}; ${s.flopConvention}`);
  if (s.objectives.length) out.push(`Objectives:        ${s.objectives.map((o) => (o.weight === 1 ? o.name : `${o.weight} × ${o.name}`)).join(" + ")}`);
  for (const p of s.published) {
    const claim = p.tolerance ? `${fmt(p.value)} ± ${fmt(p.tolerance)}` : fmt(p.value);
    const scope = p.over.length ? ` over ${p.over.join(", ")}` : "";
    out.push(`Published ${p.name}: ${claim}${scope}; counted ${fmtExact(p.counted, p.exact?.["counted"])} — ${p.holds ? "reproduced" : "NOT reproduced"}`);
    if (p.doc) out.push(...p.doc.split("\n").map((l) => `  ${l}`));
  }
  if (s.groups.length) {
    out.push("", "Parameter groups:");
    const w = Math.max(...s.groups.map((g) => g.name.length));
    for (const g of s.groups) out.push(`  ${pad(g.name, w)}  ${pad(fmt(g.params), 16, true)}  ${(g.fraction * 100).toFixed(1).padStart(5)}%`);
  }
  if (s.stages.length) {
    out.push("", "Stages:");
    const w = Math.max(...s.stages.map((g) => g.name.length));
    for (const st of s.stages) {
      out.push(`  ${pad(st.name, w)}  trains ${pad(fmt(st.trainable), 16, true)}  frozen or unused ${pad(fmt(st.frozen), 16, true)}  objectives: ${st.objectives.join(", ") || "none"}`);
    }
  }
  out.push(`Scope: ${s.scope}.`);
  return out.join("\n");
}
