// `vlmc compile FILE [--target ts|js|pytorch] --out DIR`: the model as readable source code —
// one TypeScript module (or ES-module JavaScript and its .d.ts) that runs on TensorFlow.js
// through `vlmc/runtime` without the compiler (compiler/emit/ts), or a Python package for
// PyTorch with a train.py for torchrun (compiler/emit/pytorch). It is generated from the checked spec,
// so a spec with errors prints them and writes nothing; what the generator cannot express is
// VLM6508 at the spec's own line. Files go to DIR through a temporary folder (compile-out.ts).
import * as path from "node:path";
import { Diag } from "../../compiler/diagnostics/catalog.js";
import { diagnostic } from "../../compiler/diagnostics/diagnostic.js";
import { spanText } from "../../compiler/diagnostics/source-text.js";
import { say } from "../../compiler/diagnostics/template.js";
import { stableStringify } from "../../compiler/ir/dump.js";
import type { Host } from "../../compiler/compile.js";
import { emitTypeScript } from "../../compiler/emit/ts/emit.js";
import { emitPyTorch } from "../../compiler/emit/pytorch/emit.js";
import { inputRoles } from "../../runtime/synthetic.js";
import type { CliArgs } from "../args.js";
import { specRelativeNames } from "../../compiler/ir/file-names.js";
import { buildOne, exitCode, Reporter, type CliIo } from "../report.js";
import { writeOutFolder } from "./compile-out.js";

interface Written {
  readonly files: string[];
  readonly lines: number;
  readonly model: string;
  /** The Python package's name (pytorch target). */
  readonly package?: string;
}

export async function compileSource(args: CliArgs, io: CliIo, host: Host): Promise<number> {
  const rep = new Reporter(io, args.json);
  const target = args.target === "js" ? "js" : args.target === "pytorch" ? "pytorch" : "ts";
  const done = (written?: Written): number => {
    if (args.json) io.out(stableStringify({ ok: written !== undefined, target, ...(written ?? {}), diagnostics: rep.jsonDiagnostics() }) + "\n");
    else if (written) io.out(render(written, target));
    return written ? 0 : exitCode(rep.all) || 1;
  };
  const file = args.files[0]!;
  if (file.endsWith(".json")) {
    rep.add([diagnostic(say(Diag.SourceTarget, "savedIr", { target, file }))]);
    return done();
  }
  const built = buildOne(args, rep, host);
  if (!built) return done();
  const { program } = built.front;
  const fileName = specRelativeNames(program.entry, program.stdRoot);
  const model = built.front.models.find((m) => m.name.name === built.ir.model)!;
  const where = (span: Parameters<typeof spanText>[0]): string => spanText(span, program.sources, fileName).replace(/:\d+$/, "");
  if (target === "pytorch") {
    const py = emitPyTorch(built.front.scopes, model, built.ir, { ...(args.variant !== undefined ? { variant: args.variant } : {}), roles: inputRoles(built.ir), where, specName: fileName(program.entry) });
    rep.add(py.problems.map((p) => diagnostic(say(Diag.SourceTarget, "problem", { target: "PyTorch", what: p.message }), p.span)), program.sources);
    if (py.problems.length) return done();
    const files = [...py.files].map(([name, text]) => ({ name, chunks: [new TextEncoder().encode(text)] }));
    const problem = writeOutFolder(args.out!, files);
    if (problem) {
      rep.add([problem]);
      return done();
    }
    return done({ files: [path.join(args.out!, py.package), path.join(args.out!, "train.py")], lines: py.lines, model: built.ir.model, package: py.package });
  }
  const emitted = await emitTypeScript(built.front.scopes, model, {
    target,
    ...(args.variant !== undefined ? { variant: args.variant } : {}),
    ...(args.runtimeImport !== undefined ? { runtimeImport: args.runtimeImport } : {}),
    where,
    specName: fileName(program.entry),
  });
  rep.add(
    emitted.problems.map((p) => diagnostic(say(Diag.SourceTarget, "problem", { target: target === "js" ? "JavaScript" : "TypeScript", what: p.message }), p.span)),
    program.sources,
  );
  if (emitted.problems.length) return done();
  const base = built.ir.model.toLowerCase();
  const files = [...emitted.files].map(([name, text]) => ({ name: name.replace(/^model/, base), chunks: [new TextEncoder().encode(text)] }));
  const problem = writeOutFolder(args.out!, files);
  if (problem) {
    rep.add([problem]);
    return done();
  }
  return done({ files: files.map((f) => path.join(args.out!, f.name)), lines: emitted.lines, model: built.ir.model });
}

function render(w: Written, target: string): string {
  const main = w.files[0]!;
  if (target === "pytorch") {
    return [
      `wrote the package ${main}/ (model.py: ${w.lines} lines, class ${w.model} and one nn.Module per block; runtime/) and ${w.files[1]}`,
      `  use it: from ${w.package} import ${w.model}; model = ${w.model}(**${w.model}.presets[...]); values, losses = model.run(inputs)`,
      `  train it: torchrun --nproc_per_node N ${w.files[1]} --data PACK --out RUN (python ${w.files[1]} --help)`,
    ].join("\n") + "\n";
  }
  return [
    `wrote ${w.files.join(" and ")} (${target === "js" ? "JavaScript, " : ""}${w.lines} lines of TypeScript: class ${w.model} and one class per block)`,
    `  use it: import { ${w.model} } from "./${path.basename(main).replace(/\.(ts|js)$/, ".js")}"; const model = new ${w.model}(); model.run(inputs)`,
    "  it needs the vlmc/runtime entry point (npm install vlmc) and a TensorFlow.js backend",
  ].join("\n") + "\n";
}
