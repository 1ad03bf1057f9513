// Text and number formatting for the HTML diff report: escaping (every name in the report comes
// from a user's spec, so nothing reaches the page unescaped) and numbers as HTML, a compact form
// with the exact count in its tooltip. The words and number forms themselves come from common.ts,
// so the HTML says what the text and Markdown reports say.
import type { Delta } from "../report.js";
import { compact, grouped, percentText, signed } from "./common.js";

const ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for element content and for quoted attribute values alike. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** The CSS class that colours a delta: up, down, or zero (muted). */
export function trend(delta: number | null): "up" | "down" | "zero" {
  if (delta === null || delta === 0) return "zero";
  return delta > 0 ? "up" : "down";
}

/**
 * The report leaves a delta null when a side is missing; for a module present on one side only,
 * the change a reviewer wants is all of it (an added encoder is +137M), with no percentage.
 */
export function wholeWhenOneSided(d: Delta): Delta {
  if (d.delta !== null || (d.a === null && d.b === null)) return d;
  return { ...d, delta: (d.b ?? 0) - (d.a ?? 0), percent: null };
}

/** A number as compact text with the exact count in its tooltip; an em dash where there is none. */
export function compactWithExact(n: number | null): string {
  if (n === null) return `<span class="none">\u2014</span>`;
  return `<span title="${grouped(n)}">${compact(n)}</span>`;
}

/** A delta as coloured compact text with its percentage, the exact delta in the tooltip. */
export function deltaHtml(d: Delta): string {
  if (d.delta === null) return `<span class="none">\u2014</span>`;
  const percent = percentText(d.percent);
  const tip = `${signed(d.delta)}${percent === "" ? "" : ` (${percent})`}`;
  const pct = percent === "" || d.delta === 0 ? "" : ` <small>${percent}</small>`;
  return `<span class="${trend(d.delta)}" title="${tip}">${signed(d.delta, compact)}${pct}</span>`;
}

/** Plural nouns for counts in summaries: "1 module", "3 modules". */
export function plural(count: number, noun: string, nounPlural = `${noun}s`): string {
  return `${grouped(count)} ${count === 1 ? noun : nounPlural}`;
}
