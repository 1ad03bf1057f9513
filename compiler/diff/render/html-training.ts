// The HTML diff report's sections about training: objectives (only the fields that changed, a
// against b), stages (objectives and frozen sets added or removed, the trainable delta) and the
// spec's `published` claims, where a claim that holds on one side only is the thing to flag.
import type { DiffReport, ObjectiveChange, ObjectiveView, PublishedView, StageChange, StageView } from "../report.js";
import { badge, pairCells, section, table } from "./html-blocks.js";
import { compact, grouped } from "./common.js";
import { deltaHtml, esc } from "./html-format.js";

/** One "field: a | b" line of an objective. */
interface FieldLine {
  readonly field: string;
  readonly a: string | null;
  readonly b: string | null;
}

function settingLines(a: ObjectiveView | null, b: ObjectiveView | null, onlyChanged: boolean): FieldLine[] {
  const keys = [...new Set([...Object.keys(a?.settings ?? {}), ...Object.keys(b?.settings ?? {})])].sort();
  return keys
    .map((k) => ({ field: k, a: a?.settings[k] ?? null, b: b?.settings[k] ?? null }))
    .filter((l) => !onlyChanged || l.a !== l.b);
}

function objectiveLines(c: ObjectiveChange): FieldLine[] {
  const whole = c.change !== "changed";
  const has = (field: string): boolean => whole || c.fields.includes(field);
  const lines: FieldLine[] = [];
  if (has("fn")) lines.push({ field: "function", a: c.a?.fn ?? null, b: c.b?.fn ?? null });
  if (has("expr")) lines.push({ field: "expression", a: c.a?.expr ?? null, b: c.b?.expr ?? null });
  if (has("weight")) lines.push({ field: "weight", a: c.a === null ? null : String(c.a.weight), b: c.b === null ? null : String(c.b.weight) });
  if (has("settings")) lines.push(...settingLines(c.a, c.b, !whole));
  return lines;
}

function objectiveRows(c: ObjectiveChange): string {
  const lines = objectiveLines(c);
  const head = `<td class="mono" rowspan="${Math.max(1, lines.length)}"><b>${esc(c.name)}</b><br>${badge(c.change)}</td>`;
  if (lines.length === 0) return `<tr>${head}<td colspan="3" class="none">no field differs</td></tr>`;
  return lines
    .map((l, k) => `<tr>${k === 0 ? head : ""}<td class="field">${esc(l.field)}</td>${pairCells(l.a, l.b)}</tr>`)
    .join("");
}

export function objectivesSection(report: DiffReport): string {
  const body = table(["objective", "field", "a", "b"], report.objectives.map(objectiveRows), "pairs objectives");
  return section({ id: "objectives", title: "Objectives", count: report.objectives.length, open: true, body });
}

/** Patterns as a list, folded behind a count when long (VLMo freezes two dozen). */
function patternList(patterns: readonly string[], sign: string, className: string): string {
  if (patterns.length === 0) return "";
  const items = patterns.map((p) => `<li class="${className}"><span class="sign">${sign}</span>${esc(p)}</li>`).join("");
  const list = `<ul class="patterns mono">${items}</ul>`;
  if (patterns.length <= 6) return list;
  return `<details class="inline"><summary class="${className}">${sign}${grouped(patterns.length)} patterns</summary>${list}</details>`;
}

function nameList(names: readonly string[]): string {
  return names.length === 0 ? `<span class="none">none</span>` : names.map((n) => `<code>${esc(n)}</code>`).join(" ");
}

/** A stage on one side only: what it is, rather than what changed. */
function wholeStage(view: StageView): { objectives: string; frozen: string } {
  return {
    objectives: nameList(view.objectives),
    frozen: view.frozen.length === 0 ? `<span class="none">nothing frozen</span>` : patternList(view.frozen, "", "plain"),
  };
}

function stageRow(c: StageChange): string {
  const side = c.b ?? c.a;
  let objectives: string;
  let frozen: string;
  if (c.change === "changed" || side === null) {
    const added = c.objectives.added.map((n) => `<code class="up">+${esc(n)}</code>`);
    const removed = c.objectives.removed.map((n) => `<code class="down">\u2212${esc(n)}</code>`);
    objectives = added.length + removed.length === 0 ? `<span class="none">unchanged</span>` : [...added, ...removed].join(" ");
    const both = patternList(c.frozen.added, "+", "up") + patternList(c.frozen.removed, "\u2212", "down");
    frozen = both === "" ? `<span class="none">unchanged</span>` : both;
  } else {
    ({ objectives, frozen } = wholeStage(side));
  }
  const trainable =
    c.trainable.delta === null
      ? compact(side?.trainable ?? 0)
      : `${compact(c.trainable.a ?? 0)} \u2192 ${compact(c.trainable.b ?? 0)} ${deltaHtml(c.trainable)}`;
  return (
    `<tr><td class="mono"><b>${esc(c.name)}</b></td><td>${badge(c.change)}</td><td>${objectives}</td>` +
    `<td>${frozen}</td><td class="num">${trainable}</td></tr>`
  );
}

export function stagesSection(report: DiffReport): string {
  const body = table(["stage", "", "objectives", "frozen", "trainable"], report.stages.map(stageRow), "stages");
  return section({ id: "stages", title: "Stages", count: report.stages.length, open: true, body });
}

/** One side of a claim: the published number, what the spec counts, and whether they agree. */
function claimCell(v: PublishedView | null): string {
  if (v === null) return `<td class="absent"></td>`;
  const verdict = v.holds ? `<span class="up">\u2713 holds</span>` : `<span class="down">\u2717 fails</span>`;
  return (
    `<td class="num"><span title="${grouped(v.value)}">${compact(v.value)}</span> claimed \u00b7 ` +
    `<span title="${grouped(v.counted)}">${compact(v.counted)}</span> counted \u00b7 ${verdict}</td>`
  );
}

export function publishedSection(report: DiffReport): string {
  const rows = report.published.map(
    (p) =>
      `<tr${p.change.startsWith("holds") ? ` class="flag"` : ""}><td class="mono">${esc(p.name)}</td><td>${badge(p.change)}</td>` +
      `${claimCell(p.a)}${claimCell(p.b)}</tr>`,
  );
  const oneSided = report.published.filter((p) => p.change.startsWith("holds")).length;
  const detail = oneSided === 0 ? undefined : `<span class="warn-text">${grouped(oneSided)} hold on one side only</span>`;
  const body = table(["claim", "", "a", "b"], rows, "pairs");
  return section({ id: "published", title: "Published claims", count: report.published.length, detail, open: true, body });
}
