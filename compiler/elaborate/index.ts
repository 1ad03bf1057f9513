// elaborate(model) → { ir, diagnostics }: runs the model's spec as a staged program whose
// compile-time values are hyperparameters and shapes and whose tensor operations become IR.
import type { ModelDecl } from "../../grammar/ast.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { DEFAULT_LIMITS, type CompileOptions } from "../context.js";
import type { IrGraph } from "../ir/types.js";
import type { ModuleScope } from "../resolve/scope.js";
import { Interp } from "./interp.js";
import { elaborateModel } from "./model.js";

export interface ElaborateResult {
  readonly ir: IrGraph | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

export function elaborate(
  model: ModelDecl,
  scopes: ReadonlyMap<string, ModuleScope>,
  options: CompileOptions = {},
  isLibrary: (file: string) => boolean = () => false,
): ElaborateResult {
  const ip = new Interp(scopes, options.limits ?? DEFAULT_LIMITS, isLibrary);
  const ir = elaborateModel(ip, model, options);
  return { ir, diagnostics: ip.diags };
}
