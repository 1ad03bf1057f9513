// The safetensors reader and writer: every dtype round-trips (converted to the IR's host types),
// conversions refuse values that do not fit, reads are lazy and chunked, writes deterministic and
// atomic, and every kind of damaged file is one VLM6201 diagnostic naming the file, never a throw.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { DType } from "../../../compiler/ir/types.js";
import type { HostData } from "../../../runtime/init.js";
import { bf16ToFloat, floatToBf16, floatToHalf, halfToFloat, type StDtype } from "../../../runtime/weights/dtypes.js";
import { openSafetensors, writeSafetensors, type SafetensorsReader } from "../../../runtime/weights/safetensors.js";
import { f32Bytes, rawFile, tempFolder } from "./files.js";

const dir = tempFolder("safetensors");
const at = (name: string): string => path.join(dir, name);

function open(file: string): SafetensorsReader {
  const { reader, diagnostics } = openSafetensors(file);
  expect(diagnostics).toEqual([]);
  return reader!;
}

function readAs(reader: SafetensorsReader, name: string, want: DType): number[] {
  const r = reader.read(name, want);
  if (!r.ok) throw new Error(r.message);
  return [...r.tensor.data];
}

describe("round trip of every dtype", () => {
  const cases: { dtype: StDtype; data: HostData; want: DType; expected?: number[] }[] = [
    { dtype: "F64", data: new Float32Array([1.5, -2.25, Math.fround(0.1), 3e38]), want: "f32" },
    { dtype: "F32", data: new Float32Array([0, -0, 1e-40, -7.5, Infinity]), want: "f32" },
    { dtype: "F16", data: new Float32Array([0, 1, -2, 0.5, 65504, 2 ** -14, 2 ** -24, -Infinity]), want: "f32" },
    { dtype: "BF16", data: new Float32Array([0, 1, -3, 2 ** 100, 2 ** -130, 1.5]), want: "f32" },
    { dtype: "I64", data: new Int32Array([0, -1, 2 ** 31 - 1, -(2 ** 31)]), want: "i32" },
    { dtype: "I64", data: new Int32Array([7, -7]), want: "i64" },
    { dtype: "I32", data: new Int32Array([5, -6, 2 ** 31 - 1]), want: "i32" },
    { dtype: "I16", data: new Int32Array([-32768, 32767, 0]), want: "i32" },
    { dtype: "I8", data: new Int32Array([-128, 127, 3]), want: "i32" },
    { dtype: "U64", data: new Int32Array([0, 2 ** 31 - 1]), want: "i32" },
    { dtype: "U32", data: new Int32Array([0, 2 ** 31 - 1]), want: "i32" },
    { dtype: "U16", data: new Int32Array([0, 65535]), want: "i32" },
    { dtype: "U8", data: new Int32Array([0, 255, 9]), want: "i32" },
    { dtype: "U8", data: new Uint8Array([0, 255, 1]), want: "bool", expected: [0, 1, 1] },
    { dtype: "BOOL", data: new Uint8Array([1, 0, 1, 1]), want: "bool" },
  ];
  it("writes each type and reads it back, converted to the IR's host layout", () => {
    const file = at("dtypes.safetensors");
    const entries = cases.map((c, i) => ({ name: `t${i}_${c.dtype}`, dtype: c.dtype, shape: [c.data.length], data: c.data }));
    expect(writeSafetensors(file, entries, { purpose: "round trip" })).toEqual([]);
    const reader = open(file);
    expect(reader.metadata).toEqual({ purpose: "round trip" });
    cases.forEach((c, i) => {
      const r = reader.read(`t${i}_${c.dtype}`, c.want);
      expect(r.ok, c.dtype).toBe(true);
      if (!r.ok) return;
      expect(r.tensor.dtype).toBe(c.want);
      expect(r.tensor.shape).toEqual([c.data.length]);
      expect(r.tensor.data).toBeInstanceOf(c.want === "f32" ? Float32Array : c.want === "bool" ? Uint8Array : Int32Array);
      expect([...r.tensor.data], c.dtype).toEqual(c.expected ?? [...c.data]);
    });
  });

  it("keeps scalars and empty tensors", () => {
    const file = at("shapes.safetensors");
    writeSafetensors(file, [
      { name: "scalar", dtype: "I32", shape: [], data: new Int32Array([42]) },
      { name: "empty", dtype: "F32", shape: [0, 4], data: new Float32Array(0) },
    ]);
    const reader = open(file);
    expect(readAs(reader, "scalar", "i32")).toEqual([42]);
    expect(reader.entries.get("empty")!.shape).toEqual([0, 4]);
    expect(readAs(reader, "empty", "f32")).toEqual([]);
  });

  it("refuses an I64 value beyond int32 instead of wrapping it", () => {
    const bytes = new Uint8Array(16);
    const view = new DataView(bytes.buffer);
    view.setBigInt64(0, 5n, true);
    view.setBigInt64(8, 2n ** 40n, true);
    const file = rawFile(at("big-id.safetensors"), JSON.stringify({ ids: { dtype: "I64", shape: [2], data_offsets: [0, 16] } }), bytes);
    const r = open(file).read("ids", "i32");
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem).toBe("value");
      expect(r.message).toContain("1099511627776");
      expect(r.message).toContain("element 1");
    }
  });
});

describe("half-precision conversion", () => {
  it("rounds to nearest, ties to even, and keeps specials", () => {
    expect(floatToHalf(1 + 2 ** -11)).toBe(0x3c00); // tie → even (1.0)
    expect(floatToHalf(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie → even (up)
    expect(floatToHalf(65520)).toBe(0x7c00); // rounds past the largest half → inf
    expect(floatToHalf(2 ** -25)).toBe(0); // tie at the smallest subnormal → 0
    expect(floatToHalf(3 * 2 ** -26)).toBe(1);
    expect(halfToFloat(floatToHalf(NaN))).toBeNaN();
    expect(halfToFloat(0x8000)).toBe(-0);
    expect(floatToBf16(1 + 2 ** -8)).toBe(0x3f80);
    expect(floatToBf16(1 + 3 * 2 ** -8)).toBe(0x3f82);
    expect(bf16ToFloat(floatToBf16(NaN))).toBeNaN();
    expect(bf16ToFloat(floatToBf16(-Infinity))).toBe(-Infinity);
  });
  it("is exact on every half value", () => {
    const wrong: number[] = [];
    for (let h = 0; h < 0x10000; h++) {
      const x = halfToFloat(h);
      if (!Number.isNaN(x) && floatToHalf(x) !== h) wrong.push(h);
    }
    expect(wrong).toEqual([]);
  });
});

describe("lazy, chunked reading", () => {
  it("converts a tensor larger than one read chunk, and reads only the tensor asked for", () => {
    const n = 2_500_000; // 20 MB of F64: spans two 16 MiB chunks
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = (i % 1000) - 500.25;
    const file = at("large.safetensors");
    writeSafetensors(file, [
      { name: "big", dtype: "F64", shape: [n], data },
      { name: "small", dtype: "F32", shape: [2], data: new Float32Array([1, 2]) },
    ]);
    const reader = open(file);
    expect(readAs(reader, "small", "f32")).toEqual([1, 2]);
    const r = reader.read("big", "f32");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    let mismatches = 0;
    for (let i = 0; i < n; i++) if (r.tensor.data[i] !== data[i]) mismatches++;
    expect(mismatches).toBe(0);
  });

  it("reports a file cut short after its header was read as VLM6201 material, without throwing", () => {
    const file = at("shrinks.safetensors");
    writeSafetensors(file, [{ name: "w", dtype: "F32", shape: [1000], data: new Float32Array(1000) }]);
    const reader = open(file);
    fs.truncateSync(file, fs.statSync(file).size - 100);
    const r = reader.read("w", "f32");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toBe("file");
  });
});

describe("writing", () => {
  const entries = [
    { name: "b", dtype: "F32" as const, shape: [2], data: new Float32Array([1, 2]) },
    { name: "a", dtype: "I64" as const, shape: [1], data: new Int32Array([3]) },
  ];
  it("is deterministic: sorted names, sorted metadata, 8-aligned data", () => {
    writeSafetensors(at("d1.safetensors"), entries, { z: "1", a: "2" });
    writeSafetensors(at("d2.safetensors"), [...entries].reverse(), { a: "2", z: "1" });
    const bytes = fs.readFileSync(at("d1.safetensors"));
    expect(bytes.equals(fs.readFileSync(at("d2.safetensors")))).toBe(true);
    const length = Number(bytes.readBigUInt64LE(0));
    expect((8 + length) % 8).toBe(0);
    const header = bytes.subarray(8, 8 + length).toString("utf8");
    expect(header.trimEnd()).toBe(
      '{"__metadata__":{"a":"2","z":"1"},"a":{"dtype":"I64","shape":[1],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}',
    );
    expect([...open(at("d1.safetensors")).entries.keys()]).toEqual(["a", "b"]);
  });

  it("leaves no temporary file behind, and reports an unwritable place as VLM6201", () => {
    writeSafetensors(at("clean.safetensors"), entries);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    const bad = path.join(dir, "no-such-folder", "w.safetensors");
    const diags = writeSafetensors(bad, entries);
    expect(diags.map((d) => d.code)).toEqual(["VLM6201"]);
    expect(diags[0]!.message).toContain(bad);
    expect(diags[0]!.message).toContain("no such file or folder");
  });
});

describe("damaged files", () => {
  const entry = (dtype: string, shape: number[], offsets: number[]): object => ({ dtype, shape, data_offsets: offsets });
  const header = (o: object): string => JSON.stringify(o);
  const cases: { name: string; make: (file: string) => void; says: string }[] = [
    { name: "empty file", make: (f) => fs.writeFileSync(f, ""), says: "too short" },
    { name: "shorter than the length field", make: (f) => fs.writeFileSync(f, Buffer.from([1, 2, 3])), says: "too short" },
    { name: "truncated header", make: (f) => rawFile(f, header({ w: entry("F32", [1], [0, 4]) }), new Uint8Array(0), 500n), says: "truncated" },
    { name: "huge header length", make: (f) => rawFile(f, "{}", new Uint8Array(0), 2n ** 62n), says: "not a safetensors file" },
    { name: "header length just over the limit", make: (f) => rawFile(f, "{}", new Uint8Array(0), 100_000_001n), says: "the limit" },
    { name: "bad JSON", make: (f) => rawFile(f, '{"w": {"dtype": "F32",'), says: "not valid JSON" },
    { name: "not JSON at all", make: (f) => rawFile(f, "PK\u0003\u0004 a zip file"), says: "does not start with '{'" },
    { name: "header not UTF-8", make: (f) => fs.writeFileSync(f, Buffer.concat([Buffer.from([3, 0, 0, 0, 0, 0, 0, 0]), Buffer.from([0x7b, 0xff, 0x7d])])), says: "UTF-8" },
    { name: "entry not an object", make: (f) => rawFile(f, header({ w: 3 })), says: "not an object" },
    { name: "unknown dtype", make: (f) => rawFile(f, header({ w: entry("F7", [1], [0, 4]) }), f32Bytes([1])), says: 'unknown dtype "F7"' },
    { name: "unsupported dtype", make: (f) => rawFile(f, header({ w: entry("F8_E4M3", [1], [0, 1]) }), new Uint8Array(1)), says: 'unsupported dtype "F8_E4M3"' },
    { name: "negative dimension", make: (f) => rawFile(f, header({ w: entry("F32", [-1], [0, 4]) }), f32Bytes([1])), says: "not a list of non-negative integers" },
    { name: "reversed offsets", make: (f) => rawFile(f, header({ w: entry("F32", [1], [4, 0]) }), f32Bytes([1])), says: "0 ≤ begin ≤ end" },
    { name: "wrong byte count", make: (f) => rawFile(f, header({ w: entry("F32", [2, 3], [0, 20]) }), new Uint8Array(20)), says: "needs 24 bytes" },
    { name: "offsets out of range", make: (f) => rawFile(f, header({ w: entry("F32", [2], [0, 8]) }), f32Bytes([1])), says: "runs past the end" },
    {
      name: "overlapping tensors",
      make: (f) => rawFile(f, header({ a: entry("F32", [2], [0, 8]), b: entry("F32", [2], [4, 12]) }), new Uint8Array(12)),
      says: "overlap",
    },
    { name: "a hole in the data", make: (f) => rawFile(f, header({ a: entry("F32", [1], [0, 4]), b: entry("F32", [1], [8, 12]) }), new Uint8Array(12)), says: "belong to no tensor" },
    { name: "bytes after the last tensor", make: (f) => rawFile(f, header({ a: entry("F32", [1], [0, 4]) }), new Uint8Array(9)), says: "5 bytes after" },
    { name: "metadata not strings", make: (f) => rawFile(f, header({ __metadata__: { epoch: 3 } })), says: '"epoch" is not a string' },
    { name: "a folder", make: (f) => fs.mkdirSync(f), says: "folder" },
    { name: "no such file", make: () => undefined, says: "no such file" },
  ];
  for (const c of cases) {
    it(`${c.name}: one VLM6201 naming the file`, () => {
      const file = at(`bad-${c.name.replace(/\W+/g, "-")}.safetensors`);
      c.make(file);
      const { reader, diagnostics } = openSafetensors(file);
      expect(reader).toBeUndefined();
      expect(diagnostics.length).toBeGreaterThan(0);
      for (const d of diagnostics) {
        expect(d.code).toBe("VLM6201");
        expect(d.message.startsWith(`${file}: `)).toBe(true);
      }
      expect(diagnostics.map((d) => d.message).join("\n")).toContain(c.says);
    });
  }

  it("lists every defective entry of a header, not just the first", () => {
    const file = rawFile(at("many.safetensors"), header({ a: entry("Q1", [1], [0, 4]), b: entry("F32", [2], [4, 8]), c: { dtype: "F32" } }), new Uint8Array(8));
    const messages = openSafetensors(file).diagnostics.map((d) => d.message);
    expect(messages).toHaveLength(3);
    expect(messages.join("\n")).toMatch(/"a"[\s\S]*"b"[\s\S]*"c"/);
  });

  it("never throws on arbitrary damage to a good file", () => {
    const good = at("good.safetensors");
    writeSafetensors(good, [
      { name: "x", dtype: "F16", shape: [3, 5], data: new Float32Array(15).fill(0.5) },
      { name: "y", dtype: "I64", shape: [4], data: new Int32Array([1, 2, 3, 4]) },
    ]);
    const original = fs.readFileSync(good);
    let seed = 12345;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const damaged = at("damaged.safetensors");
    for (let trial = 0; trial < 300; trial++) {
      const bytes = Buffer.from(original);
      const cut = trial % 3 === 0 ? rand(bytes.length) : bytes.length;
      for (let k = 0; k < 1 + rand(4); k++) bytes[rand(Math.min(bytes.length, 140))] = rand(256);
      fs.writeFileSync(damaged, bytes.subarray(0, cut));
      const { reader, diagnostics } = openSafetensors(damaged);
      if (!reader) {
        expect(diagnostics.length).toBeGreaterThan(0);
        continue;
      }
      for (const [name, e] of reader.entries) reader.read(name, e.dtype === "I64" ? "i32" : e.dtype === "BOOL" ? "bool" : "f32");
    }
  });
});
