// The building blocks every section of the HTML diff report is made of: a collapsible section
// with a count in its summary, change badges, and a side-by-side "a | b" pair of cells. Keeping
// them in one place keeps the sections consistent (same badge for "added" everywhere).
import { grouped } from "./common.js";
import { esc } from "./html-format.js";
import { highlightChange } from "./html-textdiff.js";

export interface SectionOptions {
  /** The anchor the header's navigation links to. */
  readonly id: string;
  readonly title: string;
  /** How many changes the section lists; 0 renders "no changes". */
  readonly count: number;
  /** Extra words after the count (`456 added · 181 removed`), already HTML. */
  readonly detail?: string;
  /** Open on load; sections without changes are closed and say so, unless `showWhenEmpty`. */
  readonly open: boolean;
  /** Show the body even without changes: the totals are worth reading for identical models. */
  readonly showWhenEmpty?: boolean;
  readonly body: string;
}

/** A top-level section: a native <details>, so it collapses without any script. */
export function section(o: SectionOptions): string {
  const empty = o.count === 0 && o.showWhenEmpty !== true;
  const countText = o.count === 0 ? `<span class="count zero">no changes</span>` : `<span class="count">${grouped(o.count)}</span>`;
  const detail = o.detail === undefined || empty ? "" : ` <span class="detail">${o.detail}</span>`;
  const body = empty ? `<p class="empty">No changes.</p>` : o.body;
  return (
    `<details class="section" id="${esc(o.id)}"${o.open && !empty ? " open" : ""}>` +
    `<summary><h2>${esc(o.title)}</h2>${countText}${detail}</summary>` +
    `<div class="section-body">${body}</div></details>\n`
  );
}

/** A collapsible part inside a section, for long lists a reviewer opens only when curious. */
export function subsection(title: string, count: number, body: string, open: boolean, extraClass = ""): string {
  const cls = extraClass === "" ? "sub" : `sub ${extraClass}`;
  return (
    `<details class="${cls}"${open ? " open" : ""}><summary><h3>${esc(title)}</h3>` +
    `<span class="count${count === 0 ? " zero" : ""}">${count === 0 ? "none" : grouped(count)}</span></summary>${body}</details>`
  );
}

/** Kinds of badge: one colour per meaning, shared by modules, sharing, objectives and stages. */
const BADGE_CLASS: Readonly<Record<string, string>> = {
  added: "add",
  removed: "rem",
  changed: "chg",
  renamed: "ren",
  moved: "ren",
  "now shared": "add",
  "no longer shared": "rem",
  "owner changed": "chg",
  "kind changed": "chg",
  "holds on a only": "warn",
  "holds on b only": "warn",
};

export function badge(change: string): string {
  return `<span class="badge ${BADGE_CLASS[change] ?? "chg"}">${esc(change)}</span>`;
}

/** A table with a header row; rows are already HTML `<tr>`s. */
export function table(headers: readonly string[], rows: readonly string[], className = ""): string {
  const head = headers.map((h) => `<th>${esc(h)}</th>`).join("");
  const cls = className === "" ? "" : ` class="${className}"`;
  return `<div class="scroll"><table${cls}><thead><tr>${head}</tr></thead><tbody>${rows.join("")}</tbody></table></div>`;
}

/** Two cells, a then b, for values that may exist on one side only; changed words are marked. */
export function pairCells(a: string | null, b: string | null): string {
  if (a !== null && b !== null) {
    const marked = highlightChange(a, b);
    return `<td class="mono">${marked.a}</td><td class="mono">${marked.b}</td>`;
  }
  const cell = (text: string | null): string => (text === null ? `<td class="absent"></td>` : `<td class="mono">${esc(text)}</td>`);
  return cell(a) + cell(b);
}

/** A row the search box filters: its lower-cased searchable text rides in data-s. */
export function searchableRow(searchText: string, cells: string): string {
  return `<tr data-s="${esc(searchText.toLowerCase())}">${cells}</tr>`;
}
