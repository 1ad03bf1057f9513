// The module section of the HTML diff report: both module trees side by side (a on the left, b on
// the right), one table row per entry of `report.modules` so matched modules sit on one line,
// with a bar per row for its parameter delta. Rows are flat <tr>s tagged with their depth; the
// page script (html-script.ts) rebuilds the tree from the depths, so collapsing costs no per-row
// listener. What is collapsed on load is decided here, so the page reads right before any script
// runs (collapsedOnLoad says what starts folded).
import type { DiffReport, ModuleEntry } from "../report.js";
import { compact, grouped, percentText, signed } from "./common.js";
import { badge, section } from "./html-blocks.js";
import { compactWithExact, deltaHtml, esc, wholeWhenOneSided } from "./html-format.js";
import { highlightChange } from "./html-textdiff.js";

/** The tree's shape as the flat list implies it: each entry's parent index and whether it has children. */
interface TreeShape {
  readonly parent: readonly number[];
  readonly hasChildren: readonly boolean[];
}

function treeShape(modules: readonly ModuleEntry[]): TreeShape {
  const parent: number[] = [];
  const hasChildren = modules.map(() => false);
  const openAncestors: number[] = [];
  modules.forEach((m, i) => {
    while (openAncestors.length > 0 && modules[openAncestors[openAncestors.length - 1]!]!.depth >= m.depth) openAncestors.pop();
    const p = openAncestors.length === 0 ? -1 : openAncestors[openAncestors.length - 1]!;
    parent.push(p);
    if (p >= 0) hasChildren[p] = true;
    openAncestors.push(i);
  });
  return { parent, hasChildren };
}

const changesSomething = (m: ModuleEntry): boolean => m.status !== "same" || m.changes.length > 0;

/**
 * Changes that are about the module's structure. FLOPs and output types also change when only an
 * input grows (every layer of a ViT fed 256 px instead of 224 px), which would unfold whole
 * encoders to show the same shape change on every row; those stay visible on the collapsed row.
 */
const STRUCTURAL = new Set(["params", "block", "shared", "calls", "momentum"]);
const isStructural = (m: ModuleEntry): boolean => m.status !== "same" || m.changes.some((c) => STRUCTURAL.has(c));

/** Siblings that changed alike (twelve layers, each −4.72M) share this key. */
const changeKey = (m: ModuleEntry): string =>
  [m.status, m.changes.join(","), m.params.delta, m.flops.delta, m.block.a, m.block.b].join("|");

/**
 * Which rows start collapsed: every subtree with nothing structural below it; subtrees that exist
 * on one side only (their top row says it all); and a repeat of a sibling already open that
 * changed the same way (layer 0 unfolds, layers 1–11 keep their deltas on their folded rows).
 * What remains open is the path to each added, removed, renamed or resized module.
 */
function collapsedOnLoad(modules: readonly ModuleEntry[], shape: TreeShape): boolean[] {
  const structuralBelow = modules.map(() => false);
  for (let i = modules.length - 1; i >= 0; i--) {
    const p = shape.parent[i]!;
    if (p >= 0 && (structuralBelow[i] || isStructural(modules[i]!))) structuralBelow[p] = true;
  }
  const open = modules.map((m, i) => shape.hasChildren[i]! && structuralBelow[i]! && m.status !== "added" && m.status !== "removed");
  const openKeysByParent = new Map<number, Set<string>>();
  modules.forEach((m, i) => {
    if (!open[i]) return;
    const keys = openKeysByParent.get(shape.parent[i]!) ?? new Set<string>();
    const key = changeKey(m);
    if (keys.has(key)) open[i] = false;
    keys.add(key);
    openKeysByParent.set(shape.parent[i]!, keys);
  });
  return modules.map((_, i) => shape.hasChildren[i]! && !open[i]);
}

const lastPart = (path: string): string => path.slice(path.lastIndexOf(".") + 1);
const parentPath = (path: string): string => (path.includes(".") ? path.slice(0, path.lastIndexOf(".")) : "");

/** One side's tree cell: indentation by depth, the toggle, the name and (muted) the block. */
function treeCell(m: ModuleEntry, side: "a" | "b", modelName: string): string {
  const path = m[side];
  if (path === null) return `<td class="tree absent"></td>`;
  const name = path === "" ? `<b>${esc(modelName)}</b>` : esc(lastPart(path));
  // Side b names what a called it, where that differs: `text_encoder → encoder`.
  const before = side === "b" && m.a !== null && m.a !== "" ? lastPart(m.a) : null;
  const shown = before !== null && before !== lastPart(path) ? `<span class="old">${esc(before)}</span> \u2192 ${name}` : name;
  const block = m.block[side];
  const blockChanged = m.block.a !== null && m.block.b !== null && m.block.a !== m.block.b;
  const blockHtml = block === null || path === "" ? "" : ` <span class="blk${blockChanged ? " chg-text" : ""}">${esc(block)}</span>`;
  return `<td class="tree" style="--d:${m.depth}" title="${esc(path === "" ? modelName : path)}"><span class="tg"></span>${shown}${blockHtml}</td>`;
}

/** The parameter delta as a diverging bar (right: more, left: fewer) beside its number. */
function barCell(m: ModuleEntry, scale: number): string {
  const params = wholeWhenOneSided(m.params);
  const d = params.delta;
  const width = d === null || scale === 0 ? 0 : (50 * Math.abs(d)) / scale;
  const bar = d === null || d === 0 ? "" : `<i class="${d > 0 ? "up" : "down"}" style="width:${width.toFixed(2)}%"></i>`;
  return `<td class="delta"><span class="bar">${bar}</span>${d === 0 ? "" : deltaHtml(params)}</td>`;
}

function flopsCell(m: ModuleEntry): string {
  const f = wholeWhenOneSided(m.flops);
  if (f.delta === null) return `<td class="num">${deltaHtml(f)}</td>`;
  const from = f.a === null ? "" : compact(f.a);
  const to = f.b === null ? "" : compact(f.b);
  const percent = percentText(f.percent);
  const tip = `${from} \u2192 ${to} FLOPs (${signed(f.delta)}${percent === "" ? "" : `, ${percent}`})`;
  return `<td class="num" title="${esc(tip)}">${f.delta === 0 ? "" : deltaHtml(f)}</td>`;
}

/**
 * What else changed: the status, the interface (output type), sharing, calls, momentum. An output
 * change the parent already shows (every layer's `[B, 25, 768] → [B, 30, 768]`) is left to it.
 */
function notesCell(m: ModuleEntry, outputAsParent: boolean): string {
  const notes: string[] = [];
  if (m.status !== "same") notes.push(badge(m.status));
  if (m.status === "moved" && m.a !== null) notes.push(`<span class="note">from <code>${esc(parentPath(m.a) || "(model)")}</code></span>`);
  if (m.changes.includes("output") && m.output.a !== null && m.output.b !== null && !outputAsParent) {
    const marked = highlightChange(m.output.a, m.output.b);
    notes.push(`<span class="note mono" title="output ${esc(m.output.a)} \u2192 ${esc(m.output.b)}">${marked.a} \u2192 ${marked.b}</span>`);
  }
  if (m.changes.includes("block") && m.block.a !== null && m.block.b !== null) notes.push(`<span class="chip">block</span>`);
  if (m.changes.includes("shared")) {
    const shared = m.shared.delta === null || m.shared.delta === 0 ? "" : ` ${deltaHtml(m.shared)}`;
    notes.push(`<span class="chip">shared${shared}</span>`);
  }
  if (m.changes.includes("calls")) notes.push(`<span class="chip">calls</span>`);
  if (m.changes.includes("momentum")) notes.push(`<span class="chip">momentum</span>`);
  return `<td class="notes">${notes.join(" ")}</td>`;
}

interface RowState {
  readonly hasChildren: boolean;
  /** The nearest ancestor with an output type changed it the same way. */
  readonly outputAsParent: boolean;
  readonly collapsed: boolean;
  readonly hidden: boolean;
}

function moduleRow(m: ModuleEntry, state: RowState, report: DiffReport, scale: number): string {
  const classes = [`st-${m.status}`];
  if (!changesSomething(m)) classes.push("quiet");
  if (state.hasChildren) classes.push("k");
  if (state.collapsed) classes.push("c");
  const searchText = [m.a, m.b, m.block.a, m.block.b].filter((t) => t !== null && t !== "").join(" ");
  return (
    `<tr class="${classes.join(" ")}" data-d="${m.depth}" data-s="${esc(searchText.toLowerCase())}"${state.hidden ? " hidden" : ""}>` +
    treeCell(m, "a", report.a.model) +
    `<td class="num">${m.a === null ? "" : compactWithExact(m.params.a)}</td>` +
    treeCell(m, "b", report.b.model) +
    `<td class="num">${m.b === null ? "" : compactWithExact(m.params.b)}</td>` +
    barCell(m, scale) +
    flopsCell(m) +
    notesCell(m, state.outputAsParent) +
    `</tr>`
  );
}

/** Modules below the model that were added, removed, renamed, moved or changed. */
export function moduleChangeCount(report: DiffReport): number {
  return report.modules.filter((m) => m.depth > 0 && changesSomething(m)).length;
}

const outputPair = (m: ModuleEntry): string | undefined =>
  m.output.a === null || m.output.b === null ? undefined : `${m.output.a} -> ${m.output.b}`;

function statusDetail(modules: readonly ModuleEntry[]): string {
  const counts = new Map<string, number>();
  for (const m of modules) {
    if (m.depth === 0 || !changesSomething(m)) continue;
    const key = m.status === "same" ? "changed" : m.status;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const order = ["added", "removed", "renamed", "moved", "changed"];
  return order
    .filter((k) => counts.has(k))
    .map((k) => `<span class="st-${k}-text">${grouped(counts.get(k)!)} ${k}</span>`)
    .join(" \u00b7 ");
}

export function modulesSection(report: DiffReport): string {
  const modules = report.modules;
  const shape = treeShape(modules);
  const scale = Math.max(0, ...modules.map((m) => Math.abs(wholeWhenOneSided(m.params).delta ?? 0)));
  const collapsed = collapsedOnLoad(modules, shape);
  const hidden: boolean[] = [];
  // Per row, the output pair of its nearest ancestor that has one ("" where none does).
  const inheritedOutput: string[] = [];
  const rows = modules.map((m, i) => {
    const p = shape.parent[i]!;
    hidden.push(p >= 0 && (hidden[p]! || collapsed[p]!));
    const parentOutput = p < 0 ? "" : outputPair(modules[p]!) ?? inheritedOutput[p]!;
    inheritedOutput.push(parentOutput);
    const state = { hasChildren: shape.hasChildren[i]!, outputAsParent: outputPair(m) === parentOutput, collapsed: collapsed[i]!, hidden: hidden[i]! };
    return moduleRow(m, state, report, scale);
  });
  const sideLabel = (side: "a" | "b"): string => {
    const s = report[side];
    return `${side} \u00b7 ${esc(s.model)}${s.variant === null ? "" : ` <small>${esc(s.variant)}</small>`}`;
  };
  const controls =
    `<div class="tree-controls"><button type="button" data-act="expand">Expand all</button>` +
    `<button type="button" data-act="collapse">Collapse all</button>` +
    `<button type="button" data-act="changes">Show changes</button>` +
    `<span class="legend"><i class="up"></i> more parameters <i class="down"></i> fewer</span></div>`;
  const body =
    controls +
    `<table class="modules"><colgroup><col class="c-name"><col class="c-num"><col class="c-name">` +
    `<col class="c-num"><col class="c-delta"><col class="c-flops"><col class="c-notes"></colgroup>` +
    `<thead><tr><th>${sideLabel("a")}</th><th class="num">params</th><th>${sideLabel("b")}</th><th class="num">params</th>` +
    `<th>\u0394 params</th><th class="num">\u0394 FLOPs</th><th>changes</th></tr></thead>` +
    `<tbody id="module-rows">${rows.join("\n")}</tbody></table>`;
  return section({ id: "modules", title: "Modules", count: moduleChangeCount(report), detail: statusDetail(modules), open: true, body });
}
