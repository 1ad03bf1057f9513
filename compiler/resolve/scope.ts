// Module scopes: which top-level declarations each file can see — its own, plus those of the
// files it imports directly (imports are not transitive: a file names what it uses).
import type { BlockDecl, FnDecl, ModelDecl, Span } from "../../grammar/ast.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { duplicateDiagnostic } from "../checks/duplicate-names.js";
import type { Program } from "./program.js";

export type TopDecl =
  | { readonly kind: "block"; readonly decl: BlockDecl; readonly file: string }
  | { readonly kind: "fn"; readonly decl: FnDecl; readonly file: string }
  | { readonly kind: "model"; readonly decl: ModelDecl; readonly file: string };

export interface ModuleScope {
  readonly file: string;
  /** Declarations of this file only. */
  readonly own: ReadonlyMap<string, TopDecl>;
  /** Everything visible: own declarations and those of directly imported files. */
  readonly visible: ReadonlyMap<string, TopDecl>;
}

function declSpan(d: TopDecl): Span {
  return d.decl.name.span;
}

export function buildModuleScopes(program: Program): { scopes: Map<string, ModuleScope>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const owns = new Map<string, Map<string, TopDecl>>();
  for (const [file, mod] of program.modules) {
    const own = new Map<string, TopDecl>();
    for (const item of mod.ast.items) {
      if (item.kind === "ImportDecl") continue;
      const d: TopDecl =
        item.kind === "BlockDecl"
          ? { kind: "block", decl: item, file }
          : item.kind === "FnDecl"
            ? { kind: "fn", decl: item, file }
            : { kind: "model", decl: item, file };
      const prev = own.get(item.name.name);
      if (prev) diagnostics.push(duplicateDiagnostic(item.name.name, "declaration", item.name.span, declSpan(prev)));
      else own.set(item.name.name, d);
    }
    owns.set(file, own);
  }
  const scopes = new Map<string, ModuleScope>();
  for (const [file, mod] of program.modules) {
    const own = owns.get(file)!;
    const visible = new Map(own);
    for (const imp of mod.imports) {
      if (!imp.file) continue;
      for (const [name, d] of owns.get(imp.file) ?? []) {
        const prev = visible.get(name);
        if (prev && prev !== d) {
          const where = prev.file === file ? "this file" : prev.file;
          diagnostics.push(
            duplicateDiagnostic(name, `declaration imported from ${imp.file} (also in ${where})`, imp.decl.span, declSpan(prev)),
          );
          continue;
        }
        visible.set(name, d);
      }
    }
    scopes.set(file, { file, own, visible });
  }
  return { scopes, diagnostics };
}
