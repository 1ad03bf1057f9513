// The sharing section of the HTML diff report: parameter sharing and tying as compressed groups
// (`decoder.bert.layers.{0..11}.ffn.fc1.{weight,bias}` reads better than 24 rows), momentum (EMA)
// copies and feature queues; every individual parameter is one click away in a collapsed list.
import type { DiffReport, MomentumChange, SharingChange } from "../report.js";
import { badge, pairCells, searchableRow, section, subsection, table } from "./html-blocks.js";
import { compact, grouped } from "./common.js";
import { esc } from "./html-format.js";
import { highlightChange } from "./html-textdiff.js";

const OWN_TENSOR = `<span class="none">own tensor</span>`;

/** The owners on both sides: "own tensor" where a side's parameter is not shared. */
function ownerCells(a: string | null, b: string | null): string {
  if (a !== null && b !== null) {
    const marked = highlightChange(a, b);
    return `<td class="mono">${marked.a}</td><td class="mono">${marked.b}</td>`;
  }
  const cell = (owner: string | null): string => `<td class="mono">${owner === null ? OWN_TENSOR : esc(owner)}</td>`;
  return cell(a) + cell(b);
}

const elementsCell = (n: number): string => `<td class="num" title="${grouped(n)} elements">${compact(n)}</td>`;

function kindTag(kind: string | null): string {
  return kind === null ? "" : ` <span class="chip">${esc(kind)}</span>`;
}

function paramRow(c: SharingChange): string {
  const owner = (side: SharingChange["a"]): string =>
    `<td class="mono">${side.owner === null ? OWN_TENSOR : esc(side.owner) + kindTag(side.kind)}</td>`;
  const cells = `<td class="mono">${esc(c.param)}</td><td>${badge(c.change)}</td>${owner(c.a)}${owner(c.b)}${elementsCell(c.elements)}`;
  return searchableRow(`${c.param} ${c.a.owner ?? ""} ${c.b.owner ?? ""}`, cells);
}

function momentumText(side: MomentumChange["a"]): string | null {
  return side === null ? null : `EMA of ${side.of}, decay ${side.decay}`;
}

/** Rows of the readable view: sharing groups, momentum copies, queues. */
export function sharingChangeCount(report: DiffReport): number {
  const { groups, momentum, queues } = report.sharing;
  return groups.length + momentum.length + queues.length;
}

export function sharingSection(report: DiffReport): string {
  const { params, groups, momentum, queues } = report.sharing;
  const groupRows = groups.map((g) =>
    searchableRow(
      `${g.params} ${g.owners.a ?? ""} ${g.owners.b ?? ""}`,
      `<td>${badge(g.change)}</td><td class="mono">${esc(g.params)}</td>${ownerCells(g.owners.a, g.owners.b)}` +
        `<td class="num">${grouped(g.count)}</td>${elementsCell(g.elements)}`,
    ),
  );
  const momentumRows = momentum.map(
    (m) => `<tr><td class="mono">${esc(m.instance)}</td><td>${badge(m.change)}</td>${pairCells(momentumText(m.a), momentumText(m.b))}</tr>`,
  );
  const queueRows = queues.map((q) => `<tr><td class="mono">${esc(q.name)}</td><td>${badge(q.change)}</td>${pairCells(q.a, q.b)}</tr>`);
  const parts: string[] = [];
  parts.push(
    groups.length === 0
      ? `<p class="empty">Sharing and tying: no changes.</p>`
      : table(["", "parameters", "owner in a", "owner in b", "count", "elements"], groupRows, "filterable"),
  );
  if (params.length > 0) {
    const every = table(["parameter", "", "owner in a", "owner in b", "elements"], params.map(paramRow));
    parts.push(subsection("Every parameter", params.length, every, false, "filterable"));
  }
  const momentumTable = momentum.length === 0 ? "" : table(["instance", "", "a", "b"], momentumRows, "pairs");
  parts.push(subsection("Momentum copies", momentum.length, momentumTable, true));
  const queueTable = queues.length === 0 ? "" : table(["queue", "", "a", "b"], queueRows, "pairs");
  parts.push(subsection("Queues", queues.length, queueTable, true));
  const detail = `${grouped(params.length)} parameters \u00b7 ${grouped(momentum.length)} momentum \u00b7 ${grouped(queues.length)} queues`;
  return section({ id: "sharing", title: "Sharing", count: sharingChangeCount(report), detail, open: true, body: parts.join("") });
}
