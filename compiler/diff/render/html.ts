// `vlmc diff --format html`: the report as ONE self-contained page a reviewer opens from a pull
// request: the two sides and a verdict, then every section of the report as a collapsible part
// (html-sections.ts, html-modules.ts, html-sharing.ts, html-training.ts), styled and scripted
// inline (html-style.ts, html-script.ts). No network: a Content-Security-Policy forbids every
// fetch, so a stray link to a font or image would show up as an error, not a silent request.
// Deterministic: the page depends on the report alone (no dates, no randomness).
import type { DiffReport, DiffSection, DiffSide } from "../report.js";
import { compact, DEFAULT_DEPTH, grouped, percentText, shows, signed, type RenderOptions } from "./common.js";
import { esc, plural } from "./html-format.js";
import { moduleChangeCount, modulesSection } from "./html-modules.js";
import { PAGE_SCRIPT } from "./html-script.js";
import { hypersSection, shapesSection, totalsSection } from "./html-sections.js";
import { sharingChangeCount, sharingSection } from "./html-sharing.js";
import { PAGE_STYLE } from "./html-style.js";
import { objectivesSection, publishedSection, stagesSection } from "./html-training.js";

const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'";

const sideTitle = (s: DiffSide): string => `${esc(s.model)}${s.variant === null ? "" : ` <small>${esc(s.variant)}</small>`}`;
const sidePlain = (s: DiffSide): string => `${s.model}${s.variant === null ? "" : ` (${s.variant})`}`;

function sideCard(s: DiffSide, side: "a" | "b"): string {
  const facts: [string, string][] = [
    ["model", s.model],
    ["variant", s.variant ?? "default"],
    ["revision", s.revision ?? "working tree"],
  ];
  // The label usually is the file (with its variant); repeat the file only when it is not.
  if (s.label !== s.file && s.label !== `${s.file}#${s.variant ?? ""}`) facts.push(["file", s.file]);
  const dl = facts.map(([k, v]) => `<div><dt>${k}</dt><dd>${esc(v)}</dd></div>`).join("");
  return `<div class="side side-${side}"><span class="tag">${side}</span><span class="label">${esc(s.label)}</span><dl>${dl}</dl></div>`;
}

/** The verdict and the handful of facts a reviewer wants before scrolling. */
function verdict(report: DiffReport): string {
  if (report.identical) return `<p class="verdict same"><span class="word">\u2713 no differences</span></p>`;
  const facts: string[] = [];
  const size = (label: string, d: DiffReport["totals"]["params"]): void => {
    if (d.delta === null || d.delta === 0) return;
    const pct = percentText(d.percent);
    facts.push(`<span class="${d.delta > 0 ? "up" : "down"}">${signed(d.delta, compact)} ${label}${pct === "" ? "" : ` (${pct})`}</span>`);
  };
  size("params", report.totals.params);
  size("FLOPs", report.totals.flops);
  if (report.hypers.length > 0) facts.push(plural(report.hypers.length, "hyperparameter"));
  const byStatus = (status: string): number => report.modules.filter((m) => m.status === status).length;
  for (const status of ["added", "removed", "renamed", "moved"]) {
    const count = byStatus(status);
    if (count > 0) facts.push(`<span class="st-${status}-text">${plural(count, "module")} ${status}</span>`);
  }
  const sharing = report.sharing.params.length;
  if (sharing > 0) facts.push(`${plural(sharing, "sharing change")}`);
  if (report.objectives.length > 0) facts.push(plural(report.objectives.length, "objective"));
  if (report.stages.length > 0) facts.push(plural(report.stages.length, "stage"));
  const oneSided = report.published.filter((p) => p.change.startsWith("holds")).length;
  if (oneSided > 0) facts.push(`<span class="warn-text">${plural(oneSided, "published claim")} on one side only</span>`);
  return `<p class="verdict differs"><span class="word">differs</span>${facts.map((f) => `<span class="fact">${f}</span>`).join("")}</p>`;
}

/** A section of the page: what `--only` selects it by, and its entry in the table of contents. */
interface Part {
  readonly id: string;
  readonly show: "hypers" | DiffSection;
  readonly render: (report: DiffReport) => string;
  /** Title and count in the table of contents; the totals, always on screen first, have none. */
  readonly toc?: { readonly title: string; readonly count: (report: DiffReport) => number };
}

/** In page order; `show` follows the other formats (totals, modules and claims come with `params`). */
const PARTS: readonly Part[] = [
  { id: "totals", show: "params", render: totalsSection },
  { id: "hypers", show: "hypers", render: hypersSection, toc: { title: "Hyperparameters", count: (r) => r.hypers.length } },
  { id: "modules", show: "params", render: modulesSection, toc: { title: "Modules", count: moduleChangeCount } },
  { id: "shapes", show: "shapes", render: shapesSection, toc: { title: "Shapes", count: (r) => r.shapes.inputs.length + r.shapes.params.length } },
  { id: "sharing", show: "sharing", render: sharingSection, toc: { title: "Sharing", count: sharingChangeCount } },
  { id: "objectives", show: "objectives", render: objectivesSection, toc: { title: "Objectives", count: (r) => r.objectives.length } },
  { id: "stages", show: "stages", render: stagesSection, toc: { title: "Stages", count: (r) => r.stages.length } },
  { id: "published", show: "params", render: publishedSection, toc: { title: "Published", count: (r) => r.published.length } },
];

function contents(report: DiffReport, parts: readonly Part[]): string {
  const links = parts.flatMap((p) => {
    if (p.toc === undefined) return [];
    const count = p.toc.count(report);
    return [`<a href="#${p.id}"${count === 0 ? ` class="empty"` : ""}>${p.toc.title}<span>${grouped(count)}</span></a>`];
  });
  return `<nav class="toc">${links.join("")}</nav>`;
}

/**
 * The page. `opts.only` (`vlmc diff --only`) keeps the sections asked for; `opts.depth` does not
 * apply, since the page folds its module tree itself (html-modules.ts says what starts folded).
 */
export function renderHtml(report: DiffReport, opts: RenderOptions = { depth: DEFAULT_DEPTH }): string {
  const title = `vlmc diff: ${sidePlain(report.a)} \u2192 ${sidePlain(report.b)}`;
  const parts = PARTS.filter((p) => shows(opts, p.show));
  const rendered = parts.map((p) => p.render(report));
  // Totals and hyperparameters are short: side by side when both are there.
  const overview = parts.filter((p) => p.id === "totals" || p.id === "hypers").length;
  const sections = overview === 0 ? rendered : [`<div class="overview">${rendered.slice(0, overview).join("")}</div>`, ...rendered.slice(overview)];
  return (
    `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n` +
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="color-scheme" content="light dark">\n` +
    `<title>${esc(title)}</title>\n<style>${PAGE_STYLE}</style>\n</head>\n<body>\n<div class="page">\n` +
    `<header class="page-head"><div class="kicker">vlmc diff</div>` +
    `<h1>${sideTitle(report.a)}<span class="arrow">\u2192</span>${sideTitle(report.b)}</h1>` +
    `<div class="sides">${sideCard(report.a, "a")}${sideCard(report.b, "b")}</div>${verdict(report)}</header>\n` +
    `<div class="toolbar"><input id="search" type="search" placeholder="Filter modules, parameters\u2026   /" ` +
    `aria-label="Filter modules and parameters" autocomplete="off" spellcheck="false">` +
    `<span id="search-status" aria-live="polite"></span>${contents(report, parts)}</div>\n` +
    `<main>\n${sections.join("")}</main>\n` +
    `<footer>${esc(report.schema)} v${report.version} \u00b7 a = ${esc(report.a.label)} \u00b7 b = ${esc(report.b.label)}</footer>\n` +
    `</div>\n<script>${PAGE_SCRIPT}</script>\n</body>\n</html>\n`
  );
}
