// Shared shapes: parameters in one share group have the same dtype and shape — they are one
// tensor. (BLIP-large's decoder and encoder can share cross-attention because both read
// 1024-wide image features; sharing a 768- with a 1024-wide projection is a mistake.)
import type { Span } from "../../../grammar/ast.js";
import { Diag } from "../../diagnostics/catalog.js";
import { phrase, say } from "../../diagnostics/template.js";
import type { Interp } from "../interp.js";
import type { IrParam } from "../../ir/types.js";

export function shapesAgree(a: IrParam, b: IrParam): boolean {
  return a.dtype === b.dtype && a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);
}

/** Where the instance owning a parameter was declared (more useful than the std `param` line). */
function declaredAt(ip: Interp, p: IrParam): Span {
  let path = p.instance;
  for (;;) {
    const inst = ip.instances.get(path);
    if (!inst) return p.span;
    if (!ip.isLibrary(inst.span.file) || path === "") return inst.span;
    path = inst.parent?.path ?? "";
  }
}

export function reportShapeDisagreement(ip: Interp, pairs: readonly [IrParam, IrParam][], span: Span): void {
  const [a, b] = pairs[0]!;
  const more = pairs.length > 1 ? phrase(Diag.ShareShapeMismatch, "more", { count: pairs.length - 1 }) : "";
  const [aType, bType] = [a, b].map((p) => `${p.dtype}[${p.shape.join(", ")}]`) as [string, string];
  ip.report(say(Diag.ShareShapeMismatch, "shapes", { a: a.name, aType, b: b.name, bType, more }), span, {
    related: [
      { message: `\`${a.instance}\` is declared here`, span: declaredAt(ip, a) },
      { message: `\`${b.instance}\` is declared here`, span: declaredAt(ip, b) },
    ],
  });
}
