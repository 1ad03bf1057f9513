// Compile-speed benchmark: parse, static checks, elaboration and IR checks for every shipped
// spec and variant in one process, and the cost of depth 10/20/40 of one model (it should grow
// linearly: the ratios printed against depth 10 should be close to 2 and 4). The corpus total
// counts work as `vlmc check --all-variants` does it: each file's front end once (parsed from
// scratch), then every variant elaborated and checked. Beside each spec, the time of generating
// its TypeScript module (`vlmc compile --target ts`, bench/compile-ts.ts) on top of the front end,
// its line count, and that time over the spec's compile time (front end + elaboration + IR checks
// of its default variant, measured above in the same process).
// Run: npm run bench:compile
import { readdirSync } from "node:fs";
import { loadProgram } from "../compiler/resolve/program.js";
import { buildModel, defaultHost, frontEnd, type FrontEnd } from "../compiler/compile.js";
import { hasErrors } from "../compiler/diagnostics/diagnostic.js";
import { ParseCache, type CompileOptions } from "../compiler/context.js";
import { elaborate } from "../compiler/elaborate/index.js";
import { runIrChecks } from "../compiler/checks/ir-checks.js";
import { generateTypeScript, measureTsGeneration } from "./compile-ts.js";

const REPEATS = 7;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time<T>(f: () => T): [T, number] {
  const t = performance.now();
  const r = f();
  return [r, performance.now() - t];
}

interface Row {
  label: string;
  parse: number;
  front: number;
  elaborate: number;
  checks: number;
  nodes: number;
}

/** Median phase times for one spec + variant; parsing is measured without the parse cache. */
function measure(file: string, options: CompileOptions): Row {
  const parse: number[] = [];
  const front: number[] = [];
  const elab: number[] = [];
  const checks: number[] = [];
  let nodes = 0;
  for (let i = 0; i < REPEATS; i++) {
    parse.push(time(() => loadProgram(file, defaultHost.fs, defaultHost.stdRoot, undefined, new ParseCache()))[1]);
    const [f, tf] = time(() => frontEnd(file, { ...defaultHost, cache: new ParseCache() }));
    front.push(tf);
    if (hasErrors(f.diagnostics)) throw new Error(`${file} does not compile`);
    const model = f.models[0]!;
    const [r, te] = time(() => elaborate(model, f.scopes, options));
    elab.push(te);
    if (!r.ir) throw new Error(`${file} ${options.variant ?? ""} does not elaborate`);
    checks.push(time(() => runIrChecks(r.ir!))[1]);
    nodes = r.ir.nodes.length;
  }
  return { label: `${file} ${options.variant ?? "(default)"}`, parse: median(parse), front: median(front), elaborate: median(elab), checks: median(checks), nodes };
}

function variantsOf(f: FrontEnd): (string | undefined)[] {
  return [undefined, ...f.models[0]!.body.flatMap((s) => (s.kind === "VariantStmt" ? [s.name.name] : []))];
}

const fmt = (ms: number): string => ms.toFixed(2).padStart(8);

const specs = readdirSync("specs/models")
  .filter((f) => f.endsWith(".vlm"))
  .map((f) => `specs/models/${f}`)
  .sort();

// Warm up the JIT so the first spec is not charged for it.
for (const file of specs) {
  buildModel(frontEnd(file), frontEnd(file).models[0]!);
  await generateTypeScript(frontEnd(file));
}

console.log("Compile time per spec and variant (median of %d runs, ms; front end = parse + names + static checks, once per file)", REPEATS);
console.log("and to TypeScript per spec (median of %d runs, ms: generate + format the module from the front end, of which prettier; lines; × its default variant's compile time)", REPEATS);
console.log(`${"spec / variant".padEnd(44)} ${"parse".padStart(8)} ${"front".padStart(8)} ${"elab".padStart(8)} ${"checks".padStart(8)} ${"nodes".padStart(7)} ${"to TS".padStart(8)} ${"prettier".padStart(8)} ${"lines".padStart(6)} ${"×compile".padStart(8)}`);
let corpus = 0;
let corpusTs = 0;
for (const file of specs) {
  let first = true;
  for (const variant of variantsOf(frontEnd(file))) {
    const r = measure(file, variant ? { variant } : {});
    corpus += r.elaborate + r.checks + (first ? r.front : 0);
    const front = first ? fmt(r.front) : "".padStart(8);
    const parse = first ? fmt(r.parse) : "".padStart(8);
    let ts = "";
    if (first) {
      const g = await measureTsGeneration(frontEnd(file, { ...defaultHost, cache: new ParseCache() }), REPEATS);
      corpusTs += g.ms;
      ts = ` ${fmt(g.ms)} ${fmt(g.formatMs)} ${String(g.lines).padStart(6)} ${(g.ms / (r.front + r.elaborate + r.checks)).toFixed(2).padStart(8)}`;
    }
    first = false;
    console.log(`${r.label.padEnd(44)} ${parse} ${front} ${fmt(r.elaborate)} ${fmt(r.checks)} ${String(r.nodes).padStart(7)}${ts}`);
  }
}
console.log(`\nWhole corpus (${specs.length} specs, all variants), one process: ${corpus.toFixed(1)} ms (target: well under 1000 ms; ratio ${(corpus / 1000).toFixed(3)})`);
console.log(`To TypeScript, every spec once (its module is the same for every variant): ${corpusTs.toFixed(1)} ms, ×${(corpusTs / corpus).toFixed(2)} the whole corpus's compile time`);

console.log("\nDepth scaling (CLIP ViT-B/32, both towers at depth N; elaboration + IR checks):");
let base = 0;
for (const depth of [10, 20, 40]) {
  const overrides = { vision_layers: String(depth), text_layers: String(depth) };
  const r = measure("specs/models/clip.vlm", { variant: "B32", overrides });
  const t = r.elaborate + r.checks;
  if (depth === 10) base = t;
  console.log(`  depth ${String(depth).padStart(2)}: ${fmt(t)} ms, ${String(r.nodes).padStart(6)} nodes, ×${(t / base).toFixed(2)} vs depth 10 (linear: ×${(depth / 10).toFixed(2)})`);
}
