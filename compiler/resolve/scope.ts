// Module scopes: which top-level declarations each file can see — its own, plus those of the
// files it imports directly (imports are not transitive: a file names what it uses). When a
// name is declared twice the first declaration wins and the clash is recorded, for the
// duplicate-names rule (compiler/checks/duplicate-names.ts) to report.
import type { BlockDecl, FnDecl, ModelDecl, Span } from "../../grammar/ast.js";
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
  /** Top-level names this file declares twice, or that reach it twice through its imports. */
  readonly clashes: readonly DeclarationClash[];
}

export interface DeclarationClash {
  readonly name: string;
  /** The second declaration's name, or the import that brought the second one in. */
  readonly span: Span;
  /** The declaration that won. */
  readonly previous: TopDecl;
  /** Set when the second declaration came through an import: the imported file. */
  readonly importedFrom?: string;
}

export function buildModuleScopes(program: Program): Map<string, ModuleScope> {
  const ownClashes = new Map<string, DeclarationClash[]>();
  const owns = new Map<string, Map<string, TopDecl>>();
  for (const [file, mod] of program.modules) {
    const own = new Map<string, TopDecl>();
    const clashes: DeclarationClash[] = [];
    ownClashes.set(file, clashes);
    for (const item of mod.ast.items) {
      if (item.kind === "ImportDecl") continue;
      const d: TopDecl =
        item.kind === "BlockDecl"
          ? { kind: "block", decl: item, file }
          : item.kind === "FnDecl"
            ? { kind: "fn", decl: item, file }
            : { kind: "model", decl: item, file };
      const prev = own.get(item.name.name);
      if (prev) clashes.push({ name: item.name.name, span: item.name.span, previous: prev });
      else own.set(item.name.name, d);
    }
    owns.set(file, own);
  }
  const scopes = new Map<string, ModuleScope>();
  for (const [file, mod] of program.modules) {
    const own = owns.get(file)!;
    const visible = new Map(own);
    const clashes = ownClashes.get(file)!;
    for (const imp of mod.imports) {
      if (!imp.file) continue;
      for (const [name, d] of owns.get(imp.file) ?? []) {
        const prev = visible.get(name);
        if (prev && prev !== d) {
          clashes.push({ name, span: imp.decl.span, previous: prev, importedFrom: imp.file });
          continue;
        }
        visible.set(name, d);
      }
    }
    scopes.set(file, { file, own, visible, clashes });
  }
  return scopes;
}
