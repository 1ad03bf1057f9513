// Fuzzing the front end and elaborator: 2,000 random token-level mutations of the spec corpus
// must each produce diagnostics — never an uncaught exception — and finish within a second; a
// mutant that compiles without errors must still give a well-formed IR (the verifier's table).
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileFile, defaultHost, type Host } from "../compiler/compile.js";
import { memoryFileSystem } from "../compiler/context.js";
import { mutate, prng, tokens } from "./fuzz/mutate.js";
import { diagnosticToJson, renderDiagnostics } from "../compiler/diagnostics/render.js";
import { hasErrors } from "../compiler/diagnostics/diagnostic.js";
import { verifyIr } from "../compiler/ir/verify.js";

const RUNS = 2000;
const std = readdirSync("specs/std").map((f) => `specs/std/${f}`);
const models = ["specs/models/clip.vlm", "specs/models/blip.vlm", "test/fixtures/kitchen-sink.vlm"];
const corpus = [...models, ...std];
const texts = new Map(corpus.map((f) => [f, readFileSync(f, "utf8")]));
const pool = [...new Set(corpus.flatMap((f) => tokens(texts.get(f)!).map((t) => t.image)))];

/** Which model to elaborate when a file is mutated (std files are exercised through CLIP and BLIP). */
function entryFor(file: string, i: number): string {
  return models.includes(file) ? file : models[i % 2]!;
}

describe("fuzz", () => {
  it(`${RUNS} mutations give diagnostics, not crashes, each within 1 s`, { timeout: 600_000 }, () => {
    const rand = prng(20261127);
    let slowest = 0;
    let slowestCase = "";
    let withDiagnostics = 0;
    let verified = 0;
    for (let i = 0; i < RUNS; i++) {
      const file = corpus[Math.floor(rand() * corpus.length)]!;
      let text = texts.get(file)!;
      const steps: string[] = [];
      const count = 1 + Math.floor(rand() * 3);
      for (let k = 0; k < count; k++) {
        const m = mutate(text, pool, rand);
        text = m.text;
        steps.push(m.what);
      }
      const host: Host = { fs: memoryFileSystem({ [file]: text }, defaultHost.fs), stdRoot: defaultHost.stdRoot, cache: defaultHost.cache! };
      const entry = entryFor(file, i);
      const started = performance.now();
      let result: ReturnType<typeof compileFile>;
      try {
        result = compileFile(entry, { variant: "tiny" }, host);
      } catch (e) {
        throw new Error(`run ${i}: ${file} after ${steps.join("; ")} threw ${(e as Error).stack}`);
      }
      const ms = performance.now() - started;
      if (ms > slowest) {
        slowest = ms;
        slowestCase = `run ${i}: ${file} after ${steps.join("; ")}`;
      }
      expect(Array.isArray(result.diagnostics)).toBe(true);
      // Rendering must not crash either (text and JSON), whatever the diagnostics hold.
      renderDiagnostics(result.diagnostics, result.front.program.sources);
      for (const d of result.diagnostics) diagnosticToJson(d, result.front.program.sources);
      for (const d of result.diagnostics) {
        expect(d.code).toMatch(/^VLM\d{4}$/);
        expect(typeof d.message).toBe("string");
      }
      if (result.diagnostics.length > 0) withDiagnostics++;
      if (result.ir && !hasErrors(result.diagnostics)) {
        expect(verifyIr(result.ir), `run ${i}: ${file} after ${steps.join("; ")}`).toEqual([]);
        verified++;
      }
    }
    expect(slowest, `slowest: ${slowestCase}`).toBeLessThan(1000);
    // Most mutations break something; if none did, the fuzzer is not reaching the compiler.
    expect(withDiagnostics).toBeGreaterThan(RUNS / 2);
    // Harmless mutations (a changed number, a swapped argument) leave a model that compiles.
    expect(verified).toBeGreaterThan(RUNS / 20);
  });
});
