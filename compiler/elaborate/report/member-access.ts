// Member access: `a.b` names something `a` has — a sub-instance, parameter, constructor
// argument or forward mode of an instance; `shape`/`dtype`/`rank` of a tensor. Calling
// `a.mode(...)` requires the block to declare `forward mode(...)`.
import type * as A from "../../../grammar/ast.js";
import { Diag } from "../../diagnostics/catalog.js";
import { phrase, say } from "../../diagnostics/template.js";
import type { Interp } from "../interp.js";
import type { Instance } from "../instance.js";
import { describe, ERROR, int, type Value } from "../values.js";
import { didYouMean } from "../../diagnostics/suggest.js";

export function memberOf(ip: Interp, obj: Value, member: A.Ident, span: A.Span): Value {
  if (obj.k === "error") return ERROR;
  if (obj.k === "tensor") {
    if (member.name === "shape") return { k: "list", items: obj.type.shape.map((d) => int(d)), tuple: true };
    if (member.name === "dtype") return { k: "str", v: obj.type.dtype };
    if (member.name === "rank") return int(obj.type.shape.length);
    return ip.report(say(Diag.UnknownMember, "tensorMember", { name: member.name }), member.span);
  }
  if (obj.k === "instance" && !obj.inst.isList) {
    const inst = obj.inst;
    const own = inst.env.own(member.name);
    if (own) return own;
    if (inst.modes.has(member.name)) return { k: "mode", inst, mode: member.name };
    const names = [...inst.env.ownNames(), ...[...inst.modes.keys()].filter((m) => m !== "")];
    return ip.report(say(Diag.UnknownMember, "noMember", { what: describe(obj), name: member.name }), member.span, {
      hint: didYouMean(member.name, names) ?? (names.length ? phrase(Diag.UnknownMember, "membersHint", { names: names.join(", ") }) : undefined),
    });
  }
  if (obj.k === "list" && member.name === "length") return int(obj.items.length);
  return ip.report(say(Diag.UnknownMember, "noMember", { what: describe(obj), name: member.name }), span);
}

/** The forward declared for a mode ("" is the unnamed default forward). */
export function forwardOf(ip: Interp, inst: Instance, mode: string, span: A.Span): A.ForwardDecl | undefined {
  const decl = inst.modes.get(mode);
  if (decl) return decl;
  const modes = [...inst.modes.keys()].map((m) => (m === "" ? "forward" : m));
  const label = `${inst.blockName} (${inst.path})`;
const said = mode === "" ? say(Diag.UnknownMode, "noDefault", { label }) : say(Diag.UnknownMode, "noMode", { label, mode });
  const listed = modes.join(", ");
  const example = { modes: listed, instance: inst.path.split(".").pop()!, mode: modes.find((m) => m !== "forward") ?? "mode" };
  const hint = !modes.length
    ? phrase(Diag.UnknownMode, "declareHint")
    : mode === ""
      ? phrase(Diag.UnknownMode, "defaultModesHint", example)
      : phrase(Diag.UnknownMode, "modesHint", { modes: listed });
  ip.report(said, span, { hint });
  return undefined;
}
