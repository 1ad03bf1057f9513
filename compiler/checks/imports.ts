// Missing imports: every `import` names a readable .vlm file. `std/x.vlm` is looked up in the
// package's specs/std; other paths are relative to the importing file.
import * as path from "node:path";
import type { ImportDecl } from "../../grammar/ast.js";
import { Diag } from "../diagnostics/catalog.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { FileSystem } from "../context.js";
import { closest } from "./suggest.js";

export function missingImport(decl: ImportDecl, resolved: string, fs: FileSystem, stdRoot: string): Diagnostic {
  if (!decl.path.endsWith(".vlm")) {
    return diagnostic(Diag.ImportNotFound, `cannot import "${decl.path}": imports name .vlm files`, decl.span, {
      hint: `write "${decl.path}.vlm"`,
    });
  }
  const isStd = decl.path.startsWith("std/");
  const dir = isStd ? stdRoot : path.dirname(resolved);
  const available = fs.list(dir);
  const guess = closest(path.basename(decl.path), available);
  const prefix = isStd ? "std/" : "";
  let hint: string;
  if (guess) hint = `did you mean "${prefix}${guess}"?`;
  else if (isStd) hint = `the std library has: ${available.map((f) => "std/" + f).join(", ")}`;
  else hint = "relative imports are resolved from the importing file's folder";
  return diagnostic(Diag.ImportNotFound, `cannot find import "${decl.path}" (looked for ${resolved})`, decl.span, { hint });
}
