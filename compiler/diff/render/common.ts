// What every diff renderer shares: the sections a reader asked for, which module rows are worth
// showing, and the way numbers, deltas and names are written, so that the text, Markdown and
// HTML reports say the same thing in the same words.
import type { Delta, DiffReport, DiffSection, DiffSide, ModuleEntry } from "../report.js";

export interface RenderOptions {
  /** Sections to show (`--only`); all when absent. */
  readonly only?: readonly DiffSection[];
  /** Deepest module level shown (`--depth`); the model is level 0. */
  readonly depth: number;
}

export const DEFAULT_DEPTH = 3;

/** The report parts a section covers; hyperparameters are shown only without `--only`. */
export function shows(opts: RenderOptions, part: "hypers" | DiffSection): boolean {
  if (!opts.only) return true;
  return part !== "hypers" && opts.only.includes(part);
}

export function sideText(s: DiffSide): string {
  const where = s.revision ? `${s.revision}:${s.file}` : s.file;
  return `${s.model}${s.variant ? ` ${s.variant}` : ""} (${where}${s.variant ? `#${s.variant}` : ""})`;
}

/** 252441919 → "252,441,919". */
export function grouped(n: number): string {
  const sign = n < 0 ? "-" : "";
  const digits = Math.abs(Math.round(n)).toString();
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** 252441919 → "252.4M", 1.35e11 → "135.4G". */
export function compact(n: number): string {
  const a = Math.abs(n);
  const sign = n < 0 ? "-" : "";
  if (a >= 1e12) return `${sign}${(a / 1e12).toFixed(1)}T`;
  if (a >= 1e9) return `${sign}${(a / 1e9).toFixed(1)}G`;
  if (a >= 1e6) return `${sign}${(a / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `${sign}${(a / 1e3).toFixed(1)}K`;
  return `${sign}${a}`;
}

export function signed(n: number, format: (x: number) => string = grouped): string {
  return n > 0 ? `+${format(n)}` : n < 0 ? `−${format(-n)}` : "0";
}

export function percentText(p: number | null): string {
  if (p === null) return "";
  if (p === 0) return "0%";
  const abs = Math.abs(p);
  const digits = abs >= 100 ? 0 : abs >= 1 ? 1 : 2;
  return `${p > 0 ? "+" : "−"}${abs.toFixed(digits)}%`;
}

export function valueText(v: number | null, format: (x: number) => string = grouped): string {
  return v === null ? "—" : format(v);
}

/** "+42,504,194 (+20.2%)", or "" when nothing changed. */
export function deltaText(d: Delta, format: (x: number) => string = grouped): string {
  if (d.delta === null || d.delta === 0) return d.a === null && d.b ? `+${format(d.b)}` : d.b === null && d.a ? `−${format(d.a)}` : "";
  const p = percentText(d.percent);
  return p ? `${signed(d.delta, format)} (${p})` : signed(d.delta, format);
}

export function moduleName(m: ModuleEntry): string {
  const path = m.b ?? m.a ?? "";
  return path === "" ? "(model)" : path;
}

/** "text_encoder → encoder" for a rename or move, the path otherwise. */
export function moduleLabel(m: ModuleEntry): string {
  if ((m.status === "renamed" || m.status === "moved") && m.a !== null && m.b !== null) return `${m.a} → ${m.b}`;
  return moduleName(m);
}

export function blockText(m: ModuleEntry): string {
  const { a, b } = m.block;
  return a !== null && b !== null && a !== b ? `${a} → ${b}` : (b ?? a ?? "");
}

/** What to say about a module: its status, or the kinds of change below it. */
export function moduleNote(m: ModuleEntry): string {
  if (m.status === "added" || m.status === "removed") return m.status;
  const what = m.changes.filter((c) => c !== "params" && c !== "flops");
  const status = m.status === "same" ? [] : [m.status];
  const io = (x: { a: string | null; b: string | null }): string => `${x.a ?? "—"} → ${x.b ?? "—"}`;
  // A layer whose input and output change alike (a longer sequence) says it once.
  const alike = what.includes("input") && what.includes("output") && io(m.input) === io(m.output);
  const text = (c: string): string[] =>
    c === "input" ? (alike ? [`input and output ${io(m.input)}`] : [`input ${io(m.input)}`]) : c === "output" ? (alike ? [] : [`output ${io(m.output)}`]) : [`${c} changed`];
  return [...status, ...what.flatMap(text)].join("; ");
}

/** A row of a textual module listing: one module, or identical siblings folded into one (`layers.{0..11}`). */
export interface ModuleRow {
  readonly entry: ModuleEntry;
  /** The module's label, with the folded index range in place of the index. */
  readonly label: string;
  /** How many siblings the row stands for. */
  readonly count: number;
}

/** The modules that differ, up to `depth`, without the insides of added or removed subtrees (their root says it all). */
export function differing(report: DiffReport, depth: number): ModuleEntry[] {
  const out: ModuleEntry[] = [];
  let inside: number | undefined;
  for (const m of report.modules) {
    const plain = m.status === "added" || m.status === "removed";
    if (inside !== undefined && m.depth <= inside) inside = undefined;
    // Inside an added or removed subtree only what was matched elsewhere (a move) is news.
    if (inside !== undefined && plain) continue;
    if (m.depth > depth) continue;
    if (plain && inside === undefined) inside = m.depth;
    if (m.status === "same" && m.changes.length === 0) continue;
    out.push(m);
  }
  return out;
}

const INDEXED = /^(.*)\.(\d+)$/;

/** What a row says, with its own path replaced by `@`, so identical siblings compare equal. */
function rowKey(m: ModuleEntry, own: { a: string | null; b: string | null }): string {
  const strip = (p: string | null, base: string | null): string | null => (p === null || base === null ? p : p === base ? "@" : p.startsWith(base + ".") ? "@" + p.slice(base.length) : p);
  return JSON.stringify({ ...m, a: strip(m.a, own.a), b: strip(m.b, own.b) });
}

/**
 * The module rows a textual report lists: modules that differ, up to the depth asked for, with
 * runs of layers that changed alike (`vision.layers.0` … `vision.layers.11`, each with its
 * subtree) folded into one row per module, labelled `vision.layers.{0..11}`.
 */
export function changedModules(report: DiffReport, depth: number): ModuleRow[] {
  const rows = differing(report, depth);
  const out: ModuleRow[] = [];
  let i = 0;
  while (i < rows.length) {
    const m = rows[i]!;
    const path = m.b ?? m.a ?? "";
    const indexed = INDEXED.exec(path);
    // The subtree of an indexed module: it and the rows below it.
    const subtree = (start: number): ModuleEntry[] => {
      const head = rows[start]!;
      let end = start + 1;
      while (end < rows.length && rows[end]!.depth > head.depth) end++;
      return rows.slice(start, end);
    };
    if (!indexed || m.status === "renamed" || m.status === "moved") {
      out.push({ entry: m, label: moduleLabel(m), count: 1 });
      i++;
      continue;
    }
    const first = subtree(i);
    const key = first.map((r) => rowKey(r, { a: m.a, b: m.b })).join("\n");
    const indices = [Number(indexed[2])];
    let next = i + first.length;
    while (next < rows.length) {
      const other = rows[next]!;
      const o = INDEXED.exec(other.b ?? other.a ?? "");
      if (!o || o[1] !== indexed[1] || other.depth !== m.depth) break;
      const sub = subtree(next);
      if (sub.map((r) => rowKey(r, { a: other.a, b: other.b })).join("\n") !== key) break;
      indices.push(Number(o[2]));
      next += sub.length;
    }
    const contiguous = indices.every((n, k) => k === 0 || n === indices[k - 1]! + 1);
    const range = indices.length === 1 ? String(indices[0]) : contiguous ? `{${indices[0]}..${indices[indices.length - 1]}}` : `{${indices.join(",")}}`;
    for (const r of first) {
      const label = moduleLabel(r);
      const own = m.b ?? m.a ?? "";
      out.push({ entry: r, label: label.startsWith(own) ? `${indexed[1]}.${range}${label.slice(own.length)}` : label, count: indices.length });
    }
    i = next;
  }
  return out;
}

export function verdict(report: DiffReport): string {
  if (report.identical) return "no differences";
  const d = report.totals.params;
  return d.delta === 0 ? "the models differ; the parameter count is the same" : `the models differ: ${deltaText(d)} parameters`;
}

export const TOTAL_ROWS: readonly { readonly key: keyof DiffReport["totals"]; readonly label: string }[] = [
  { key: "params", label: "parameters" },
  { key: "trainable", label: "trainable" },
  { key: "shared", label: "saved by sharing" },
  { key: "momentum", label: "momentum copies" },
  { key: "buffers", label: "queues and buffers" },
  { key: "flops", label: "FLOPs per sample" },
];

export function hyperText(v: number | boolean | string | null): string {
  return v === null ? "—" : typeof v === "string" ? JSON.stringify(v) : String(v);
}
