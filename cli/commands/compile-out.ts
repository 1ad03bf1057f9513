// Writing a compiled model into --out without ever leaving it half-written or touching anything
// outside it: files go into a temporary folder inside --out, are flushed, then renamed into
// place one by one, and the temporary folder is removed. A failure before the renames leaves
// --out as it was (a new --out is removed again).
import * as fs from "node:fs";
import * as path from "node:path";
import { Diag } from "../../compiler/diagnostics/catalog.js";
import { diagnostic, type Diagnostic } from "../../compiler/diagnostics/diagnostic.js";
import { say } from "../../compiler/diagnostics/template.js";

/** A file to write: its name inside --out and its contents, in pieces (a weights file may be GBs). */
export interface OutFile {
  readonly name: string;
  readonly chunks: readonly Uint8Array[];
}

function writeChunks(file: string, chunks: readonly Uint8Array[]): void {
  const fd = fs.openSync(file, "wx");
  try {
    for (const c of chunks) {
      let done = 0;
      while (done < c.byteLength) done += fs.writeSync(fd, c, done, c.byteLength - done);
    }
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes every file into `dir` (created if missing); a diagnostic instead when it cannot. */
export function writeOutFolder(dir: string, files: readonly OutFile[]): Diagnostic | undefined {
  const existed = fs.existsSync(dir);
  if (existed && !fs.statSync(dir).isDirectory()) return diagnostic(say(Diag.CompileWrite, "notFolder", { dir }));
  let temp: string | undefined;
  try {
    if (!existed) fs.mkdirSync(dir, { recursive: true });
    temp = fs.mkdtempSync(path.join(dir, ".vlmc-compile-"));
    // A package's files may sit in folders (`clip/runtime/ops.py`): made in the temporary
    // folder first, and in --out only once every file is written.
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(temp, f.name)), { recursive: true });
      writeChunks(path.join(temp, f.name), f.chunks);
    }
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(dir, f.name)), { recursive: true });
      fs.renameSync(path.join(temp, f.name), path.join(dir, f.name));
    }
    fs.rmSync(temp, { recursive: true, force: true });
    return undefined;
  } catch (e) {
    if (temp) fs.rmSync(temp, { recursive: true, force: true });
    if (!existed) fs.rmSync(dir, { recursive: true, force: true });
    return diagnostic(say(Diag.CompileWrite, "write", { dir, reason: String((e as Error)?.message ?? e) }));
  }
}
