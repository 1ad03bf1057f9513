// The diff as JSON: the report (report.ts; schema documented in docs/diff-schema.md) with keys
// sorted so that output is byte-stable. `modules` keeps the modules that differ down to `--depth`
// (default 3) — not the insides of an added or removed subtree, whose root's counts cover them —
// and `module_depth` says which depth that was; `--only` drops the sections not asked for (and
// the hyperparameters) and lists the ones kept in `sections`.
import { stableStringify } from "../../ir/dump.js";
import type { DiffReport } from "../report.js";
import { differing, shows, type RenderOptions } from "./common.js";

export function renderJson(report: DiffReport, opts: RenderOptions): string {
  const out: Record<string, unknown> = { ...report, modules: differing(report, opts.depth), module_depth: opts.depth };
  if (!shows(opts, "hypers")) delete out["hypers"];
  if (!shows(opts, "params")) for (const k of ["totals", "modules", "module_depth", "published"]) delete out[k];
  for (const k of ["shapes", "sharing", "objectives", "stages"] as const) if (!shows(opts, k)) delete out[k];
  if (opts.only) out["sections"] = [...opts.only];
  return stableStringify(out) + "\n";
}
