// Compile-speed benchmark, issue #8: the time `vlmc compile --target ts` adds on top of the front
// end — building the TypeScript module from the checked spec (emitTypeScriptSource: the program
// view, ts-morph structures) and formatting it with prettier (formatTypeScript) — measured as
// compile-source.ts does it (same `where` and spec name), from a front end already built.
// The module is the same for every variant but for its header line and default preset (a variant
// only picks the defaults of `new Model()`), so one measurement per spec stands for all of them.
import type { FrontEnd } from "../compiler/compile.js";
import { spanText } from "../compiler/diagnostics/source-text.js";
import { emitTypeScriptSource, formatTypeScript, type TsEmitOptions } from "../compiler/emit/ts/emit.js";
import { specRelativeNames } from "../compiler/ir/file-names.js";

export interface TsGeneration {
  /** Median ms of generating and formatting the module. */
  readonly ms: number;
  /** Median ms of the formatting alone (prettier), part of `ms`. */
  readonly formatMs: number;
  /** Lines of the formatted module. */
  readonly lines: number;
}

function emitOptions(f: FrontEnd): TsEmitOptions {
  const { program } = f;
  const fileName = specRelativeNames(program.entry, program.stdRoot);
  return { where: (span) => spanText(span, program.sources, fileName).replace(/:\d+$/, ""), specName: fileName(program.entry) };
}

/** Generates `f`'s model's unformatted module once; throws if the generator reports a problem. */
function generate(f: FrontEnd): string {
  const { text, problems } = emitTypeScriptSource(f.scopes, f.models[0]!, emitOptions(f));
  if (problems.length) throw new Error(`${f.program.entry}: the TypeScript generator reports ${problems[0]!.message}`);
  return text;
}

/** Generates and formats `f`'s model once. */
export async function generateTypeScript(f: FrontEnd): Promise<string> {
  return formatTypeScript(generate(f));
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median time of `repeats` generations of `f`'s model as TypeScript, and its line count. */
export async function measureTsGeneration(f: FrontEnd, repeats: number): Promise<TsGeneration> {
  const times: number[] = [];
  const formatTimes: number[] = [];
  let lines = 0;
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    const text = generate(f);
    const generated = performance.now();
    const ts = await formatTypeScript(text);
    const end = performance.now();
    times.push(end - start);
    formatTimes.push(end - generated);
    lines = ts.split("\n").length;
  }
  return { ms: median(times), formatMs: median(formatTimes), lines };
}
