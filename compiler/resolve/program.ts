// Loads a spec and everything it imports into a Program: one parsed module per file, with each
// import resolved to a file. `std/…` imports come from the package's specs/std; any other
// import is relative to the importing file. Loading only records what it found: an import that
// could not be read, or a cycle, is reported by the import rules (compiler/checks/imports.ts,
// import-cycles.ts), which run over the loaded program like every other check.
import * as path from "node:path";
import type { ImportDecl, SourceFile } from "../../grammar/ast.js";
import { checkSourceText } from "./source-guard.js";
import { parse } from "../../grammar/parse.js";
import { Diag } from "../diagnostics/catalog.js";
import { phrase, say } from "../diagnostics/template.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { SourceText } from "../diagnostics/source-text.js";
import { displayPath, ParseCache, type FileSystem } from "../context.js";

export interface ResolvedImport {
  readonly decl: ImportDecl;
  /** The file the import was looked for at. */
  readonly target: string;
  /** undefined when the file could not be read (compiler/checks/imports.ts reports it). */
  readonly file: string | undefined;
}

export interface Module {
  readonly file: string;
  readonly ast: SourceFile;
  readonly imports: readonly ResolvedImport[];
  readonly isStd: boolean;
}

export interface Program {
  readonly entry: string;
  readonly modules: ReadonlyMap<string, Module>;
  readonly sources: ReadonlyMap<string, SourceText>;
  readonly stdRoot: string;
}

export function resolveImportPath(spec: string, fromFile: string, stdRoot: string): string {
  if (spec.startsWith("std/")) return displayPath(path.join(stdRoot, spec.slice(4)));
  if (path.isAbsolute(spec)) return displayPath(spec);
  return displayPath(path.join(path.dirname(fromFile), spec));
}

function directoryHint(specs: readonly string[], dir: string): string {
  if (specs.length === 0) return phrase(Diag.FileNotFound, "emptyDirectoryHint");
  return phrase(Diag.FileNotFound, "directoryHint", { example: `${dir.replace(/\/$/, "")}/${specs[0]}` });
}

export function loadProgram(
  entry: string,
  fs: FileSystem,
  stdRoot: string,
  entryText?: string,
  cache: ParseCache = new ParseCache(),
): { program: Program; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const modules = new Map<string, Module>();
  const sources = new Map<string, SourceText>();
  const stdDisplay = displayPath(stdRoot);

  const load = (file: string, text: string, isEntry = false): void => {
    const unfit = checkSourceText(file, text, isEntry);
    if (unfit) {
      // Not parsed: the module is empty, and its text is not kept for rendering either.
      diagnostics.push(unfit);
      modules.set(file, { file, ast: { kind: "SourceFile", file, items: [], span: { file, start: 0, end: 0 } }, imports: [], isStd: false });
      return;
    }
    sources.set(file, new SourceText(file, text));
    const parsed = cache.get(file, text, () => parse(text, file));
    diagnostics.push(...parsed.diagnostics);
    const imports: ResolvedImport[] = [];
    const module: Module = { file, ast: parsed.ast, imports, isStd: file.startsWith(stdDisplay + "/") || file.startsWith(stdRoot) };
    modules.set(file, module);
    for (const item of parsed.ast.items) {
      if (item.kind !== "ImportDecl") continue;
      const target = resolveImportPath(item.path, file, stdRoot);
      if (modules.has(target)) {
        imports.push({ decl: item, target, file: target });
        continue;
      }
      const body = item.path.endsWith(".vlm") ? fs.read(target) : undefined;
      if (body === undefined) {
        imports.push({ decl: item, target, file: undefined });
        continue;
      }
      imports.push({ decl: item, target, file: target });
      load(target, body);
    }
  };

  const entryFile = displayPath(entry);
  const text = entryText ?? fs.read(entry);
  if (text === undefined) {
    diagnostics.push(
      fs.isDirectory?.(entry)
        ? diagnostic(say(Diag.FileNotFound, "directory", { file: entryFile }), undefined, { hint: directoryHint(fs.list(entry), entryFile) })
        : diagnostic(say(Diag.FileNotFound, "unreadableSpec", { file: entryFile })),
    );
    const empty: SourceFile = { kind: "SourceFile", file: entryFile, items: [], span: { file: entryFile, start: 0, end: 0 } };
    modules.set(entryFile, { file: entryFile, ast: empty, imports: [], isStd: false });
  } else {
    load(entryFile, text, true);
  }
  return { program: { entry: entryFile, modules, sources, stdRoot }, diagnostics };
}
