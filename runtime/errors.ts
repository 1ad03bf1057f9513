// A user-facing failure while running a model (a bad input, weights that do not fit, a run too
// large for memory): carries coded diagnostics for the CLI to render. A broken invariant inside
// the runtime is a plain Error instead, reported as an internal error.
import type { DiagnosticKind } from "../compiler/diagnostics/catalog.js";
import { diagnostic, type Diagnostic } from "../compiler/diagnostics/diagnostic.js";

export class RunError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n"));
  }

  static of(kind: DiagnosticKind, message: string, hint?: string): RunError {
    return new RunError([diagnostic(kind, message, undefined, hint ? { hint } : {})]);
  }
}
