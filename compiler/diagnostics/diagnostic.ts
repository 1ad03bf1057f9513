// Diagnostics are data: a code from the catalog, a message, where, related locations and a hint.
// Stages return them; only the CLI renders them.
import type { Span } from "./span.js";
import type { Severity } from "./catalog.js";
import type { Said } from "./template.js";

export interface RelatedInfo {
  readonly message: string;
  readonly span: Span;
  /** An instantiation or call site on the way to the problem (not a fact about it). */
  readonly frame?: boolean;
}

export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span?: Span;
  readonly related: readonly RelatedInfo[];
  readonly hint?: string;
}

export interface DiagnosticOptions {
  readonly related?: readonly RelatedInfo[];
  readonly hint?: string;
}

/** A diagnostic saying a catalog sentence (`say(Diag.X, "name", { … })`) at `span`; `opts.hint` replaces the sentence's own. */
export function diagnostic({ kind, message, hint }: Said, span?: Span, opts: DiagnosticOptions = {}): Diagnostic {
  return {
    code: kind.code,
    severity: kind.severity,
    message,
    ...(span ? { span } : {}),
    related: opts.related ?? [],
    ...(opts.hint || hint ? { hint: opts.hint || hint } : {}),
  };
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === "error");
}

/** Stable order: by file, position, then code, so output never depends on traversal order. */
export function sortDiagnostics(diags: readonly Diagnostic[]): Diagnostic[] {
  return [...diags].sort((a, b) => {
    const fa = a.span?.file ?? "";
    const fb = b.span?.file ?? "";
    if (fa !== fb) return fa < fb ? -1 : 1;
    const sa = a.span?.start ?? -1;
    const sb = b.span?.start ?? -1;
    if (sa !== sb) return sa - sb;
    return a.code < b.code ? -1 : a.code > b.code ? 1 : a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
  });
}

/** Drops exact repeats (same code, place and message), which repeated elaboration can produce. */
export function dedupeDiagnostics(diags: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of diags) {
    const key = `${d.code}|${d.span?.file}|${d.span?.start}|${d.span?.end}|${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}
