// Why an emission stopped: a user-facing sentence (a catalog template, filled) and, once known,
// the spec location of the node being lowered when it happened.
import type { Span } from "../../diagnostics/span.js";
import type { Said } from "../../diagnostics/template.js";

export class EmitFault extends Error {
  span: Span | undefined;
  constructor(readonly said: Said) {
    super(said.message);
  }
}
