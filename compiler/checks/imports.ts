// Missing imports: every `import` names a readable .vlm file. `std/x.vlm` is looked up in the
// package's specs/std; other paths are relative to the importing file.
import * as path from "node:path";
import type { ImportDecl } from "../../grammar/ast.js";
import { Diag } from "../diagnostics/catalog.js";
import { phrase, say } from "../diagnostics/template.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { FileSystem } from "../context.js";
import { closest } from "../diagnostics/suggest.js";
import type { Program } from "../resolve/program.js";

export function checkImportsFound(program: Program, fs: FileSystem): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const mod of program.modules.values()) {
    for (const imp of mod.imports) if (imp.file === undefined) out.push(missingImport(imp.decl, imp.target, fs, program.stdRoot));
  }
  return out;
}

function missingImport(decl: ImportDecl, resolved: string, fs: FileSystem, stdRoot: string): Diagnostic {
  if (!decl.path.endsWith(".vlm")) {
    return diagnostic(say(Diag.ImportNotFound, "notVlm", { path: decl.path }), decl.span);
  }
  const isStd = decl.path.startsWith("std/");
  const dir = isStd ? stdRoot : path.dirname(resolved);
  const available = fs.list(dir);
  const guess = closest(path.basename(decl.path), available);
  const prefix = isStd ? "std/" : "";
  let hint: string;
  if (guess) hint = phrase(Diag.ImportNotFound, "guessHint", { guess: prefix + guess });
  else if (isStd) hint = phrase(Diag.ImportNotFound, "stdHint", { files: available.map((f) => "std/" + f).join(", ") });
  else hint = phrase(Diag.ImportNotFound, "relativeHint");
  return diagnostic(say(Diag.ImportNotFound, "notFound", { path: decl.path, resolved }), decl.span, { hint });
}
