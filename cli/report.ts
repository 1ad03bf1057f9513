// What every command shares: collecting and rendering diagnostics (stderr, or into the JSON on
// stdout with --json), the exit code they imply, and building the one model a command works on.
import { Diag } from "../compiler/diagnostics/catalog.js";
import { diagnostic, hasErrors, type Diagnostic } from "../compiler/diagnostics/diagnostic.js";
import { diagnosticToJson, renderDiagnostics } from "../compiler/diagnostics/render.js";
import type { SourceSet, SourceText } from "../compiler/diagnostics/source-text.js";
import { buildModel, frontEnd, selectModel, type Host } from "../compiler/compile.js";
import type { CliArgs } from "./args.js";

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout is an interactive terminal (progress output, colour). */
  readonly tty?: boolean;
}

export const USAGE_CODES = new Set([Diag.FileNotFound.code, Diag.Usage.code, Diag.UnknownVariant.code, Diag.BadOverride.code, Diag.NoModel.code, Diag.UnknownStage.code]);

export function exitCode(diags: readonly Diagnostic[]): number {
  const errors = diags.filter((d) => d.severity === "error");
  if (errors.length === 0) return 0;
  return errors.every((d) => USAGE_CODES.has(d.code)) ? 2 : 1;
}

export class Reporter {
  readonly all: Diagnostic[] = [];
  readonly sources = new Map<string, SourceText>();
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

export function options(args: CliArgs, variant = args.variant) {
  return { ...(variant !== undefined ? { variant } : {}), overrides: args.overrides, ...(args.model !== undefined ? { model: args.model } : {}) };
}


/** Front end + model selection + elaboration for the one-file commands. */
export function buildOne(args: CliArgs, rep: Reporter, host: Host) {
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

