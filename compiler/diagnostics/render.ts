// Renders diagnostics like tsc and rustc:
//   specs/models/blip.vlm:14:3 - error VLM4002: message
//     14 |   share decoder.** with encoder.**
//        |   ^^^^^^^^^^^^^^^^
//     note: specs/std/bert.vlm:20:5: related message
//     hint: what to do
import type { Span } from "./span.js";
import type { Diagnostic } from "./diagnostic.js";
import type { SourceSet } from "./source-text.js";

export function location(span: Span | undefined, sources: SourceSet): string {
  if (!span) return "vlmc";
  const src = sources.get(span.file);
  if (!src) return span.file;
  const { line, column } = src.lineCol(span.start);
  return `${span.file}:${line}:${column}`;
}

/** Lines longer than this are shown as a window around the span, so a generated one-line spec is not echoed whole. */
const MAX_SHOWN = 160;
const BEFORE = 60;

function excerpt(span: Span, sources: SourceSet, indent: string): string[] {
  const src = sources.get(span.file);
  if (!src) return [];
  const start = src.lineCol(span.start);
  const end = src.lineCol(Math.max(span.start, span.end - 1));
  const line = src.line(start.line);
  const gutter = String(start.line);
  const pad = " ".repeat(gutter.length);
  let width = end.line === start.line ? Math.max(1, end.column - start.column + 1) : Math.max(1, line.length - start.column + 1);
  // The shown part of the line: all of it, or a window from a little before the span.
  let from = 0;
  let text = line;
  if (line.length > MAX_SHOWN) {
    from = Math.max(0, start.column - 1 - BEFORE);
    const to = Math.min(line.length, from + MAX_SHOWN);
    text = `${from > 0 ? "…" : ""}${line.slice(from, to)}${to < line.length ? "…" : ""}`;
    width = Math.min(width, to - (start.column - 1));
    if (from > 0) from -= 1; // the leading "…" takes a column
  }
  const caretPad = text.slice(0, start.column - 1 - from).replace(/[^\t]/g, " ");
  return [`${indent}${gutter} | ${text}`, `${indent}${pad} | ${caretPad}${"^".repeat(Math.max(1, width))}`];
}

export function renderDiagnostic(d: Diagnostic, sources: SourceSet): string {
  const head = `${d.severity} ${d.code}: ${d.message}`;
  const lines = [d.span ? `${location(d.span, sources)} - ${head}` : `vlmc: ${head}`];
  if (d.span) lines.push(...excerpt(d.span, sources, "  "));
  for (const r of d.related) lines.push(`  note: ${location(r.span, sources)}: ${r.message}`);
  if (d.hint) lines.push(`  hint: ${d.hint}`);
  return lines.join("\n");
}

export function renderDiagnostics(diags: readonly Diagnostic[], sources: SourceSet): string {
  return diags.map((d) => renderDiagnostic(d, sources)).join("\n\n");
}

export interface JsonDiagnostic {
  code: string;
  severity: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  related: { message: string; file: string; line: number; column: number }[];
  hint?: string;
}

export function diagnosticToJson(d: Diagnostic, sources: SourceSet): JsonDiagnostic {
  const out: JsonDiagnostic = { code: d.code, severity: d.severity, message: d.message, related: [] };
  if (d.span) {
    const src = sources.get(d.span.file);
    out.file = d.span.file;
    if (src) {
      const s = src.lineCol(d.span.start);
      const e = src.lineCol(d.span.end);
      out.line = s.line;
      out.column = s.column;
      out.endLine = e.line;
      out.endColumn = e.column;
    }
  }
  for (const r of d.related) {
    const src = sources.get(r.span.file);
    const lc = src ? src.lineCol(r.span.start) : { line: 0, column: 0 };
    out.related.push({ message: r.message, file: r.span.file, line: lc.line, column: lc.column });
  }
  if (d.hint) out.hint = d.hint;
  return out;
}
