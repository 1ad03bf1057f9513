// One `nn.Module` subclass per spec block, one function per spec fn, and the model's class, as
// Python source. A block's parameters are its constructor's arguments (a default that reads
// another argument is filled in the body, as Python defaults cannot); members are attributes
// (`nn.ModuleList` for stacks), so `state_dict()` keys are the IR's hierarchical names; each
// forward mode is a method whose body runs in the call's key frame (`with self.call(mode):`).
import type * as A from "../../../grammar/ast.js";
import { printType } from "../../../grammar/printer.js";
import type { BlockInfo, ProgramView } from "../program/program.js";
import { configType, type Ctx } from "../ts/expr.js";
import { Scope } from "../ts/scope.js";
import { TENSOR, UNKNOWN, scalarType, type SType } from "../ts/types.js";
import { conditionalDefaults, indent, pyConstructorBody, pyMethodBody, pyShares, pySymbols } from "./body.js";
import { pyExpr, pyField, pyIdent, pyMethod } from "./expr.js";

export interface PySite {
  readonly view: ProgramView;
  readonly where: (span: A.Span) => string;
  readonly problems: { message: string; span: A.Span }[];
}

export function pyCtx(site: PySite, file: string, info: Ctx["info"], inCtor: boolean): Ctx {
  return { view: site.view, file, info, inCtor, scope: new Scope(undefined), used: new Set(), problems: site.problems };
}

/** A Python type hint for a static type. */
export function pyHint(t: SType): string {
  switch (t.k) {
    case "tensor":
      return "Tensor";
    case "number":
      return "float";
    case "bool":
      return "bool";
    case "str":
      return "str";
    case "fn":
      return "Callable[..., Tensor]";
    case "block":
      return "type[nn.Module]";
    case "list":
      return "list";
    case "tuple":
      return `tuple[${t.items.map(pyHint).join(", ")}]`;
    default:
      return "Any";
  }
}

function scalarHint(name: string): string {
  return name === "int" ? "int" : pyHint(scalarType(name));
}

function sigHint(p: A.SigParam | A.BlockParam): string {
  if (!p.type) return "Any";
  return p.type.kind === "TensorTypeExpr" ? "Tensor" : scalarHint(p.type.name.name);
}

function returnHint(ret: A.ReturnType | undefined): string {
  if (!ret) return "Tensor";
  if (ret.kind === "TupleTypeExpr") return `tuple[${ret.items.map((t) => (t.kind === "TensorTypeExpr" ? "Tensor" : scalarHint(t.name.name))).join(", ")}]`;
  return ret.kind === "TensorTypeExpr" ? "Tensor" : scalarHint(ret.name.name);
}

/** A literal default Python can hold in a signature (anything reading another argument is filled in the body). */
function literalDefault(ctx: Ctx, e: A.Expr): string | undefined {
  switch (e.kind) {
    case "NumberLit":
    case "StringLit":
    case "BoolLit":
    case "NoneLit":
      return pyExpr(ctx, e).code;
    case "UnaryExpr":
      return e.operand.kind === "NumberLit" ? pyExpr(ctx, e).code : undefined;
    case "NameExpr": {
      const d = ctx.view.lookup(ctx.file, e.name);
      if (d?.kind === "block" || d?.kind === "fn" || (!ctx.scope.lookup(e.name) && !ctx.info?.fields.has(e.name))) return pyExpr(ctx, e).code;
      return undefined;
    }
    default:
      return undefined;
  }
}

export function docstring(lines: readonly string[]): string[] {
  const body = lines.map((l) => l.replace(/\\/g, "\\\\").replace(/"""/g, '\\"\\"\\"'));
  if (body.length === 1) return [`"""${body[0]}"""`];
  return [`"""${body[0]}`, ...body.slice(1), '"""'];
}

function signatureDoc(site: PySite, decl: A.ForwardDecl | A.FnDecl): string[] {
  const lines = decl.doc ? decl.doc.split("\n").map((l) => l.trimEnd()) : [decl.kind === "FnDecl" ? `The spec function \`${decl.name.name}\`.` : `The ${decl.name ? `\`${decl.name.name}\` mode` : "forward"}.`];
  const typed = decl.params.filter((p) => p.type);
  if (typed.length) lines.push("", "Args:", ...typed.map((p) => `    ${pyIdent(p.name.name)}: ${printType(p.type!)}`));
  if (decl.returns) lines.push("", "Returns:", `    ${printType(decl.returns)}`);
  lines.push("", `Spec: ${site.where(decl.span)}`);
  return docstring(lines);
}

/** `def name(self, a: Tensor, b: Tensor | None = None)`, and the lines filling defaults that read other values. */
function signature(ctx: Ctx, params: readonly (A.SigParam | A.BlockParam)[], self: boolean, trailing: string[] = []): { head: string; fill: string[] } {
  const parts: string[] = self ? ["self"] : [];
  const fill: string[] = [];
  for (const p of params) {
    const name = pyIdent(p.name.name);
    const hint = sigHint(p);
    const type: SType = p.kind === "BlockParam" ? configType(ctx, p) : p.type?.kind === "TensorTypeExpr" ? TENSOR : p.type ? scalarType(p.type.name.name) : UNKNOWN;
    if (!p.default) parts.push(`${name}: ${hint}`);
    else {
      const literal = literalDefault(ctx, p.default);
      if (literal !== undefined) parts.push(`${name}: ${hint}${literal === "None" ? " | None" : ""} = ${literal}`);
      else {
        parts.push(`${name}: ${hint} | None = None`);
        fill.push(`if ${name} is None:`, `    ${name} = ${pyExpr(ctx, p.default).code}`);
      }
    }
    const declared = p.type?.kind === "ScalarTypeExpr" ? p.type.name.name : undefined;
    ctx.scope.set(p.name.name, { code: name, type, ...(declared === "int" || declared === "float" ? { numeric: declared } : {}) });
  }
  return { head: [...parts, ...trailing].join(", "), fill };
}

function modeLines(site: PySite, info: BlockInfo, mode: string, decl: A.ForwardDecl, used: Set<string>): string[] {
  const ctx: Ctx = { ...pyCtx(site, info.file, info, false), used };
  const { head, fill } = signature(ctx, decl.params, true);
  const body = [...fill, ...pySymbols(ctx, decl.params, decl.body), ...pyMethodBody(ctx, decl.body)];
  return [
    `def ${pyMethod(mode)}(${head}) -> ${returnHint(decl.returns)}:`,
    ...indent([...signatureDoc(site, decl), `with self.call(${JSON.stringify(mode)}):`, ...indent(body.length ? body : ["pass"])]),
  ];
}

/** The class of one block. */
export function blockLines(site: PySite, info: BlockInfo): string[] {
  const used = new Set<string>();
  const methods = [...info.modes].flatMap(([mode, decl]) => ["", ...modeLines(site, info, mode, decl, used)]);
  const ctor = pyCtx(site, info.file, info, true);
  const { head, fill } = signature(ctor, info.params, true);
  const body = pyConstructorBody(ctor, info, info.body, () => false);
  const store = [...used].filter((n) => {
    const f = info.fields.get(n);
    return f?.kind === "config" || f?.kind === "local";
  });
  const doc = [...(info.decl.doc ? info.decl.doc.split("\n") : [`The spec block \`${info.name}\`.`]), "", `Spec: ${site.where(info.decl.span)}`];
  const init = [
    `def __init__(${head}):`,
    ...indent(["super().__init__()", ...fill, ...conditionalDefaults(info), ...body, ...pyShares(info.body), ...store.map((n) => `self.${pyField(n)} = ${pyIdent(n)}`)]),
  ];
  return [`class ${info.name}(rt.Module):`, ...indent([...docstring(doc), "", ...init, ...methods])];
}

/** A spec fn as a function; its body runs in the fn's key frame. */
export function fnLines(site: PySite, decl: A.FnDecl, file: string): string[] {
  const ctx = pyCtx(site, file, undefined, false);
  const { head, fill } = signature(ctx, decl.params, false);
  const body = [...fill, ...pySymbols(ctx, decl.params, decl.body), ...pyMethodBody(ctx, decl.body)];
  return [
    `def ${pyIdent(decl.name.name)}(${head}) -> ${returnHint(decl.returns)}:`,
    ...indent([...signatureDoc(site, decl), `with rt.fn_call(${JSON.stringify(decl.name.name)}):`, ...indent(body.length ? body : ["pass"])]),
  ];
}
