// Running vlmc's PyTorch runtime (compiler/emit/pytorch/runtime/) from the tests: the folder is
// copied into a scratch package as `vlmcpkg/runtime`, as every generated model holds it (its
// modules import each other relatively), and runner.py does what a test asks in ONE Python
// process (importing torch takes seconds). Tensors go both ways as JSON: {dtype, shape, data}
// with non-finite floats as strings; float32 values survive the trip exactly.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";
import type { DType } from "../../compiler/ir/types.js";
import { hostArray, numelOf, type HostTensor } from "../../runtime/init.js";
import { PYTHON } from "../parity/torch.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RUNTIME = path.resolve(HERE, "../../compiler/emit/pytorch/runtime");
const ENV = { ...process.env, OMP_NUM_THREADS: "2", OMP_WAIT_POLICY: "PASSIVE", PYTHONDONTWRITEBYTECODE: "1" };

export interface JsonTensor {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly data: readonly (number | string)[];
}

export function numberOut(v: number): number | string {
  return Number.isFinite(v) ? v : Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
}

export function numberIn(v: number | string): number {
  return typeof v === "string" ? Number(v) : v;
}

export function toJson(t: HostTensor): JsonTensor {
  const dtype: DType = t.dtype === "bool" ? "bool" : t.dtype === "i32" || t.dtype === "i64" ? "i32" : "f32";
  return { dtype, shape: t.shape, data: Array.from(t.data as ArrayLike<number>, numberOut) };
}

export function fromJson(t: JsonTensor): HostTensor {
  const data = hostArray(t.dtype, numelOf(t.shape));
  data.set(t.data.map(numberIn));
  return { dtype: t.dtype, shape: t.shape, data };
}

/** A scratch package holding the runtime as `vlmcpkg/runtime`, removed after the file's tests. */
export function runtimePackage(label: string): string {
  const root = mkdtempSync(path.join(tmpdir(), `vlmc-pytorch-${label}-`));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(path.join(root, "vlmcpkg"));
  writeFileSync(path.join(root, "vlmcpkg", "__init__.py"), "");
  cpSync(RUNTIME, path.join(root, "vlmcpkg", "runtime"), { recursive: true, filter: (src) => !src.includes("__pycache__") });
  return root;
}

/** Runs runner.py in `mode` on `input` (written as JSON unless undefined); its JSON result. */
export function runPython<T>(root: string, mode: string, input?: unknown): T {
  const out = path.join(root, `${mode}.out.json`);
  const args = [path.join(HERE, "runner.py"), root, mode];
  if (input !== undefined) {
    const file = path.join(root, `${mode}.in.json`);
    writeFileSync(file, JSON.stringify(input));
    args.push(file);
  }
  args.push(out);
  const r = spawnSync(PYTHON, args, { env: ENV, encoding: "utf8", timeout: 300_000, maxBuffer: 16 * 2 ** 20 });
  if (r.error) throw new Error(`runner.py ${mode}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`runner.py ${mode} exited with ${r.status ?? r.signal}:\n${r.stderr}`);
  return JSON.parse(readFileSync(out, "utf8")) as T;
}
