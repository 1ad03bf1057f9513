// `vlmc diff A B`: the architecture diff of two specs, variants or git revisions (compiler/diff/)
// in text, Markdown, HTML or JSON. Both sides must compile: a spec with errors prints its
// diagnostics and exits 1 with no report; an operand that cannot be read exits 2. With
// --exit-code, a report of two different models exits 1 (for CI gates).
import { Diag } from "../../compiler/diagnostics/catalog.js";
import { say } from "../../compiler/diagnostics/template.js";
import { diagnostic, hasErrors } from "../../compiler/diagnostics/diagnostic.js";
import { buildModel, frontEnd, selectModel, type Host } from "../../compiler/compile.js";
import { diff } from "../../compiler/diff/diff.js";
import { DIFF_SECTIONS, type DiffReport, type DiffSection, type DiffSide } from "../../compiler/diff/report.js";
import { DEFAULT_DEPTH, type RenderOptions } from "../../compiler/diff/render/common.js";
import { renderJson } from "../../compiler/diff/render/json.js";
import { renderMarkdown } from "../../compiler/diff/render/markdown.js";
import { renderText } from "../../compiler/diff/render/text.js";
import { modelView, type ModelView } from "../../compiler/diff/view.js";
import { stableStringify } from "../../compiler/ir/dump.js";
import type { CliArgs } from "../args.js";
import { checkIrOptions } from "../ir-options.js";
import { hostFor, OperandError, parseOperand, type Operand } from "../diff-sources.js";
import { exitCode, options, Reporter, type CliIo } from "../report.js";

interface Side {
  readonly view: ModelView;
  readonly side: DiffSide;
}

/** One side compiled, or undefined after its diagnostics were reported. */
function buildSide(op: Operand, args: CliArgs, rep: Reporter, io: CliIo, base: Host): Side | undefined {
  const host = hostFor(op, base);
  const front = frontEnd(op.file, host);
  const problems = (): void => {
    if (op.revision !== undefined && !args.json) io.err(`in ${op.label} (read from git revision ${op.revision}):\n`);
  };
  if (front.diagnostics.some((d) => d.severity === "error")) problems();
  rep.add(front.diagnostics, front.program.sources);
  if (hasErrors(front.diagnostics)) return undefined;
  const pick = selectModel(front, args.model);
  rep.add(pick.diagnostics);
  if (!pick.model) return undefined;
  const variant = op.variant ?? args.variant;
  const built = buildModel(front, pick.model, options(args, variant));
  if (hasErrors(built.diagnostics)) problems();
  rep.add(built.diagnostics, front.program.sources);
  if (!built.ir || hasErrors(built.diagnostics)) return undefined;
  const misnamed = checkIrOptions(args, built.ir);
  rep.add(misnamed);
  if (misnamed.length) return undefined;
  const view = modelView(built.ir, (f) => front.program.sources.get(f)?.text, args.dims);
  return { view, side: { label: op.label, file: op.file, revision: op.revision ?? null, model: built.ir.model, variant: variant ?? null } };
}

async function render(report: DiffReport, args: CliArgs, io: CliIo): Promise<string> {
  const opts: RenderOptions = { depth: args.depth ?? DEFAULT_DEPTH, ...(args.only ? { only: args.only as DiffSection[] } : {}) };
  switch (args.json ? "json" : (args.format ?? "text")) {
    case "json":
      return renderJson(report, opts);
    case "md":
      return renderMarkdown(report, opts);
    case "html":
      // The HTML renderer is large; only `--format html` pays for loading it.
      return (await import("../../compiler/diff/render/html.js")).renderHtml(report, opts);
    default:
      return renderText(report, { ...opts, colour: io.tty === true && !process.env["NO_COLOR"] });
  }
}

export async function diffCommand(args: CliArgs, io: CliIo, host: Host): Promise<number> {
  const rep = new Reporter(io, args.json);
  const fail = (code: number): number => {
    if (args.json) io.out(stableStringify({ ok: false, diagnostics: rep.jsonDiagnostics() }) + "\n");
    return code;
  };
  if (args.files.length !== 2) {
    rep.add([diagnostic(say(Diag.Usage, "diffFiles", { count: args.files.length }))]);
    return fail(2);
  }
  const unknown = (args.only ?? []).filter((s) => !(DIFF_SECTIONS as readonly string[]).includes(s));
  if (unknown.length || (args.only && args.only.length === 0)) {
    rep.add([diagnostic(say(Diag.Usage, "diffSections", { sections: DIFF_SECTIONS.join(", "), unknown: unknown.join(",") }))]);
    return fail(2);
  }
  const sides: (Side | undefined)[] = [];
  for (const label of args.files) {
    try {
      sides.push(buildSide(parseOperand(label), args, rep, io, host));
    } catch (e) {
      if (!(e instanceof OperandError)) throw e;
      rep.add([diagnostic(say(Diag.FileNotFound, "operand", { message: e.message }), undefined, { hint: e.hint })]);
      return fail(2);
    }
  }
  const [a, b] = sides;
  if (!a || !b) return fail(exitCode(rep.all) || 1);
  const report = diff(a.view, b.view, { a: a.side, b: b.side });
  io.out(await render(report, args, io));
  return args.exitCode && !report.identical ? 1 : 0;
}
