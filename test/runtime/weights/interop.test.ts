// Files cross between vlmc and PyTorch (tools/safetensors_io.py, run by /usr/bin/python3):
// what vlmc writes, torch reads bit for bit — float16 and bfloat16 rounded exactly as torch
// rounds; what torch writes, vlmc reads, and the two writers produce identical bytes; a vlmc model
// checkpoint gives Python every parameter name through its share map. Skipped, saying why, when
// that Python has no torch — unless VLMC_REQUIRE_TORCH=1, where that is a failure.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it, type TestContext } from "vitest";
import { compileFile } from "../../../compiler/compile.js";
import { useBackend } from "../../../runtime/backend.js";
import type { HostData } from "../../../runtime/init.js";
import { ModelState } from "../../../runtime/state.js";
import { bf16ToFloat, floatToBf16, floatToHalf, halfToFloat, type StDtype } from "../../../runtime/weights/dtypes.js";
import { openSafetensors, writeSafetensors, type StWriteEntry } from "../../../runtime/weights/safetensors.js";
import { saveWeights } from "../../../runtime/weights/save.js";
import { tempFolder } from "./files.js";

const PYTHON = "/usr/bin/python3";
const SCRIPT = path.join("test", "runtime", "weights", "interop.py");
const dir = tempFolder("interop");
const at = (name: string): string => path.join(dir, name);

/** Floats that exercise rounding: random magnitudes from subnormal to overflow, ties, specials. */
function roundingSamples(): Float32Array {
  const out: number[] = [0, -0, 1, -1, 65504, 65520, 70000, 2 ** -24, 2 ** -25, 3 * 2 ** -26, 2 ** -14, 1 + 2 ** -11, 1 + 3 * 2 ** -11, 1 + 2 ** -8, 1 + 3 * 2 ** -8, 3.4e38, 1e-40, Infinity, -Infinity, NaN];
  let seed = 7;
  const next = (): number => ((seed = (seed * 1664525 + 1013904223) % 2 ** 32), seed / 2 ** 32);
  for (let i = 0; i < 2000; i++) out.push((next() - 0.5) * 2 ** Math.floor(next() * 60 - 30));
  return Float32Array.from(out);
}

const samples = roundingSamples();
const tensors: StWriteEntry[] = [
  { name: "f32", dtype: "F32", shape: [samples.length], data: samples },
  { name: "f16", dtype: "F16", shape: [samples.length], data: samples },
  { name: "bf16", dtype: "BF16", shape: [samples.length], data: samples },
  { name: "f64", dtype: "F64", shape: [2, 3], data: Float32Array.from([0.5, -1.25, 1e-30, 3e30, Math.fround(0.1), -0]) },
  { name: "i64", dtype: "I64", shape: [4], data: Int32Array.from([0, -1, 2 ** 31 - 1, -(2 ** 31)]) },
  { name: "i32", dtype: "I32", shape: [2, 2], data: Int32Array.from([1, -2, 3, -4]) },
  { name: "i16", dtype: "I16", shape: [3], data: Int32Array.from([-32768, 0, 32767]) },
  { name: "i8", dtype: "I8", shape: [3], data: Int32Array.from([-128, 5, 127]) },
  { name: "u8", dtype: "U8", shape: [3], data: Int32Array.from([0, 128, 255]) },
  { name: "bool", dtype: "BOOL", shape: [2, 2], data: Uint8Array.from([1, 0, 0, 1]) },
  { name: "scalar", dtype: "F32", shape: [], data: Float32Array.from([2.5]) },
  { name: "empty", dtype: "F32", shape: [0, 3], data: new Float32Array(0) },
  { name: "naïve·名前", dtype: "F32", shape: [1], data: Float32Array.from([1]) },
  { name: "x😀", dtype: "F32", shape: [1], data: Float32Array.from([2]) },
  { name: "xｆ", dtype: "F32", shape: [1], data: Float32Array.from([3]) },
];

function jsonValues(data: HostData, dtype: StDtype): (number | boolean | string)[] {
  return [...data].map((v) => (dtype === "BOOL" ? v === 1 : Object.is(v, -0) ? "-0.0" : Number.isNaN(v) ? "nan" : v === Infinity ? "inf" : v === -Infinity ? "-inf" : v));
}

interface Report {
  failures: string[];
  metadata: Record<string, string>;
  state_metadata: Record<string, string>;
  state_names: string[];
  aliases: number;
  unresolved_aliases: string[];
  all_names: number;
}

let report: Report | undefined;
let unavailable: string | undefined;
let state: ModelState | undefined;

const pythonEnv = { ...process.env, OMP_NUM_THREADS: "2", OMP_WAIT_POLICY: "PASSIVE" };

beforeAll(async () => {
  const spec = Object.fromEntries(tensors.map((t) => [t.name, { dtype: t.dtype, shape: t.shape, values: jsonValues(t.data as HostData, t.dtype) }]));
  fs.writeFileSync(at("spec.json"), JSON.stringify(spec));
  expect(writeSafetensors(at("from-vlmc.safetensors"), tensors, { written_by: "vlmc" })).toEqual([]);
  const compiled = compileFile("specs/models/blip.vlm", { variant: "tiny" });
  await useBackend("cpu");
  state = ModelState.initialise(compiled.ir!, 3);
  expect(saveWeights(state, at("state.safetensors"))).toEqual([]);
  const run = spawnSync(PYTHON, [SCRIPT, at("spec.json"), at("from-vlmc.safetensors"), at("from-torch.safetensors"), at("state.safetensors")], { encoding: "utf8", env: pythonEnv });
  if (run.error) unavailable = `${PYTHON} cannot run (${run.error.message})`;
  else if (run.status !== 0 && /No module named '?torch/.test(run.stderr)) unavailable = `${PYTHON} cannot import torch`;
  else if (run.status !== 0) throw new Error(`interop.py failed (status ${run.status}):\n${run.stderr}`);
  else report = JSON.parse(run.stdout) as Report;
});

afterAll(() => state?.dispose());

function needTorch(ctx: TestContext): Report {
  if (unavailable) {
    if (process.env["VLMC_REQUIRE_TORCH"] === "1") throw new Error(`VLMC_REQUIRE_TORCH=1 but ${unavailable}`);
    console.warn(`skipping PyTorch interop: ${unavailable}`);
    ctx.skip(`skipped: ${unavailable}`);
  }
  return report!;
}

describe("safetensors between vlmc and PyTorch", () => {
  it("torch reads what vlmc wrote, bit for bit, including float16/bfloat16 rounding", (ctx) => {
    const r = needTorch(ctx);
    expect(r.failures).toEqual([]);
    expect(r.metadata).toEqual({ written_by: "vlmc" });
  });

  it("vlmc reads what torch wrote, and both writers give the same bytes", (ctx) => {
    needTorch(ctx);
    const file = at("from-torch.safetensors");
    const { reader, diagnostics } = openSafetensors(file);
    expect(diagnostics).toEqual([]);
    expect(reader!.metadata).toEqual({ written_by: "safetensors_io.py" });
    const read = (name: string, want: "f32" | "i32" | "bool"): number[] => {
      const r = reader!.read(name, want);
      if (!r.ok) throw new Error(r.message);
      return [...r.tensor.data];
    };
    const same = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((v, i) => Object.is(v, b[i]) || v === b[i]);
    expect(same(read("f32", "f32"), [...samples])).toBe(true);
    expect(same(read("f16", "f32"), [...samples].map((x) => halfToFloat(floatToHalf(x))))).toBe(true);
    expect(same(read("bf16", "f32"), [...samples].map((x) => bf16ToFloat(floatToBf16(x))))).toBe(true);
    expect(read("i64", "i32")).toEqual([0, -1, 2 ** 31 - 1, -(2 ** 31)]);
    expect(read("bool", "bool")).toEqual([1, 0, 0, 1]);
    expect(reader!.entries.get("empty")!.shape).toEqual([0, 3]);
    writeSafetensors(at("same-as-torch.safetensors"), tensors, { written_by: "safetensors_io.py" });
    expect(fs.readFileSync(at("same-as-torch.safetensors")).equals(fs.readFileSync(file))).toBe(true);
  });

  it("a vlmc model checkpoint gives Python every parameter name through its share map", (ctx) => {
    const r = needTorch(ctx);
    expect(r.state_names).toEqual([...state!.names()].sort());
    expect(r.state_metadata).toEqual({ "vlmc.format": "1", "vlmc.model": "BLIP", "vlmc.variant": "tiny" });
    const ir = state!.ir;
    expect(r.aliases).toBe([...ir.params.values()].filter((p) => p.sharedWith !== undefined).length);
    expect(r.aliases).toBeGreaterThan(0);
    expect(r.unresolved_aliases).toEqual([]);
    expect(r.all_names).toBe(ir.params.size + ir.buffers.size);
  });
});
