// The HTML diff report in a real browser: ALBEF against BLIP base (~1,100 module rows) opened from
// a file in headless Chromium must load without a console error, an exception or a network
// request, fold and unfold, filter as one types, and leave screenshots in test/output/ for a
// person to look at (diff-report.png at 1400×900, diff-report-full.png, diff-report-dark.png).
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderHtml } from "../../compiler/diff/render/html.js";
import { browserMissing, launchBrowser, openPage, skipBrowserTests, type PageProblems } from "../support/browser.js";
import { compileSide, reportOf } from "./html-fixtures.js";

const OUTPUT = join("test", "output");
const PAGE_FILE = join(OUTPUT, "diff-report.html");

const title = skipBrowserTests ? `HTML diff report in Chromium (skipped: ${browserMissing()})` : "HTML diff report in Chromium";
if (skipBrowserTests) console.warn(`${title}; set VLMC_REQUIRE_BROWSER=1 to make this a failure`);

interface RowSeen {
  readonly depth: number;
  readonly text: string;
  readonly hidden: boolean;
}

/**
 * Rows as the page shows them: depth, searchable text, whether hidden. Read in one evaluate:
 * puppeteer's $$eval would make a handle per row, slow over a thousand rows.
 */
function rowsSeen(page: Page, selector: string): Promise<RowSeen[]> {
  return page.evaluate(
    (sel) =>
      Array.from(document.querySelectorAll<HTMLElement>(sel), (r) => ({
        depth: Number(r.getAttribute("data-d")),
        text: r.getAttribute("data-s") ?? "",
        hidden: r.hidden,
      })),
    selector,
  );
}

const moduleRows = (page: Page): Promise<RowSeen[]> => rowsSeen(page, "#module-rows > tr");

describe.skipIf(skipBrowserTests)(title, () => {
  let moduleCount = 0;
  let browser: Browser | undefined;
  let page: Page;
  let problems: PageProblems;

  beforeAll(async () => {
    const report = reportOf(compileSide("specs/models/albef.vlm"), compileSide("specs/models/blip.vlm#base"));
    moduleCount = report.modules.length;
    mkdirSync(OUTPUT, { recursive: true });
    writeFileSync(PAGE_FILE, renderHtml(report));
    // One browser and one page for the tests below, which run in order on the same page.
    browser = await launchBrowser();
    ({ page, problems } = await openPage(browser, pathToFileURL(resolve(PAGE_FILE)).href));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("loads with no console error, no page error and no network request", async () => {
    expect(await page.title()).toContain("ALBEF");
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.requests).toEqual([]);
    expect((await moduleRows(page)).length).toBe(moduleCount);
    // Nothing pokes out sideways at a laptop's width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1400);
  });

  it("shows a renamed module as old → new on its row", async () => {
    const renamed = await page.evaluate(() =>
      Array.from(document.querySelectorAll("#module-rows > tr.st-renamed"), (r) => {
        const [a, , b] = Array.from(r.querySelectorAll("td"), (td) => td.textContent ?? "");
        return { a: a!, b: b! };
      }),
    );
    expect(renamed.length).toBeGreaterThan(0);
    for (const { a, b } of renamed) expect(b.startsWith(`${a.split(" ")[0]} \u2192 `), `${a} | ${b}`).toBe(true);
  });

  it("saves screenshots: 1400×900, the full page, and dark mode", async () => {
    await page.screenshot({ path: join(OUTPUT, "diff-report.png") });
    await page.screenshot({ path: join(OUTPUT, "diff-report-full.png"), fullPage: true });
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "dark" }]);
    await page.screenshot({ path: join(OUTPUT, "diff-report-dark.png") });
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "light" }]);
  });

  it("expands a collapsed section and shows its content", async () => {
    const closed = "#sharing details.sub:not([open])";
    const firstRow = `${closed} tbody tr`;
    expect(await page.$eval(firstRow, (r) => r.checkVisibility())).toBe(false);
    await page.click(`${closed} > summary`);
    expect(await page.$eval("#sharing details.sub[open] tbody tr", (r) => r.checkVisibility())).toBe(true);
  });

  it("unfolds and folds a collapsed module subtree", async () => {
    const before = await moduleRows(page);
    const index = before.findIndex((r, i) => !r.hidden && i + 1 < before.length && before[i + 1]!.depth > r.depth && before[i + 1]!.hidden);
    expect(index).toBeGreaterThanOrEqual(0);
    const toggle = `#module-rows > tr:nth-child(${index + 1}) > td.tree:not(.absent)`;
    await page.click(toggle);
    const opened = await moduleRows(page);
    expect(opened[index + 1]!.hidden).toBe(false);
    expect(await page.$eval(`#module-rows > tr:nth-child(${index + 2})`, (r) => r.checkVisibility())).toBe(true);
    await page.click(toggle);
    expect((await moduleRows(page)).map((r) => r.hidden)).toEqual(before.map((r) => r.hidden));
  });

  it("expands every row and returns to the folds it opened with", async () => {
    const before = await moduleRows(page);
    await page.click(`button[data-act="expand"]`);
    expect((await moduleRows(page)).filter((r) => r.hidden)).toEqual([]);
    await page.click(`button[data-act="changes"]`);
    expect((await moduleRows(page)).map((r) => r.hidden)).toEqual(before.map((r) => r.hidden));
  });

  it("filters module and sharing rows as one types, keeping matches' ancestors", async () => {
    const query = "cross_attn";
    const before = await moduleRows(page);
    await page.type("#search", query);
    const rows = await moduleRows(page);
    const isMatch = rows.map((r) => r.text.includes(query));
    const shown = rows.filter((r) => !r.hidden).length;
    expect(isMatch.filter(Boolean).length).toBeGreaterThan(0);
    expect(shown).toBeLessThan(rows.length);
    rows.forEach((r, i) => {
      if (isMatch[i]) expect(r.hidden, r.text).toBe(false);
      if (r.hidden || isMatch[i]) return;
      // A shown row that does not match is an ancestor of one that does.
      let j = i + 1;
      while (j < rows.length && rows[j]!.depth > r.depth && !isMatch[j]) j++;
      expect(j < rows.length && rows[j]!.depth > r.depth, `${r.text} is shown without a match below it`).toBe(true);
    });
    const sharing = await rowsSeen(page, "#sharing tbody tr[data-s]");
    expect(sharing.some((r) => !r.hidden)).toBe(true);
    for (const r of sharing) expect(r.hidden).toBe(!r.text.includes(query));
    expect(await page.$eval("#search-status", (s) => s.textContent)).toMatch(/\d+ modules/);

    await page.keyboard.press("Escape");
    expect((await moduleRows(page)).map((r) => r.hidden)).toEqual(before.map((r) => r.hidden));
  });
});
