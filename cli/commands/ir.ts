// `vlmc ir FILE`: the typed IR of a spec — a readable listing (one line per node, then
// parameters, buffers, updates, objectives and stages), or with --json its lossless, versioned
// JSON form (compiler/ir/serialize.ts). Files are named relative to the spec's folder, so the
// output is the same from any working directory. A spec with errors gives its diagnostics
// (as `{"ok": false, "diagnostics": […]}` with --json) and exit code 1. FILE may also be a saved
// IR (`.json`): it is loaded and checked, then listed (or written again with --json).
import type { Host } from "../../compiler/compile.js";
import { renderDiagnostics } from "../../compiler/diagnostics/render.js";
import { stableStringify } from "../../compiler/ir/dump.js";
import { formatIrListing } from "../../compiler/ir/listing.js";
import { serializeIr } from "../../compiler/ir/serialize.js";
import type { CliArgs } from "../args.js";
import { exitCode, irFor, Reporter, type CliIo } from "../report.js";

export function ir(args: CliArgs, io: CliIo, host: Host): number {
  const rep = new Reporter(io, args.json);
  const got = irFor(args, rep, host);
  if (!got) {
    if (args.json) io.out(stableStringify({ ok: false, diagnostics: rep.jsonDiagnostics() }) + "\n");
    return exitCode(rep.all) || 1;
  }
  if (!args.json) {
    io.out(formatIrListing(got.ir, got.sources, got.fileName));
    return 0;
  }
  // The JSON is the IR document alone; warnings still reach the user, on stderr.
  if (rep.all.length > 0) io.err(renderDiagnostics(rep.all, rep.sources) + "\n");
  io.out(serializeIr(got.ir, { sources: got.sources, fileName: got.fileName }));
  return 0;
}

