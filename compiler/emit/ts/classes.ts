// One class per spec block and one function per spec fn, as ts-morph structures. A block
// becomes `class Name extends Module`: a typed config interface (the block's parameters, those
// with defaults optional), fields for what its forwards read and for its members and
// parameters, a constructor that runs the body once (members, parameters, requirements,
// shares), and one method per forward mode, each documented with its tensors' dtypes and
// symbolic shapes and the spec line it comes from.
import type * as A from "../../../grammar/ast.js";
import { printExpr as printSpec, printType } from "../../../grammar/printer.js";
import { Scope as TsScope, type ClassDeclarationStructure, type FunctionDeclarationStructure, type InterfaceDeclarationStructure, type MethodDeclarationStructure, type OptionalKind, StructureKind } from "ts-morph";
import type { BlockInfo, FieldKind, ProgramView } from "../program/program.js";
import { configType, fieldType, printExpr, type Ctx } from "./expr.js";
import { constructorBody, methodBody, shareStatements, symbolBindings } from "./body.js";
import { fieldName, ident, modeMethod, Scope } from "./scope.js";
import { NUMBER, TENSOR, scalarType, tsType, type SType } from "./types.js";
import { pruneConstants, type Destructured } from "./prune.js";

export interface EmitSite {
  readonly view: ProgramView;
  /** `file:line` of a span, with the file named as the user knows it. */
  readonly where: (span: A.Span) => string;
  readonly problems: { message: string; span: A.Span }[];
}

export function newCtx(site: EmitSite, file: string, info: Ctx["info"], inCtor: boolean): Ctx {
  return { view: site.view, file, info, inCtor, scope: new Scope(undefined), used: new Set(), problems: site.problems };
}

/** A signature parameter's static type. */
export function sigType(p: A.SigParam): SType {
  if (!p.type) return { k: "unknown" };
  if (p.type.kind === "TensorTypeExpr") return TENSOR;
  return scalarType(p.type.name.name);
}

function docLines(doc: string | undefined): string[] {
  return doc ? doc.split("\n").map((l) => l.trimEnd()) : [];
}

/** JSDoc of a forward mode or fn: its doc, each tensor's type as the spec writes it, and where it is. */
export function signatureDoc(site: EmitSite, decl: A.ForwardDecl | A.FnDecl): string {
  const lines = docLines(decl.doc);
  if (lines.length) lines.push("");
  for (const p of decl.params) if (p.type) lines.push(`@param ${ident(p.name.name)} ${printType(p.type)}${p.default ? ` (default ${printSpec(p.default)})` : ""}`);
  if (decl.returns) lines.push(`@returns ${printType(decl.returns)}`);
  lines.push(`@see ${site.where(decl.span)}`);
  return lines.join("\n");
}

/** A method's or function's parameters, with what each binds in its body. */
export function signatureParams(ctx: Ctx, params: readonly A.SigParam[]): { name: string; type: string; hasQuestionToken?: boolean; initializer?: string }[] {
  const out: { name: string; type: string; hasQuestionToken?: boolean; initializer?: string }[] = [];
  let optionalSeen = false;
  params.forEach((p, i) => {
    const t = sigType(p);
    ctx.scope.set(p.name.name, { code: ident(p.name.name), type: t.k === "unknown" ? { k: "unknown" } : t });
    const later = params.slice(i + 1).some((q) => q.default === undefined);
    const tsT = tsType(t);
    if (p.default === undefined) {
      out.push({ name: ident(p.name.name), type: optionalSeen ? `${tsT} | undefined` : tsT });
      return;
    }
    optionalSeen = true;
    if (p.default.kind === "NoneLit") {
      if (later) out.push({ name: ident(p.name.name), type: `${tsT} | undefined` });
      else out.push({ name: ident(p.name.name), type: tsT, hasQuestionToken: true });
      return;
    }
    out.push({ name: ident(p.name.name), type: tsT, initializer: printExpr(ctx, p.default).code });
  });
  return out;
}

function returnTsType(ret: A.ReturnType | undefined): string {
  if (!ret) return "Tensor";
  if (ret.kind === "TupleTypeExpr") return `[${ret.items.map((t) => (t.kind === "TensorTypeExpr" ? "Tensor" : tsType(scalarType(t.name.name)))).join(", ")}]`;
  return ret.kind === "TensorTypeExpr" ? "Tensor" : tsType(scalarType(ret.name.name));
}

/** One forward mode as a method: its body runs in the call's key frame (`this.call`). */
function modeMethodStructure(site: EmitSite, info: BlockInfo, mode: string, decl: A.ForwardDecl, used: Set<string>): OptionalKind<MethodDeclarationStructure> {
  const ctx: Ctx = { ...newCtx(site, info.file, info, false), used };
  const parameters = signatureParams(ctx, decl.params);
  const body = [...symbolBindings(ctx, decl.params, decl.body), ...methodBody(ctx, decl.body)];
  const ret = returnTsType(decl.returns);
  const generic = ret.startsWith("[") ? `<${ret}>` : "";
  return {
    name: modeMethod(mode),
    docs: [signatureDoc(site, decl)],
    parameters,
    returnType: ret,
    statements: [`return this.call${generic}(${JSON.stringify(mode)}, () => {\n${body.join("\n")}\n});`],
  };
}

/** The config interface of a block: its parameters, those with a default optional. */
function configInterface(ctx: Ctx, info: BlockInfo): OptionalKind<InterfaceDeclarationStructure> {
  return {
    name: `${info.name}Config`,
    isExported: true,
    docs: [`The arguments of ${info.name} (${info.params.length ? "defaults as in the spec" : "none"}).`],
    properties: info.params.map((p) => ({
      name: ident(p.name.name),
      type: tsType(configType(ctx, p)),
      hasQuestionToken: p.default !== undefined,
      ...(p.default ? { docs: [`Default: \`${printSpec(p.default)}\`.`] } : {}),
    })),
  };
}

/** The parts of `const { a, b = 2 } = config;`, the scope then binding each as a local. */
export function configConstants(ctx: Ctx, params: readonly A.BlockParam[]): Destructured[] {
  const parts: Destructured[] = [];
  for (const p of params) {
    const name = ident(p.name.name);
    const part = p.default ? `${name} = ${printExpr(ctx, p.default).code}` : name;
    parts.push({ name, text: p.name.name === name ? part : `${JSON.stringify(p.name.name)}: ${part}` });
    ctx.scope.set(p.name.name, { code: name, type: configType(ctx, p) });
  }
  return parts;
}

export function fieldDeclarations(ctx: Ctx, info: BlockInfo | import("../program/program.js").ModelInfo, used: ReadonlySet<string>, skip: (name: string, f: FieldKind) => boolean = () => false) {
  const props: { name: string; type: string; isReadonly?: boolean; hasQuestionToken?: boolean; docs?: string[] }[] = [];
  for (const [name, f] of info.fields) {
    if (skip(name, f)) continue;
    const stored = f.kind === "config" || f.kind === "local" || f.kind === "hyper" ? used.has(name) : true;
    if (!stored) continue;
    const t = fieldType(ctx, info, f);
    const conditional = (f.kind === "param" || f.kind === "member" || f.kind === "list" || f.kind === "queue") && f.conditional;
    const doc = f.kind === "param" || f.kind === "member" || f.kind === "list" || f.kind === "queue" || f.kind === "local" ? f.stmt.doc : undefined;
    props.push({
      name: fieldName(name),
      type: f.kind === "param" || f.kind === "queue" ? "Variable" : tsType(t.k === "unknown" ? NUMBER : t),
      ...(f.kind === "param" ? {} : { isReadonly: true }),
      ...(conditional ? { hasQuestionToken: true } : {}),
      ...(doc ? { docs: [doc] } : {}),
    });
  }
  return props;
}

/** The class of one block, and its config interface. */
export function blockClass(site: EmitSite, info: BlockInfo): { iface: OptionalKind<InterfaceDeclarationStructure>; cls: ClassDeclarationStructure } {
  const used = new Set<string>();
  const methods = [...info.modes].map(([mode, decl]) => modeMethodStructure(site, info, mode, decl, used));
  const ctor = newCtx(site, info.file, info, true);
  const consts = configConstants(ctor, info.params);
  const body = constructorBody(ctor, info, info.body, () => false);
  const store = [...used].filter((n) => {
    const f = info.fields.get(n);
    return f?.kind === "config" || f?.kind === "local";
  });
  const typing = newCtx(site, info.file, info, false);
  configConstants(typing, info.params); // binds the parameters' types for the field declarations
  const statements = [
    "super(parent, name, config);",
    ...pruneConstants(consts, [...body, ...shareStatements(info.body), ...store.map((n) => `this.${fieldName(n)} = ${ident(n)};`)], "config"),
  ];
  const cls: ClassDeclarationStructure = {
    kind: StructureKind.Class,
    name: info.name,
    isExported: true,
    extends: "Module",
    docs: [[...docLines(info.decl.doc), ...(info.decl.doc ? [""] : []), `@see ${site.where(info.decl.span)}`].join("\n")],
    properties: [
      { name: "params", isStatic: true, isReadonly: true, initializer: `[${info.params.map((p) => JSON.stringify(p.name.name)).join(", ")}]` },
      ...fieldDeclarations(typing, info, used),
    ],
    ctors: [
      {
        parameters: [
          { name: "parent", type: "Module" },
          { name: "name", type: "string" },
          { name: "config", type: `${info.name}Config`, isReadonly: true, scope: TsScope.Public, hasOverrideKeyword: true },
        ],
        statements,
      },
    ],
    methods,
  };
  return { iface: configInterface(typing, info), cls };
}

/** A spec fn as an exported function; its body runs in the fn's key frame. */
export function fnFunction(site: EmitSite, decl: A.FnDecl, file: string): OptionalKind<FunctionDeclarationStructure> {
  const ctx = newCtx(site, file, undefined, false);
  const parameters = signatureParams(ctx, decl.params);
  const body = [...symbolBindings(ctx, decl.params, decl.body), ...methodBody(ctx, decl.body)];
  const ret = returnTsType(decl.returns);
  const generic = ret.startsWith("[") ? `<${ret}>` : "";
  return {
    name: ident(decl.name.name),
    isExported: true,
    docs: [signatureDoc(site, decl)],
    parameters,
    returnType: ret,
    statements: [`return rt.fnCall${generic}(${JSON.stringify(decl.name.name)}, () => {\n${body.join("\n")}\n});`],
  };
}
