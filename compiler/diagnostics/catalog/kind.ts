// What a diagnostic code is (its number, title, severity, reporting module and sentences) and
// `kind`, which the range files under this folder use to declare one.
import type { Templates } from "../template.js";

export type Severity = "error" | "warning";

export interface DiagnosticKind<M extends Templates = Templates> {
  readonly code: string;
  readonly severity: Severity;
  readonly title: string;
  readonly check: string;
  readonly messages: M;
}

/** A code with its templates; `const M` keeps each template's literal text, whose holes `say` types. */
export function kind<const M extends Templates = {}>(code: string, title: string, check: string, messages: M = {} as M, severity: Severity = "error"): DiagnosticKind<M> {
  return { code, severity, title, check, messages };
}
