// Shared test helpers: run the CLI in-process and collect its JSON output; compile a spec from
// a string; golden-file comparison with UPDATE_GOLDENS=1 to regenerate.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { expect } from "vitest";
import { runCli } from "../cli/main.js";
import { compileFile, defaultHost, type Host } from "../compiler/compile.js";
import { memoryFileSystem, type CompileOptions } from "../compiler/context.js";
import type { IrGraph } from "../compiler/ir/types.js";
import type { Diagnostic } from "../compiler/diagnostics/diagnostic.js";
import type { JsonDiagnostic } from "../compiler/diagnostics/render.js";

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export async function cli(...argv: string[]): Promise<CliRun> {
  let out = "";
  let err = "";
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** A diagnostic as golden files pin it: its related notes as `file:line:column: message`, as rendered. */
export interface GoldenDiagnostic {
  code: string;
  severity: string;
  file?: string;
  line?: number;
  column?: number;
  message: string;
  related?: string[];
  hint?: string;
}

/** The diagnostics `vlmc <args> --json` reports, in the golden-file form. */
export async function cliDiagnostics(...argv: string[]): Promise<{ code: number; diagnostics: GoldenDiagnostic[] }> {
  const run = await cli(...argv, "--json");
  const parsed = JSON.parse(run.out) as { diagnostics: JsonDiagnostic[] };
  return {
    code: run.code,
    diagnostics: parsed.diagnostics.map((d) => ({
      code: d.code,
      severity: d.severity,
      ...(d.file !== undefined ? { file: d.file } : {}),
      ...(d.line !== undefined ? { line: d.line, column: d.column } : {}),
      message: d.message,
      ...(d.related.length > 0 ? { related: d.related.map((r) => `${r.file}:${r.line}:${r.column}: ${r.message}`) } : {}),
      ...(d.hint !== undefined ? { hint: d.hint } : {}),
    })),
  };
}

/** Golden diagnostics with a temporary folder written as `$TMP` wherever it appears, so the file is portable. */
export function portable(diagnostics: readonly GoldenDiagnostic[], dir: string): GoldenDiagnostic[] {
  const swap = (t: string): string => t.split(dir).join("$TMP");
  return diagnostics.map((d) => ({
    ...d,
    message: swap(d.message),
    ...(d.related ? { related: d.related.map(swap) } : {}),
    ...(d.hint !== undefined ? { hint: swap(d.hint) } : {}),
  }));
}

/** Compiles spec text (named `file`, default test/inline.vlm) that may import std. */
export function compileSource(text: string, options: CompileOptions = {}, file = "test/inline.vlm"): { ir: IrGraph | undefined; diagnostics: Diagnostic[] } {
  const host: Host = { fs: memoryFileSystem({ [file]: text }, defaultHost.fs), stdRoot: defaultHost.stdRoot, cache: defaultHost.cache! };
  const r = compileFile(file, options, host);
  return { ir: r.ir, diagnostics: r.diagnostics };
}

export const updating = process.env["UPDATE_GOLDENS"] === "1";

/** Compares `actual` with the golden file (JSON or text); UPDATE_GOLDENS=1 rewrites it instead. */
export function expectGolden(path: string, actual: unknown): void {
  const text = typeof actual === "string" ? actual : JSON.stringify(actual, null, 2) + "\n";
  if (updating || !existsSync(path)) {
    writeFileSync(path, text);
    if (!updating) throw new Error(`golden file ${path} was missing and has been written; review it and rerun`);
    return;
  }
  expect(text).toBe(readFileSync(path, "utf8"));
}
