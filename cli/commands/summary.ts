// `vlmc summary FILE`: the module tree with shapes, parameters, sharing, FLOPs and stages.
import { stableStringify } from "../../compiler/ir/dump.js";
import { summarize } from "../../compiler/analysis/summary.js";
import { renderSummary } from "../../compiler/analysis/render-summary.js";
import type { Host } from "../../compiler/compile.js";
import type { CliArgs } from "../args.js";
import { buildOne, exitCode, Reporter, type CliIo } from "../report.js";

export function summary(args: CliArgs, io: CliIo, host: Host): number {
  const rep = new Reporter(io, args.json);
  const built = buildOne(args, rep, host);
  const code = exitCode(rep.all);
  if (!built || code !== 0) {
    if (args.json) io.out(stableStringify({ ok: false, diagnostics: rep.jsonDiagnostics() }) + "\n");
    return code || 1;
  }
  const s = summarize(built.ir, { ...(args.stage !== undefined ? { stage: args.stage } : {}), dims: args.dims });
  if (args.json) io.out(stableStringify({ ok: true, ...s, diagnostics: rep.jsonDiagnostics() }) + "\n");
  else io.out(renderSummary(s, args.depth ?? 3) + "\n");
  return 0;
}

