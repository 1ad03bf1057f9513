// `vlmc fmt FILE|DIR… [--check]`: formats specs canonically (grammar/format/). A directory stands
// for every .vlm file under it. Without --check, each file that changes is rewritten atomically
// (written beside it, then renamed over it) so an interrupted run never leaves half a spec; with
// --check nothing is written and each unformatted file is listed, exit 1, for CI. A spec with
// syntax errors is reported and left as it is.
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { Diag } from "../../compiler/diagnostics/catalog.js";
import { say } from "../../compiler/diagnostics/template.js";
import { diagnostic, type Diagnostic } from "../../compiler/diagnostics/diagnostic.js";
import { SourceText } from "../../compiler/diagnostics/source-text.js";
import { stableStringify } from "../../compiler/ir/dump.js";
import { format } from "../../grammar/format/index.js";
import type { CliArgs } from "../args.js";
import { exitCode, Reporter, type CliIo } from "../report.js";

/** The .vlm files a path names: itself, or every one under it if it is a directory (sorted). */
function specFiles(target: string): string[] | undefined {
  let stat;
  try {
    stat = statSync(target);
  } catch {
    return undefined;
  }
  if (!stat.isDirectory()) return [target];
  return readdirSync(target, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".vlm"))
    .map((f) => path.join(target, f))
    .sort();
}

/** Replaces a file's contents in one step: a reader sees the old text or the new, never a part. */
function writeAtomically(file: string, text: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.vlmc-fmt`);
  let written = false;
  try {
    writeFileSync(temp, text, { mode: statSync(file).mode, flag: "wx" });
    written = true;
    renameSync(temp, file);
  } catch (e) {
    if (written) rmSync(temp, { force: true });
    throw e;
  }
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

export function fmt(args: CliArgs, io: CliIo): number {
  const checkOnly = args.checkOnly === true;
  const rep = new Reporter(io, args.json);
  const unformatted: string[] = [];
  const rewritten: string[] = [];
  const problems: Diagnostic[] = [];
  for (const target of args.files) {
    const files = specFiles(target);
    if (!files) {
      problems.push(diagnostic(say(Diag.FileNotFound, "unreadable", { file: target })));
      continue;
    }
    for (const file of files) {
      const source = readText(file);
      if (source === undefined) {
        problems.push(diagnostic(say(Diag.FileNotFound, "unreadable", { file })));
        continue;
      }
      const result = format(source, file);
      if (result.text === undefined) {
        rep.add(result.diagnostics, new Map([[file, new SourceText(file, source)]]));
        continue;
      }
      if (!result.changed) continue;
      if (checkOnly) {
        unformatted.push(file);
        continue;
      }
      try {
        writeAtomically(file, result.text);
        rewritten.push(file);
      } catch (e) {
        const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
        problems.push(diagnostic(say(Diag.FormatWrite, "cannotWrite", { file, reason })));
      }
    }
  }
  rep.add(problems);
  let code = exitCode(rep.all);
  if (unformatted.length && code === 0) code = 1;
  if (args.json) {
    io.out(stableStringify({ ok: code === 0, check: checkOnly, unformatted, formatted: rewritten, diagnostics: rep.jsonDiagnostics() }) + "\n");
    return code;
  }
  for (const f of unformatted) io.out(`${f}\n`);
  if (unformatted.length) io.err(`vlmc fmt: ${unformatted.length} file${unformatted.length === 1 ? " is" : "s are"} not formatted; run \`vlmc fmt\` on ${unformatted.length === 1 ? "it" : "them"}\n`);
  for (const f of rewritten) io.out(`formatted ${f}\n`);
  return code;
}
