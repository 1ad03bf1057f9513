// What every command shares: collecting and rendering diagnostics (stderr, or into the JSON on
// stdout with --json), the exit code they imply, and building the one model a command works on.
import { Diag } from "../compiler/diagnostics/catalog.js";
import { say } from "../compiler/diagnostics/template.js";
import { diagnostic, hasErrors, type Diagnostic } from "../compiler/diagnostics/diagnostic.js";
import { diagnosticToJson, renderDiagnostics } from "../compiler/diagnostics/render.js";
import type { SourceSet, SourceText } from "../compiler/diagnostics/source-text.js";
import { buildModel, frontEnd, selectModel, type Host } from "../compiler/compile.js";
import type { CliArgs } from "./args.js";
import { displayPath } from "../compiler/context.js";
import { specRelativeNames } from "../compiler/ir/file-names.js";
import { loadIr } from "../compiler/ir/serialize.js";
import { checkIrOptions } from "./ir-options.js";
import type { IrGraph } from "../compiler/ir/types.js";

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout is an interactive terminal (progress output, colour). */
  readonly tty?: boolean;
}

export const USAGE_CODES = new Set([
  Diag.FileNotFound.code,
  Diag.Usage.code,
  Diag.UnknownVariant.code,
  Diag.BadOverride.code,
  Diag.NoModel.code,
  Diag.UnknownStage.code,
  Diag.UnknownDim.code,
  Diag.SpecTooLarge.code,
  Diag.NotText.code,
  Diag.EmptySpec.code,
  Diag.BackendUnavailable.code,
  Diag.WeightsFile.code,
  Diag.WeightMap.code,
  Diag.IrFile.code,
  Diag.FormatWrite.code,
  Diag.DataInput.code,
  Diag.TokenizerFiles.code,
  Diag.PackWrite.code,
  Diag.DataManifest.code,
  Diag.DataShard.code,
]);

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
    rep.add([diagnostic(say(Diag.Usage, "oneFile", { command: args.command }))]);
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
  const misnamed = checkIrOptions(args, built.ir);
  rep.add(misnamed);
  if (misnamed.length) return undefined;
  return { front, ir: built.ir };
}


/** The IR a command works on: FILE is a spec, or a saved IR (`vlmc ir SPEC --json`) ending in .json. */
export function irFor(args: CliArgs, rep: Reporter, host: Host): Got | undefined {
  return args.files.length === 1 && args.files[0]!.endsWith(".json") ? savedIr(args, rep, host) : specIr(args, rep, host);
}

/** A model's IR from a spec (elaborated) or from a saved IR file (loaded and checked). */
export interface Got {
  readonly ir: IrGraph;
  readonly sources: SourceSet;
  readonly fileName: (file: string) => string;
}

function specIr(args: CliArgs, rep: Reporter, host: Host): Got | undefined {
  const built = buildOne(args, rep, host);
  if (!built) return undefined;
  const { program } = built.front;
  return { ir: built.ir, sources: program.sources, fileName: specRelativeNames(program.entry, program.stdRoot) };
}

/** A saved IR: its file names are already the portable ones it was written with. */
function savedIr(args: CliArgs, rep: Reporter, host: Host): Got | undefined {
  const file = args.files[0]!;
  if (args.variant !== undefined || args.model !== undefined || Object.keys(args.overrides).length > 0) {
    rep.add([diagnostic(say(Diag.Usage, "savedIr", { file: displayPath(file) }))]);
    return undefined;
  }
  const text = host.fs.read(file);
  if (text === undefined) {
    rep.add([diagnostic(say(Diag.FileNotFound, "unreadableIr", { file: displayPath(file) }))]);
    return undefined;
  }
  const loaded = loadIr(text, displayPath(file));
  rep.add(loaded.diagnostics, loaded.sources);
  if (!loaded.ir) return undefined;
  const misnamed = checkIrOptions(args, loaded.ir);
  rep.add(misnamed);
  if (misnamed.length) return undefined;
  return { ir: loaded.ir, sources: loaded.sources ?? new Map(), fileName: (f) => f };
}
