// Diff reports of real specs for the HTML renderer's tests: each side compiled from specs/models
// exactly as `vlmc diff` would, so the renderer is tested on what it will really be given.
import { compileFile } from "../../compiler/compile.js";
import { diff } from "../../compiler/diff/diff.js";
import type { DiffReport, DiffSide } from "../../compiler/diff/report.js";
import { modelView, type ModelView } from "../../compiler/diff/view.js";

export interface CompiledSide {
  readonly view: ModelView;
  readonly side: DiffSide;
}

/** Compiles `specs/models/x.vlm` or `specs/models/x.vlm#variant`; throws on diagnostics (a broken fixture). */
export function compileSide(spec: string): CompiledSide {
  const [file, variant] = spec.split("#") as [string, string | undefined];
  const { front, ir, diagnostics } = compileFile(file, variant === undefined ? {} : { variant });
  if (ir === undefined) throw new Error(`${spec} does not compile: ${diagnostics.map((d) => d.message).join("; ")}`);
  const view = modelView(ir, (f) => front.program.sources.get(f)?.text);
  return { view, side: { label: spec, file, revision: null, model: ir.model, variant: variant ?? null } };
}

/** The report of a against b; `label` overrides a side's label (to smuggle markup into it). */
export function reportOf(a: CompiledSide, b: CompiledSide, label?: { a?: string; b?: string }): DiffReport {
  return diff(a.view, b.view, {
    a: { ...a.side, label: label?.a ?? a.side.label },
    b: { ...b.side, label: label?.b ?? b.side.label },
  });
}
