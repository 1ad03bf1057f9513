// The HTML diff report's sections about sizes and interfaces: the totals table, the changed
// hyperparameters, and the shapes (model inputs and parameter shapes). Long lists start collapsed
// so the page opens on the overview a reviewer reads first.
import type { Delta, DiffReport, Totals } from "../report.js";
import { compact, grouped, hyperText, percentText, signed, TOTAL_ROWS } from "./common.js";
import { badge, pairCells, searchableRow, section, subsection, table } from "./html-blocks.js";
import { esc, trend } from "./html-format.js";

/** Lists longer than this start collapsed inside their (open) section. */
export const LONG_LIST = 40;

/** What each total counts, for the row's tooltip. */
const TOTAL_NOTES: Readonly<Record<keyof Totals, string>> = {
  params: "distinct learned parameters, shared ones counted once",
  trainable: "trainable with every objective and nothing frozen",
  shared: "elements that sharing and tying save",
  momentum: "EMA copies of instances",
  buffers: "feature queues and other buffers",
  flops: "per sample (B = 1), every call counted",
};

function exactAndCompact(n: number | null): string {
  if (n === null) return `<td class="num none">\u2014</td>`;
  return `<td class="num">${grouped(n)} <small>${compact(n)}</small></td>`;
}

function totalRow(label: string, note: string, d: Delta): string {
  const direction = trend(d.delta);
  const deltaCell =
    d.delta === null
      ? `<td class="num none">\u2014</td>`
      : `<td class="num ${direction}">${signed(d.delta)} <small>${signed(d.delta, compact)}</small></td>`;
  const percent = percentText(d.percent);
  const arrow = direction === "up" ? "\u25b2 " : direction === "down" ? "\u25bc " : "";
  return (
    `<tr class="${d.delta === 0 ? "quiet" : ""}"><th scope="row" title="${esc(note)}">${esc(label)}</th>` +
    exactAndCompact(d.a) +
    exactAndCompact(d.b) +
    deltaCell +
    `<td class="num ${direction}">${percent === "" ? "" : arrow + percent}</td></tr>`
  );
}

export function totalsSection(report: DiffReport): string {
  const rows = TOTAL_ROWS.map((r) => totalRow(r.label, TOTAL_NOTES[r.key], report.totals[r.key]));
  const changed = TOTAL_ROWS.filter((r) => (report.totals[r.key].delta ?? 1) !== 0).length;
  const body =
    `<table class="totals"><thead><tr><th></th><th class="num">a \u00b7 ${esc(report.a.model)}</th>` +
    `<th class="num">b \u00b7 ${esc(report.b.model)}</th><th class="num">\u0394</th><th class="num">%</th></tr></thead>` +
    `<tbody>${rows.join("")}</tbody></table>`;
  return section({ id: "totals", title: "Totals", count: changed, open: true, showWhenEmpty: true, body });
}

export function hypersSection(report: DiffReport): string {
  const value = (v: DiffReport["hypers"][number]["a"]): string | null => (v === null ? null : hyperText(v));
  const rows = report.hypers.map(
    (h) => `<tr><td class="mono">${esc(h.name)}</td><td>${badge(h.change)}</td>${pairCells(value(h.a), value(h.b))}</tr>`,
  );
  const body = table(["hyperparameter", "", "a", "b"], rows, "pairs");
  return section({ id: "hypers", title: "Hyperparameters", count: report.hypers.length, open: true, body });
}

export function shapesSection(report: DiffReport): string {
  const { inputs, params } = report.shapes;
  const inputRows = inputs.map(
    (c) => `<tr><td class="mono">${esc(c.name)}</td><td>${badge(c.change)}</td>${pairCells(c.a, c.b)}</tr>`,
  );
  const paramRows = params.map((c) => {
    const name = c.a === c.b ? esc(c.b) : `<span class="old">${esc(c.a)}</span> \u2192 ${esc(c.b)}`;
    return searchableRow(`${c.a} ${c.b}`, `<td class="mono">${name}</td>${pairCells(c.shape.a, c.shape.b)}`);
  });
  const body =
    subsection("Model inputs", inputs.length, inputs.length === 0 ? "" : table(["input", "", "a", "b"], inputRows, "pairs"), true) +
    subsection(
      "Parameter shapes",
      params.length,
      params.length === 0 ? "" : table(["parameter", "a", "b"], paramRows, "pairs"),
      params.length <= LONG_LIST,
      "filterable",
    );
  const detail = `${grouped(inputs.length)} inputs \u00b7 ${grouped(params.length)} parameters`;
  return section({ id: "shapes", title: "Shapes", count: inputs.length + params.length, detail, open: true, body });
}
