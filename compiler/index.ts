// The package's entry point (`import { check } from "vlmc"`): the pipeline's stages as one small,
// typed API for tools that call vlmc from code — editors, notebooks, CI scripts. Each function
// returns a best-effort result plus diagnostics and never throws for a mistake in a spec; the
// CLI is built from the same stages. Only what is exported here is public.
import { format as formatSource, type FormatResult } from "../grammar/format/index.js";
import { parse as parseSource, type ParseResult } from "../grammar/parse.js";
import { summarize as summarizeIr, type Summary, type SummaryOptions } from "./analysis/summary.js";
import { buildModel, compileFile, defaultHost, frontEnd, type Host } from "./compile.js";
import { memoryFileSystem, type CompileOptions } from "./context.js";
import { hasErrors, sortDiagnostics, type Diagnostic } from "./diagnostics/diagnostic.js";
import { renderDiagnostics as renderWith } from "./diagnostics/render.js";
import { SourceText, type SourceSet } from "./diagnostics/source-text.js";
import type { IrGraph } from "./ir/types.js";

export type { Diagnostic, RelatedInfo } from "./diagnostics/diagnostic.js";
export type { Severity } from "./diagnostics/catalog.js";
export type { Span, SourceFile } from "../grammar/ast.js";
export type { IrGraph } from "./ir/types.js";
export type { CompileOptions } from "./context.js";
export type { ParseResult, FormatResult, Summary, SummaryOptions };
export { diagnosticToJson, type JsonDiagnostic } from "./diagnostics/render.js";
export { serializeIr, loadIr } from "./ir/serialize.js";

/** Where a spec comes from: a path on disk, or a path plus its text (for unsaved editor buffers). */
export interface SpecInput {
  /** The spec's path; relative imports resolve from its folder, `std/…` from vlmc's own std. */
  readonly file: string;
  /** The spec's text; when given, `file` is not read from disk (its imports still are). */
  readonly source?: string;
}

export interface ElaborateResult {
  /** The typed IR of the model; undefined when errors stopped elaboration. */
  readonly ir: IrGraph | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** The text of every file read, by name: what {@link renderDiagnostics} quotes. */
  readonly sources: SourceSet;
}

export interface CheckResult {
  /** True when there is no error (warnings allowed). */
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: SourceSet;
}

function hostFor(input: SpecInput): Host {
  if (input.source === undefined) return defaultHost;
  return { fs: memoryFileSystem({ [input.file]: input.source }, defaultHost.fs), stdRoot: defaultHost.stdRoot };
}

/**
 * Parses spec text into an AST with source spans. Syntax errors are diagnostics (VLM1xxx), and
 * the AST is then partial. Imports are not followed.
 */
export function parse(source: string, file = "input.vlm"): ParseResult {
  return parseSource(source, file);
}

/**
 * Checks a spec as `vlmc check` does: parses it and its imports, resolves names, elaborates
 * every model it declares (or `options.model`) with the given variant and overrides, and runs
 * every check on the AST and the IR.
 */
export function check(input: SpecInput, options: CompileOptions = {}): CheckResult {
  const front = frontEnd(input.file, hostFor(input), input.source);
  const diagnostics = [...front.diagnostics];
  if (!hasErrors(diagnostics)) {
    const models = options.model === undefined ? front.models : front.models.filter((m) => m.name.name === options.model);
    for (const model of models) diagnostics.push(...buildModel(front, model, options).diagnostics);
  }
  return { ok: !hasErrors(diagnostics), diagnostics: sortDiagnostics(diagnostics), sources: front.program.sources };
}

/**
 * Elaborates one model of a spec (the only one, or `options.model`) to its typed IR: every
 * instance inlined, shapes in the spec's symbols, parameters with their share groups.
 */
export function elaborate(input: SpecInput, options: CompileOptions = {}): ElaborateResult {
  const r = compileFile(input.file, options, hostFor(input));
  return { ir: r.ir, diagnostics: r.diagnostics, sources: r.front.program.sources };
}

/**
 * What `vlmc summary` reports for an IR: the module tree with output shapes, parameters (shared
 * ones counted once), FLOPs for the given input dims (B defaults to 1), trainable parameters of a
 * stage, groups and published claims.
 */
export function summarize(ir: IrGraph, options: SummaryOptions = {}): Summary {
  return summarizeIr(ir, options);
}

/**
 * Formats spec text canonically, as `vlmc fmt` does, keeping every comment. Text with syntax
 * errors is not formatted: `text` is undefined and `diagnostics` says why.
 */
export function format(source: string, file = "input.vlm"): FormatResult {
  return formatSource(source, file);
}

/**
 * Renders diagnostics as the CLI prints them (`file:line:col - error VLM1234: …`, the source
 * line with carets, notes and hints). `sources` is what {@link check} or {@link elaborate}
 * returned, or a map of file name to text.
 */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], sources: SourceSet | Readonly<Record<string, string>> = new Map()): string {
  const set: SourceSet = sources instanceof Map ? sources : new Map(Object.entries(sources).map(([f, t]) => [f, new SourceText(f, t as string)]));
  return renderWith(diagnostics, set);
}
