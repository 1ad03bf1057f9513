// Parser throughput on the spec corpus (tokens per millisecond), for tuning the grammar.
import { readdirSync, readFileSync } from "node:fs";
import { parse } from "../grammar/parse.js";
import { vlmLexer } from "../grammar/tokens.js";

const files = ["specs/std", "specs/models"].flatMap((d) => readdirSync(d).map((f) => `${d}/${f}`)).filter((f) => f.endsWith(".vlm"));
const texts = files.map((f) => [f, readFileSync(f, "utf8")] as const);
const tokens = texts.reduce((n, [, t]) => n + vlmLexer.tokenize(t).tokens.length, 0);
for (let i = 0; i < 20; i++) for (const [f, t] of texts) parse(t, f);
const runs = 50;
const start = performance.now();
for (let i = 0; i < runs; i++) for (const [f, t] of texts) parse(t, f);
const ms = (performance.now() - start) / runs;
console.log(`${files.length} files, ${tokens} tokens: ${ms.toFixed(2)} ms per corpus parse, ${(tokens / ms).toFixed(0)} tokens/ms`);
