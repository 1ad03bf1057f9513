// The `vlmc` command line. Diagnostics go to stderr (or into the JSON on stdout with --json);
// exit codes: 0 ok, 1 errors in a spec, 2 usage or I/O errors.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as path from "node:path";
import { Diag } from "../diagnostics/catalog.js";
import { diagnostic, hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import { diagnosticToJson, renderDiagnostics } from "../diagnostics/render.js";
import type { SourceSet } from "../diagnostics/source-text.js";
import { buildModel, defaultHost, frontEnd, selectModel, type Host } from "../compile.js";
import { irToJson, stableStringify } from "../ir/dump.js";
import { summarize } from "../analysis/summary.js";
import { renderSummary } from "../analysis/render-summary.js";
import { parseArgs, USAGE, type CliArgs } from "./args.js";

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const USAGE_CODES = new Set([Diag.FileNotFound.code, Diag.Usage.code, Diag.UnknownVariant.code, Diag.BadOverride.code, Diag.NoModel.code, Diag.UnknownStage.code]);

function exitCode(diags: readonly Diagnostic[]): number {
  const errors = diags.filter((d) => d.severity === "error");
  if (errors.length === 0) return 0;
  return errors.every((d) => USAGE_CODES.has(d.code)) ? 2 : 1;
}

function version(): string {
  const pkg = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "package.json");
  for (const p of [pkg, path.join(path.dirname(pkg), "..", "package.json")]) {
    try {
      return (JSON.parse(readFileSync(p, "utf8")) as { version: string }).version;
    } catch {
      /* try the next location (running from dist/ or from source) */
    }
  }
  return "unknown";
}

class Reporter {
  readonly all: Diagnostic[] = [];
  readonly sources = new Map() as Map<string, import("../diagnostics/source-text.js").SourceText>;
  constructor(private readonly io: CliIo, private readonly json: boolean) {}
  add(diags: readonly Diagnostic[], sources?: SourceSet): void {
    this.all.push(...diags);
    for (const [k, v] of sources ?? []) this.sources.set(k, v);
    if (!this.json && diags.length) this.io.err(renderDiagnostics(diags, this.sources) + "\n");
  }
  jsonDiagnostics(): unknown[] {
    return this.all.map((d) => diagnosticToJson(d, this.sources));
  }
}

function options(args: CliArgs, variant = args.variant) {
  return { ...(variant !== undefined ? { variant } : {}), overrides: args.overrides, ...(args.model !== undefined ? { model: args.model } : {}) };
}

function check(args: CliArgs, io: CliIo, host: Host): number {
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
        const fresh = built.diagnostics.filter((d) => {
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

/** Front end + model selection + elaboration for the one-file commands. */
function buildOne(args: CliArgs, rep: Reporter, host: Host) {
  if (args.files.length !== 1) {
    rep.add([diagnostic(Diag.Usage, `${args.command} takes exactly one file`, undefined, { hint: `vlmc ${args.command} specs/models/clip.vlm` })]);
    return undefined;
  }
  const front = frontEnd(args.files[0]!, host);
  rep.add(front.diagnostics, front.program.sources);
  if (hasErrors(front.diagnostics)) return undefined;
  const pick = selectModel(front, args.model);
  rep.add(pick.diagnostics);
  if (!pick.model) return undefined;
  const built = buildModel(front, pick.model, options(args));
  rep.add(built.diagnostics, front.program.sources);
  if (hasErrors(built.diagnostics) || !built.ir) return undefined;
  return { front, ir: built.ir };
}

function summary(args: CliArgs, io: CliIo, host: Host): number {
  const rep = new Reporter(io, args.json);
  const built = buildOne(args, rep, host);
  if (built && args.stage !== undefined && !built.ir.stages.some((s) => s.name === args.stage)) {
    const names = built.ir.stages.map((s) => s.name);
    rep.add([diagnostic(Diag.UnknownStage, `model ${built.ir.model} has no stage \`${args.stage}\``, undefined, { hint: names.length ? `stages: ${names.join(", ")}` : "this model declares no stages" })]);
  }
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

function ir(args: CliArgs, io: CliIo, host: Host): number {
  const rep = new Reporter(io, false);
  const built = buildOne(args, rep, host);
  if (!built) return exitCode(rep.all) || 1;
  io.out(stableStringify(irToJson(built.ir, built.front.program.sources)) + "\n");
  return 0;
}

export function runCli(argv: readonly string[], io: CliIo, host: Host = defaultHost): number {
  const parsed = parseArgs(argv);
  if (!parsed.ok) return usageError(parsed.error, argv.includes("--json"), io);
  const args = parsed.args;
  if (args.version) {
    io.out(`vlmc ${version()}\n`);
    return 0;
  }
  if (args.help || args.command === "" || args.command === "help") {
    io.out(USAGE + "\n");
    return args.help || args.command === "help" ? 0 : 2;
  }
  switch (args.command) {
    case "check":
      if (args.files.length === 0) return usageError("check: give at least one .vlm file", args.json, io);
      return check(args, io, host);
    case "summary":
      return summary(args, io, host);
    case "ir":
      return ir(args, io, host);
    default:
      return usageError(`unknown command '${args.command}'`, args.json, io);
  }
}

/** A command-line mistake: VLM6006, as JSON with --json, else with the usage text. */
function usageError(message: string, json: boolean, io: CliIo): number {
  if (json) {
    const d = diagnostic(Diag.Usage, message, undefined, { hint: "vlmc --help lists the commands and options" });
    io.out(stableStringify({ ok: false, diagnostics: [diagnosticToJson(d, new Map())] }) + "\n");
  } else io.err(`vlmc: ${message}\n\n${USAGE}\n`);
  return 2;
}
