// The pipeline: load (parse every file, resolve imports) → the rules over the AST → elaborate a
// model to IR → the rules over the IR. Each step returns diagnostics; elaboration only runs on a
// front end without errors, and IR checks only on a complete IR. This is the one place that
// sequences the stages: none of them calls a later one.
import * as path from "node:path";
import type { ModelDecl, SourceFile } from "../grammar/ast.js";
import { parse } from "../grammar/parse.js";
import { Diag } from "./diagnostics/catalog.js";
import { phrase, say } from "./diagnostics/template.js";
import { dedupeDiagnostics, diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from "./diagnostics/diagnostic.js";
import { displayPath, nodeFileSystem, ParseCache, STD_ROOT, type CompileOptions, type FileSystem } from "./context.js";
import { loadProgram, type Program } from "./resolve/program.js";
import { buildModuleScopes, type ModuleScope } from "./resolve/scope.js";
import { runAstChecks } from "./checks/ast-checks.js";
import type { StdLookup } from "./checks/unknown-names.js";
import { runIrChecks } from "./checks/ir-checks.js";
import { preferUserLocation } from "./diagnostics/user-location.js";
import { elaborate } from "./elaborate/index.js";
import type { IrGraph } from "./ir/types.js";

export interface Host {
  readonly fs: FileSystem;
  readonly stdRoot: string;
  /** Reused across compilations by long-lived hosts; a fresh one otherwise. */
  readonly cache?: ParseCache;
}

export const defaultHost: Host = { fs: nodeFileSystem, stdRoot: STD_ROOT, cache: new ParseCache() };

export interface FrontEnd {
  readonly program: Program;
  readonly scopes: ReadonlyMap<string, ModuleScope>;
  readonly models: readonly ModelDecl[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Where each std declaration lives, for "add an import" hints; built on first use. */
function stdLookup(host: Host): StdLookup {
  let index: Map<string, string> | undefined;
  return (name) => {
    if (!index) {
      index = new Map();
      for (const f of host.fs.list(host.stdRoot)) {
        const text = host.fs.read(path.join(host.stdRoot, f));
        if (text === undefined) continue;
        const parsed = host.cache ? host.cache.get(path.join(host.stdRoot, f), text, () => parse(text, f)) : parse(text, f);
        for (const item of parsed.ast.items) if (item.kind !== "ImportDecl" && !index.has(item.name.name)) index.set(item.name.name, `std/${f}`);
      }
    }
    return index.get(name);
  };
}

/**
 * Runs a stage; if it exhausts the call stack (an absurdly deep or long expression), that is
 * reported as a diagnostic instead of a crash.
 */
function guarded<T>(run: () => T, fallback: (d: Diagnostic) => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      return fallback(
        diagnostic(say(Diag.ElaborationLimit, "callStack")),
      );
    }
    throw e;
  }
}

export function frontEnd(entry: string, host: Host = defaultHost, entryText?: string): FrontEnd {
  return guarded(
    () => frontEndUnguarded(entry, host, entryText),
    (d) => {
      const file = displayPath(entry);
      const ast: SourceFile = { kind: "SourceFile", file, items: [], span: { file, start: 0, end: 0 } };
      const program: Program = { entry: file, modules: new Map([[file, { file, ast, imports: [], isStd: false }]]), sources: new Map(), stdRoot: host.stdRoot };
      return { program, scopes: new Map(), models: [], diagnostics: [d] };
    },
  );
}

function frontEndUnguarded(entry: string, host: Host, entryText?: string): FrontEnd {
  const { program, diagnostics } = loadProgram(entry, host.fs, host.stdRoot, entryText, host.cache);
  const scopes = buildModuleScopes(program);
  const checked = runAstChecks({ program, scopes, fs: host.fs, stdLookup: stdLookup(host) }, diagnostics);
  const out = [...diagnostics, ...checked.diagnostics];
  // A file with syntax errors has a partial tree, and a missing import leaves names unbound:
  // the checks stopped early, and there is no model to elaborate.
  if (!checked.complete) return { program, scopes, models: [], diagnostics: sortDiagnostics(dedupeDiagnostics(out)) };
  const entryModule = program.modules.get(program.entry)!;
  const models = entryModule.ast.items.filter((i): i is ModelDecl => i.kind === "ModelDecl");
  return { program, scopes, models, diagnostics: sortDiagnostics(dedupeDiagnostics(out)) };
}

export interface ModelBuild {
  readonly ir: IrGraph | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** Elaborates one model of a front end (which must be free of errors) and checks its IR. */
export function buildModel(front: FrontEnd, model: ModelDecl, options: CompileOptions = {}): ModelBuild {
  return guarded(
    () => buildModelUnguarded(front, model, options),
    (d) => ({ ir: undefined, diagnostics: [d] }),
  );
}

function buildModelUnguarded(front: FrontEnd, model: ModelDecl, options: CompileOptions): ModelBuild {
  const isLibrary = (file: string): boolean => front.program.modules.get(file)?.isStd ?? false;
  const { ir, diagnostics } = elaborate(model, front.scopes, options, isLibrary);
  const out = [...diagnostics];
  if (ir && !hasErrors(out)) out.push(...runIrChecks(ir));
  return { ir, diagnostics: sortDiagnostics(dedupeDiagnostics(preferUserLocation(out, isLibrary))) };
}

/** Picks the model a command works on: the only one, or the one named by --model. */
export function selectModel(front: FrontEnd, name: string | undefined): { model?: ModelDecl; diagnostics: Diagnostic[] } {
  if (name !== undefined) {
    const model = front.models.find((m) => m.name.name === name);
    if (model) return { model, diagnostics: [] };
    return {
      diagnostics: [
        diagnostic(say(Diag.NoModel, "noSuchModel", { file: front.program.entry, name }), undefined, {
          hint: front.models.length ? phrase(Diag.NoModel, "modelsHint", { names: front.models.map((m) => m.name.name).join(", ") }) : undefined,
        }),
      ],
    };
  }
  if (front.models.length === 1) return { model: front.models[0]!, diagnostics: [] };
  const said = say(Diag.NoModel, front.models.length === 0 ? "none" : "several", { file: front.program.entry });
  return {
    diagnostics: [
      diagnostic(said, undefined, {
        hint: front.models.length ? phrase(Diag.NoModel, "modelsHint", { names: front.models.map((m) => m.name.name).join(", ") }) : phrase(Diag.NoModel, "noneHint"),
      }),
    ],
  };
}

/** Front end + one model, in one call: what most tools want. */
export function compileFile(entry: string, options: CompileOptions = {}, host: Host = defaultHost): { front: FrontEnd; ir: IrGraph | undefined; diagnostics: Diagnostic[] } {
  const front = frontEnd(entry, host);
  if (hasErrors(front.diagnostics)) return { front, ir: undefined, diagnostics: [...front.diagnostics] };
  const pick = selectModel(front, options.model);
  if (!pick.model) return { front, ir: undefined, diagnostics: [...front.diagnostics, ...pick.diagnostics] };
  const built = buildModel(front, pick.model, options);
  return { front, ir: built.ir, diagnostics: sortDiagnostics([...front.diagnostics, ...built.diagnostics]) };
}
