// A user-facing failure while running a model (a bad input, weights that do not fit, a run too
// large for memory): carries coded diagnostics for the CLI to render. A broken invariant inside
// the runtime is a plain Error instead, reported as an internal error.
import { diagnostic, type Diagnostic, type DiagnosticOptions } from "../compiler/diagnostics/diagnostic.js";
import type { Span } from "../compiler/diagnostics/span.js";
import type { Said } from "../compiler/diagnostics/template.js";

export class RunError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n"));
  }

  /** A failure of one diagnostic: a catalog sentence (`say(Diag.X, "name", { … })`), as `diagnostic` takes it. */
  static of(said: Said, span?: Span, opts?: DiagnosticOptions): RunError {
    return new RunError([diagnostic(said, span, opts)]);
  }
}
