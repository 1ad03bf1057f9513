// The checks that read the loaded program's syntax trees, in one list (each in its own file),
// run in order in two tiers. The import rules come first: when an import is missing or
// circular, the names it would bring in are unknown and the rules after it would only add
// noise, so the list stops after a tier that finds an error (and, for the same reason, the
// name rules do not run over files with syntax errors).
import type { SourceFile } from "../../grammar/ast.js";
import type { FileSystem } from "../context.js";
import { hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Program } from "../resolve/program.js";
import type { ModuleScope } from "../resolve/scope.js";
import { checkImportsFound } from "./imports.js";
import { checkImportCycles } from "./import-cycles.js";
import { checkDuplicateDeclarations, checkDuplicateNames } from "./duplicate-names.js";
import { checkStatementContext } from "./statement-context.js";
import { checkPublishedVariants } from "./published-variants.js";
import { checkUnknownNames, type StdLookup } from "./unknown-names.js";
import { checkRecursiveBlocks } from "./recursive-blocks.js";
import { checkBlockDerivations } from "./block-derivations.js";

export interface AstCheckInput {
  readonly program: Program;
  readonly scopes: ReadonlyMap<string, ModuleScope>;
  /** For the files next to a missing import, in its hint. */
  readonly fs: FileSystem;
  /** Where a std declaration lives, for "add an import" hints. */
  readonly stdLookup: StdLookup;
}

export type AstCheck = (input: AstCheckInput) => Diagnostic[];

/** A rule that reads one file at a time, run over every loaded file. */
const eachFile =
  (check: (ast: SourceFile, file: string, input: AstCheckInput) => Diagnostic[]): AstCheck =>
  (input) =>
    [...input.program.modules].flatMap(([file, mod]) => check(mod.ast, file, input));

export const AST_CHECKS: readonly (readonly AstCheck[])[] = [
  [({ program, fs }) => checkImportsFound(program, fs), ({ program }) => checkImportCycles(program)],
  [
    ({ scopes }) => checkDuplicateDeclarations(scopes),
    eachFile(checkStatementContext),
    eachFile(checkDuplicateNames),
    eachFile(checkPublishedVariants),
    eachFile((ast, file, { scopes, stdLookup }) => checkUnknownNames(ast, scopes.get(file)!, stdLookup)),
    ({ scopes }) => checkRecursiveBlocks(scopes),
    ({ scopes, stdLookup }) => checkBlockDerivations(scopes, stdLookup),
  ],
];

/**
 * Runs the list; `loadDiagnostics` are the syntax errors from loading, which stop it after the
 * import rules. `complete` says whether every tier ran.
 */
export function runAstChecks(input: AstCheckInput, loadDiagnostics: readonly Diagnostic[]): { diagnostics: Diagnostic[]; complete: boolean } {
  const diagnostics: Diagnostic[] = [];
  for (const [i, tier] of AST_CHECKS.entries()) {
    if (i > 0 && hasErrors([...loadDiagnostics, ...diagnostics])) return { diagnostics, complete: false };
    for (const check of tier) diagnostics.push(...check(input));
  }
  return { diagnostics, complete: true };
}
