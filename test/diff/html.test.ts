// The HTML diff report as text (html-browser.test.ts opens it in Chromium): names from specs are
// escaped, the page depends on the report alone, a model against itself says "no differences",
// empty sections say "no changes", and the module tree starts folded where nothing structural
// changed. Reports come from real specs: CLIP B/32 against B/16, and B/32 against itself.
import { beforeAll, describe, expect, it } from "vitest";
import type { DiffReport } from "../../compiler/diff/report.js";
import { grouped } from "../../compiler/diff/render/common.js";
import { renderHtml } from "../../compiler/diff/render/html.js";
import { highlightChange } from "../../compiler/diff/render/html-textdiff.js";
import { compileSide, reportOf, type CompiledSide } from "./html-fixtures.js";

const SECTIONS = ["totals", "hypers", "modules", "shapes", "sharing", "objectives", "stages", "published"];

/** The opening tag and summary of a top-level section. */
function sectionHead(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  expect(start, `section ${id}`).toBeGreaterThan(0);
  return html.slice(html.lastIndexOf("<details", start), html.indexOf("</summary>", start));
}

interface RowTag {
  readonly classes: string[];
  readonly text: string;
  readonly hidden: boolean;
  readonly html: string;
}

/** The module table's rows, in order, with their classes, search text and hidden flag. */
function moduleRows(html: string): RowTag[] {
  const body = html.slice(html.indexOf(`<tbody id="module-rows">`), html.indexOf("</tbody>", html.indexOf(`id="module-rows"`)));
  return body
    .split("</tr>")
    .filter((row) => row.includes("<tr "))
    .map((row) => {
      const tag = /<tr class="([^"]*)" data-d="\d+" data-s="([^"]*)"( hidden)?>/.exec(row)!;
      return { classes: tag[1]!.split(" "), text: tag[2]!, hidden: tag[3] !== undefined, html: row };
    });
}

describe("HTML diff report", () => {
  let b32: CompiledSide;
  let changed: DiffReport;
  let same: DiffReport;

  beforeAll(() => {
    b32 = compileSide("specs/models/clip.vlm#B32");
    changed = reportOf(b32, compileSide("specs/models/clip.vlm#B16"));
    same = reportOf(b32, b32);
  });

  it("escapes names that come from specs", () => {
    const labelled = reportOf(b32, b32, { a: `<script>alert("a")</script>`, b: `x" onmouseover="y` });
    const withMarkup: DiffReport = {
      ...labelled,
      hypers: [{ name: "<img src=x onerror=alert(1)>", change: "added", a: null, b: "</td><script>" }],
    };
    const html = renderHtml(withMarkup);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain("&lt;script&gt;alert(&quot;a&quot;)&lt;/script&gt;");
    expect(html).not.toContain(`onmouseover="y`);
    expect(html).toContain("x&quot; onmouseover=&quot;y");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("depends on the report alone: same report, same bytes", () => {
    const html = renderHtml(changed);
    expect(renderHtml(changed)).toBe(html);
    expect(renderHtml(JSON.parse(JSON.stringify(changed)) as DiffReport)).toBe(html);
  });

  it("is self-contained: a policy that forbids every fetch, and nothing that would fetch", () => {
    const html = renderHtml(changed);
    expect(html).toContain(`http-equiv="Content-Security-Policy" content="default-src 'none'`);
    expect(html).not.toMatch(/<link|<img|<iframe|\ssrc=|url\(|@import|https?:\/\//);
  });

  it("says no differences for a model against itself, and no changes in every section", () => {
    expect(same.identical).toBe(true);
    const html = renderHtml(same);
    expect(html).toContain("no differences");
    for (const id of SECTIONS) {
      const head = sectionHead(html, id);
      expect(head, id).toContain("no changes");
      // The totals stay open: the size of a model is worth seeing even when nothing changed.
      expect(head.includes(" open"), id).toBe(id === "totals");
    }
    expect(html).toContain(`${grouped(same.totals.params.a!)} <small>`);
    // An empty section says so instead of listing a tree of unchanged modules.
    expect(html).not.toContain(`id="module-rows"`);
  });

  it("lists what changed and says no changes where nothing did", () => {
    const html = renderHtml(changed);
    expect(html).not.toContain("no differences");
    for (const id of ["sharing", "objectives", "stages"]) expect(sectionHead(html, id), id).toContain("no changes");
    for (const id of ["totals", "hypers", "modules", "shapes"]) {
      expect(sectionHead(html, id), id).not.toContain("no changes");
      expect(sectionHead(html, id), id).toContain(" open");
    }
    // The patch size is the hyperparameter that changed, highlighted on both sides.
    expect(html).toMatch(/<td class="mono">patch<\/td>.*<mark class="del">32<\/mark>.*<mark class="ins">16<\/mark>/);
    // Totals with thousands separators and in compact form.
    const params = changed.totals.params;
    expect(html).toContain("151,277,313");
    expect(html).toContain(`149,620,737 <small>149.6M</small>`);
    expect(params.delta).toBeLessThan(0);
    expect(html).toContain("\u22121,656,576");
  });

  it("aligns one row per module, folds what only changed in FLOPs, and scales bars to the largest delta", () => {
    const rows = moduleRows(renderHtml(changed));
    expect(rows).toHaveLength(changed.modules.length);
    const at = (path: string): number => changed.modules.findIndex((m) => m.b === path);
    // Only FLOPs and output shapes changed inside the layers: folded, its children hidden.
    const layers = at("visual.vit.layers");
    expect(rows[layers]!.classes).toContain("c");
    expect(rows[layers]!.hidden).toBe(false);
    expect(rows[layers + 1]!.hidden).toBe(true);
    // The patch embedding changed size: on the open path, with the widest bar.
    const patch = at("visual.vit.patch_embed");
    expect(rows[patch]!.hidden).toBe(false);
    const largest = Math.max(...changed.modules.map((m) => Math.abs(m.params.delta ?? 0)));
    expect(Math.abs(changed.modules[patch]!.params.delta!)).toBe(largest);
    expect(rows[patch]!.html).toContain(`<i class="down" style="width:50.00%">`);
    // A hidden row always sits below a folded ancestor.
    rows.forEach((r, i) => {
      if (!r.hidden) return;
      let p = i - 1;
      while (p >= 0 && changed.modules[p]!.depth >= changed.modules[i]!.depth) p--;
      expect(rows[p]!.hidden || rows[p]!.classes.includes("c"), r.text).toBe(true);
    });
  });

  it("keeps only the sections --only asks for", () => {
    const html = renderHtml(changed, { only: ["sharing"], depth: 3 });
    expect(html).toContain(`id="sharing"`);
    for (const id of SECTIONS.filter((s) => s !== "sharing")) expect(html, id).not.toContain(`id="${id}"`);
    expect(html).not.toContain(`href="#modules"`);
  });

  it("marks only the words that differ between a and b", () => {
    const marked = highlightChange("f32[B, 3, 256, 256]", "f32[B, 3, 224, 224]");
    expect(marked.a).toBe(`f32[B, 3, <mark class="del">256</mark>, <mark class="del">256</mark>]`);
    expect(marked.b).toBe(`f32[B, 3, <mark class="ins">224</mark>, <mark class="ins">224</mark>]`);
    expect(highlightChange("a<b", "a<c")).toEqual({ a: `a&lt;<mark class="del">b</mark>`, b: `a&lt;<mark class="ins">c</mark>` });
  });
});
