// `vlmc check FILE…`: parse, elaborate and check specs; report every error with its location.
import { hasErrors } from "../../compiler/diagnostics/diagnostic.js";
import { stableStringify } from "../../compiler/ir/dump.js";
import { buildModel, frontEnd, selectModel, type Host } from "../../compiler/compile.js";
import type { CliArgs } from "../args.js";
import { checkIrOptions } from "../ir-options.js";
import { exitCode, options, Reporter, type CliIo } from "../report.js";

export function check(args: CliArgs, io: CliIo, host: Host): number {
  const rep = new Reporter(io, args.json);
  const results: { file: string; model: string | null; variants: string[]; errors: number; warnings: number; failed?: boolean }[] = [];
  for (const file of args.files) {
    const front = frontEnd(file, host);
    rep.add(front.diagnostics, front.program.sources);
    if (hasErrors(front.diagnostics)) {
      results.push({ file, model: null, variants: [], errors: front.diagnostics.filter((d) => d.severity === "error").length, warnings: 0, failed: true });
      continue;
    }
    const models = args.model !== undefined ? front.models.filter((m) => m.name.name === args.model) : front.models;
    if (args.model !== undefined && models.length === 0) rep.add(selectModel(front, args.model).diagnostics);
    for (const model of models) {
      const variants = args.allVariants ? [undefined, ...model.body.flatMap((s) => (s.kind === "VariantStmt" ? [s.name.name] : []))] : [args.variant];
      const seen = new Set<string>();
      let errors = 0;
      let warnings = 0;
      for (const v of variants) {
        const built = buildModel(front, model, options(args, v));
        const named = built.ir && !hasErrors(built.diagnostics) ? checkIrOptions(args, built.ir) : [];
        const fresh = [...built.diagnostics, ...named].filter((d) => {
          const key = `${d.code}|${d.span?.file}|${d.span?.start}|${d.message}`;
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        });
        const labelled = variants.length > 1 && v !== undefined ? fresh.map((d) => ({ ...d, message: `${d.message} [variant ${v}]` })) : fresh;
        rep.add(labelled, front.program.sources);
        errors += fresh.filter((d) => d.severity === "error").length;
        warnings += fresh.filter((d) => d.severity === "warning").length;
      }
      results.push({ file, model: model.name.name, variants: variants.map((v) => v ?? "(default)"), errors, warnings });
    }
    if (models.length === 0 && args.model === undefined) results.push({ file, model: null, variants: [], errors: 0, warnings: 0 });
  }
  let code = exitCode(rep.all);
  if (code === 0 && args.strict && rep.all.some((d) => d.severity === "warning")) code = 1;
  if (args.json) io.out(stableStringify({ ok: code === 0, results, diagnostics: rep.jsonDiagnostics() }) + "\n");
  else {
    for (const r of results) {
      const what = r.model ? `${r.model} (${r.variants.length} configuration${r.variants.length === 1 ? "" : "s"})` : r.failed ? "not elaborated" : "no model (declarations only)";
      const status = r.errors ? `${r.errors} error${r.errors === 1 ? "" : "s"}` : "ok";
      const warned = r.warnings ? `, ${r.warnings} warning${r.warnings === 1 ? "" : "s"}${args.strict && !r.errors ? " (failing: --strict)" : ""}` : "";
      io.out(`${r.file}: ${what}: ${status}${warned}\n`);
    }
  }
  return code;
}

