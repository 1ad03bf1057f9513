// The diff for a terminal: compact, one line per change, aligned columns, coloured when the
// output is a terminal (additions green, removals red, changes yellow) and plain otherwise.
import type { DiffReport } from "../report.js";
import {
  blockText,
  changedModules,
  compact,
  deltaText,
  grouped,
  hyperText,
    moduleNote,
  shows,
  sideText,
  TOTAL_ROWS,
  valueText,
  verdict,
  type RenderOptions,
} from "./common.js";

type Paint = (s: string) => string;

interface Palette {
  readonly added: Paint;
  readonly removed: Paint;
  readonly changed: Paint;
  readonly dim: Paint;
  readonly bold: Paint;
}

const ansi = (code: string): Paint => (s) => `\x1b[${code}m${s}\x1b[0m`;
const COLOUR: Palette = { added: ansi("32"), removed: ansi("31"), changed: ansi("33"), dim: ansi("2"), bold: ansi("1") };
const PLAIN: Palette = { added: (s) => s, removed: (s) => s, changed: (s) => s, dim: (s) => s, bold: (s) => s };

/** Left-aligned columns, padded on the visible text. */
function columns(rows: readonly (readonly string[])[], right: ReadonlySet<number> = new Set()): string[] {
  // eslint-disable-next-line no-control-regex
  const visible = (s: string): number => s.replace(/\x1b\[[0-9;]*m/g, "").length;
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, visible(c))));
  return rows.map((r) =>
    r
      .map((c, i) => {
        const pad = " ".repeat(widths[i]! - visible(c));
        return right.has(i) ? pad + c : i === r.length - 1 ? c : c + pad;
      })
      .join("  ")
      .trimEnd(),
  );
}

export function renderText(r: DiffReport, opts: RenderOptions & { readonly colour: boolean }): string {
  const p = opts.colour ? COLOUR : PLAIN;
  const byChange = (c: string): Paint => (c === "added" || c === "now shared" ? p.added : c === "removed" || c === "no longer shared" ? p.removed : p.changed);
  const out: string[] = [`${p.bold("a")} ${sideText(r.a)}`, `${p.bold("b")} ${sideText(r.b)}`, r.identical ? p.added(verdict(r)) : p.changed(verdict(r)), ""];
  // Nothing to list: the verdict is the whole report on a terminal.
  if (r.identical) return out.join("\n").trimEnd() + "\n";
  const heading = (title: string, n: number): void => void out.push(p.bold(`${title}${n ? ` (${n})` : ": no changes"}`));

  if (shows(opts, "params")) {
    const rows = TOTAL_ROWS.filter(({ key }) => r.totals[key].a !== r.totals[key].b).map(({ key, label }) => {
      const d = r.totals[key];
      return [label, valueText(d.a), "→", valueText(d.b), d.delta !== null && d.delta > 0 ? p.added(deltaText(d)) : p.removed(deltaText(d))];
    });
    heading("totals", rows.length);
    out.push(...columns(rows, new Set([1, 3])).map((l) => `  ${l}`), "");
  }
  if (shows(opts, "hypers")) {
    heading("hyperparameters", r.hypers.length);
    out.push(...columns(r.hypers.map((h) => [byChange(h.change)(h.name), hyperText(h.a), "→", hyperText(h.b)])).map((l) => `  ${l}`), "");
  }
  if (shows(opts, "params")) {
    const mods = changedModules(r, opts.depth);
    heading(`modules to depth ${opts.depth}`, mods.length);
    const rows = mods.map(({ entry: m, label, count }) => [
      `${"  ".repeat(m.depth)}${byChange(m.status === "added" || m.status === "removed" ? m.status : "changed")(label)}`,
      p.dim(count > 1 ? `${count} × ${blockText(m)}` : blockText(m)),
      deltaText(m.params),
      m.flops.delta ? `${deltaText(m.flops, compact)} FLOPs` : "",
      moduleNote(m),
    ]);
    out.push(...columns(rows).map((l) => `  ${l}`), "");
  }
  if (shows(opts, "shapes")) {
    // Shapes first: the parameter patterns can be long, so they go last, unpadded.
    const rows = [
      ...r.shapes.inputs.map((i) => [i.a ?? "—", "→", i.b ?? "—", "", `input ${i.name}`]),
      ...r.shapes.groups.map((g) => [g.shape.a, "→", g.shape.b, `×${g.count}`, g.params]),
    ];
    heading("shapes", rows.length);
    out.push(...columns(rows).map((l) => `  ${l}`), "");
  }
  if (shows(opts, "sharing")) {
    const s = r.sharing;
    // Counts first, then the patterns (long, so last and unpadded): `params ← what they read`.
    const reads = (g: (typeof s.groups)[number]): string =>
      g.change === "no longer shared" ? `(read ${g.owners.a ?? "—"})` : g.change === "owner changed" ? `← ${g.owners.b ?? "—"} (was ${g.owners.a ?? "—"})` : `← ${g.owners.b ?? "—"}`;
    const rows = [
      ...s.groups.map((g) => [byChange(g.change)(g.change), `${g.count} ${g.count === 1 ? "tensor" : "tensors"}`, grouped(g.elements), `${g.params} ${reads(g)}`]),
      ...s.momentum.map((m) => [byChange(m.change)(`momentum ${m.change}`), "", "", `${m.instance} ${m.b ? `of ${m.b.of}, decay ${m.b.decay}` : `was of ${m.a!.of}`}`]),
      ...s.queues.map((q) => [byChange(q.change)(`queue ${q.change}`), "", "", `${q.name} ${q.a ?? "—"} → ${q.b ?? "—"}`]),
    ];
    heading("sharing", rows.length);
    out.push(...columns(rows, new Set([1, 2])).map((l) => `  ${l}`), "");
  }
  if (shows(opts, "objectives")) {
    heading("objectives", r.objectives.length);
    for (const o of r.objectives) {
      const v = (o.b ?? o.a)!;
      if (o.change !== "changed") out.push(`  ${byChange(o.change)(`${o.name} ${o.change}`)}  ${v.expr}`);
      else {
        out.push(`  ${p.changed(`${o.name} changed`)} (${o.fields.join(", ")})`);
        if (o.fields.includes("expr")) out.push(`    a: ${o.a!.expr}`, `    b: ${o.b!.expr}`);
        if (o.fields.includes("weight")) out.push(`    weight ${o.a!.weight} → ${o.b!.weight}`);
        for (const k of [...new Set([...Object.keys(o.a!.settings), ...Object.keys(o.b!.settings)])].sort()) {
          if (o.a!.settings[k] !== o.b!.settings[k]) out.push(`    ${k}: ${o.a!.settings[k] ?? "—"} → ${o.b!.settings[k] ?? "—"}`);
        }
      }
    }
    out.push("");
  }
  if (shows(opts, "stages")) {
    heading("stages", r.stages.length);
    for (const s of r.stages) {
      const bits = [
        ...s.objectives.added.map((o) => p.added(`+${o}`)),
        ...s.objectives.removed.map((o) => p.removed(`-${o}`)),
        ...s.frozen.added.map((f) => `frozen ${f}`),
        ...s.frozen.removed.map((f) => `unfrozen ${f}`),
      ];
      const trainable = s.trainable.delta ? `trainable ${deltaText(s.trainable)}` : "";
      out.push(`  ${byChange(s.change)(`${s.name} ${s.change}`)}  ${[...bits, trainable].filter(Boolean).join(", ")}`);
    }
    out.push("");
  }
  if (shows(opts, "params")) {
    heading("published claims", r.published.length);
    for (const c of r.published) {
      const side = (v: typeof c.a): string => (v ? `${grouped(v.value)} ${v.holds ? "holds" : `fails (counted ${grouped(v.counted)})`}` : "—");
      out.push(`  ${byChange(c.change)(c.name)}  ${c.change}: ${side(c.a)} → ${side(c.b)}`);
    }
  }
  return out.join("\n").trimEnd() + "\n";
}
