// The diff as GitHub-flavoured Markdown, sized for a pull-request comment: totals and
// hyperparameters in the open, every long section folded into <details>, names in code spans.
import type { DiffReport } from "../report.js";
import {
  blockText,
  changedModules,
  compact,
  deltaText,
  hyperText,
    moduleNote,
  percentText,
  shows,
  sideText,
  signed,
  TOTAL_ROWS,
  valueText,
  verdict,
  grouped,
  type RenderOptions,
} from "./common.js";

/** Rows beyond this are folded into <details>. */
const OPEN_ROWS = 12;

const cell = (s: string): string => s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (s: string): string => (s === "" ? "" : `\`${s.replace(/`/g, "'")}\``);

function table(head: readonly string[], rows: readonly (readonly string[])[], align?: readonly ("l" | "r")[]): string {
  const sep = head.map((_, i) => (align?.[i] === "r" ? "---:" : "---"));
  return [head, sep, ...rows].map((r) => `| ${r.map(cell).join(" | ")} |`).join("\n");
}

function section(title: string, count: number, body: string, qualifier = ""): string {
  if (count === 0) return `### ${title}\n\n_no changes${qualifier}_\n`;
  const head = `### ${title} (${count}${qualifier})`;
  if (count <= OPEN_ROWS) return `${head}\n\n${body}\n`;
  return `${head}\n\n<details><summary>${count} entries</summary>\n\n${body}\n\n</details>\n`;
}

function totals(r: DiffReport): string {
  const rows = TOTAL_ROWS.map(({ key, label }) => {
    const d = r.totals[key];
    return [label, valueText(d.a), valueText(d.b), d.delta === null ? "" : signed(d.delta), percentText(d.percent)];
  });
  return table(["", "a", "b", "Δ", "Δ %"], rows, ["l", "r", "r", "r", "r"]);
}

function modules(r: DiffReport, opts: RenderOptions): string {
  const rows = changedModules(r, opts.depth).map(({ entry: m, label, count }) => [
    `${"· ".repeat(m.depth)}${code(label)}`,
    count > 1 ? `${count} × ${blockText(m)}` : blockText(m),
    valueText(m.params.a),
    valueText(m.params.b),
    deltaText(m.params),
    deltaText(m.flops, compact),
    moduleNote(m),
  ]);
  return section("Modules", rows.length, table(["module", "block", "params a", "params b", "Δ params", "Δ FLOPs", "what changed"], rows, ["l", "l", "r", "r", "r", "r", "l"]), `, to depth ${opts.depth}`);
}

function shapes(r: DiffReport, opts: RenderOptions): string {
  const rows = [
    ...r.shapes.inputs.map((i) => [i.a ?? "—", i.b ?? "—", "", `input ${code(i.name)}`]),
    ...r.shapes.groups.map((g) => [g.shape.a, g.shape.b, String(g.count), code(g.params)]),
  ];
  // Module interfaces: the types a module's first call took and gave.
  for (const { entry: m, label } of changedModules(r, opts.depth)) {
    if (m.status === "added" || m.status === "removed") continue;
    if (m.changes.includes("input")) rows.push([m.input.a ?? "—", m.input.b ?? "—", "", `input of ${code(label)}`]);
    if (m.changes.includes("output")) rows.push([m.output.a ?? "—", m.output.b ?? "—", "", `output of ${code(label)}`]);
  }
  return section("Shapes", rows.length, table(["a", "b", "tensors", "where"], rows, ["l", "l", "r", "l"]));
}

function sharing(r: DiffReport): string {
  const s = r.sharing;
  const rows = [
    ...s.groups.map((g) => [g.change, code(g.params), g.owners.a ? code(g.owners.a) : "—", g.owners.b ? code(g.owners.b) : "—", String(g.count), grouped(g.elements)]),
    ...s.momentum.map((m) => [`momentum copy ${m.change}`, code(m.instance), m.a ? `${code(m.a.of)} (decay ${m.a.decay})` : "—", m.b ? `${code(m.b.of)} (decay ${m.b.decay})` : "—", "", ""]),
    ...s.queues.map((q) => [`queue ${q.change}`, code(q.name), q.a ?? "—", q.b ?? "—", "", ""]),
  ];
  return section("Sharing, tying, momentum and queues", rows.length, table(["change", "parameters", "a: reads", "b: reads", "tensors", "elements"], rows, ["l", "l", "l", "l", "r", "r"]));
}

function objectives(r: DiffReport): string {
  const parts: string[] = [];
  for (const o of r.objectives) {
    if (o.change !== "changed") {
      const v = (o.a ?? o.b)!;
      parts.push(`- **${o.name}** ${o.change}: ${code(v.expr)}${v.weight !== 1 ? ` weight ${v.weight}` : ""}`);
      continue;
    }
    const lines = [`- **${o.name}** changed (${o.fields.join(", ")})`];
    if (o.fields.includes("expr") || o.fields.includes("fn")) lines.push(`  - a: ${code(o.a!.expr)}`, `  - b: ${code(o.b!.expr)}`);
    if (o.fields.includes("weight")) lines.push(`  - weight ${o.a!.weight} → ${o.b!.weight}`);
    if (o.fields.includes("settings")) {
      const keys = [...new Set([...Object.keys(o.a!.settings), ...Object.keys(o.b!.settings)])].sort();
      for (const k of keys) {
        const [x, y] = [o.a!.settings[k], o.b!.settings[k]];
        if (x !== y) lines.push(`  - ${code(k)}: ${x ?? "—"} → ${y ?? "—"}`);
      }
    }
    parts.push(lines.join("\n"));
  }
  return section("Objectives", r.objectives.length, parts.join("\n"));
}

function stages(r: DiffReport): string {
  const parts = r.stages.map((s) => {
    const lines = [`- **${s.name}** ${s.change}${s.trainable.delta ? `: trainable ${deltaText(s.trainable)}` : s.change !== "changed" ? `: ${grouped((s.b ?? s.a)!.trainable)} trainable` : ""}`];
    if (s.change !== "changed") lines.push(`  - objectives: ${(s.b ?? s.a)!.objectives.join(", ") || "none"}`);
    else {
      if (s.objectives.added.length) lines.push(`  - objectives added: ${s.objectives.added.join(", ")}`);
      if (s.objectives.removed.length) lines.push(`  - objectives removed: ${s.objectives.removed.join(", ")}`);
    }
    if (s.frozen.added.length) lines.push(`  - now frozen: ${s.frozen.added.map(code).join(", ")}`);
    if (s.frozen.removed.length) lines.push(`  - no longer frozen: ${s.frozen.removed.map(code).join(", ")}`);
    return lines.join("\n");
  });
  return section("Stages", r.stages.length, parts.join("\n"));
}

function published(r: DiffReport): string {
  const rows = r.published.map((p) => [
    code(p.name),
    p.change,
    p.a ? `${grouped(p.a.value)} (counted ${grouped(p.a.counted)}) ${p.a.holds ? "✓" : "✗"}` : "—",
    p.b ? `${grouped(p.b.value)} (counted ${grouped(p.b.counted)}) ${p.b.holds ? "✓" : "✗"}` : "—",
  ]);
  return section("Published claims", rows.length, table(["claim", "change", "a", "b"], rows));
}

export function renderMarkdown(r: DiffReport, opts: RenderOptions): string {
  const out: string[] = [`## Architecture diff\n`, `**a:** ${sideText(r.a)}  \n**b:** ${sideText(r.b)}\n`, `${r.identical ? "✅" : "🔶"} ${verdict(r)}\n`];
  if (shows(opts, "params")) out.push(totals(r) + "\n");
  if (shows(opts, "hypers")) {
    const rows = r.hypers.map((h) => [code(h.name), hyperText(h.a), hyperText(h.b)]);
    out.push(section("Hyperparameters", rows.length, table(["name", "a", "b"], rows)));
  }
  if (shows(opts, "params")) out.push(modules(r, opts));
  if (shows(opts, "shapes")) out.push(shapes(r, opts));
  if (shows(opts, "sharing")) out.push(sharing(r));
  if (shows(opts, "objectives")) out.push(objectives(r));
  if (shows(opts, "stages")) out.push(stages(r));
  if (shows(opts, "params")) out.push(published(r));
  return out.join("\n");
}
