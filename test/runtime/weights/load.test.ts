// Loading checkpoints into a compiled spec (BLIP tiny: shared and tied parameters, momentum
// copies, feature queues): a complete file loads whole; aliases stand for owners; a fine-tuned
// file without momentum or queues loads with warnings; every missing, unexpected, mis-shaped,
// mis-typed or conflicting tensor gets its code and nothing is loaded; a foreign layout loads
// through a map; and saving a ModelState and loading it back gives the same state.
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileFile } from "../../../compiler/compile.js";
import type { IrGraph } from "../../../compiler/ir/types.js";
import { ownerOf } from "../../../compiler/ir/types.js";
import { useBackend } from "../../../runtime/backend.js";
import { initialValue, type HostTensor } from "../../../runtime/init.js";
import { ModelState } from "../../../runtime/state.js";
import { storageOf, type StDtype } from "../../../runtime/weights/dtypes.js";
import { loadWeights } from "../../../runtime/weights/load.js";
import { unmapTensors } from "../../../runtime/weights/map-apply.js";
import { parseWeightMap } from "../../../runtime/weights/map.js";
import { writeSafetensors } from "../../../runtime/weights/safetensors.js";
import { loadIntoState, saveWeights } from "../../../runtime/weights/save.js";
import { tempFolder } from "./files.js";

const dir = tempFolder("load");
let ir: IrGraph;

beforeAll(() => {
  const compiled = compileFile("specs/models/blip.vlm", { variant: "tiny" });
  expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  ir = compiled.ir!;
});

/** What ModelState stores, with distinct values per tensor (momentum copies differ from their sources). */
function storedTensors(seed: number): Map<string, HostTensor> {
  const out = new Map<string, HostTensor>();
  for (const p of ir.params.values()) if (p.sharedWith === undefined) out.set(p.name, initialValue(p.name, p.dtype, p.shape, { kind: "normal", args: { std: 1 } }, seed));
  for (const b of ir.buffers.values()) out.set(b.name, initialValue(b.name, b.dtype, b.shape, b.role === "queue" ? { kind: "normal", args: { std: 1 } } : { kind: "constant", args: { value: 5 } }, seed));
  return out;
}

function write(name: string, tensors: ReadonlyMap<string, HostTensor>, dtypes: Readonly<Record<string, StDtype>> = {}, metadata: Record<string, string> = {}): string {
  const file = path.join(dir, name);
  const entries = [...tensors].map(([n, t]) => ({ name: n, dtype: dtypes[n] ?? storageOf(t.dtype), shape: t.shape, data: t.data }));
  expect(writeSafetensors(file, entries, metadata)).toEqual([]);
  return file;
}

/** Names whose values in `actual` are absent or differ from `expected` (a plain loop: vitest's deep equality is slow on big arrays). */
function differing(actual: ReadonlyMap<string, HostTensor>, expected: ReadonlyMap<string, HostTensor>): string[] {
  return [...expected].filter(([name, t]) => {
    const got = actual.get(name);
    return !got || got.data.length !== t.data.length || got.data.some((v, i) => v !== t.data[i]);
  }).map(([name]) => name);
}

const codes = (r: { diagnostics: readonly { code: string }[] }): string[] => r.diagnostics.map((d) => d.code);
const WORD = "encoder.embeddings.word.weight";
const WORD_ALIAS = "decoder.bert.embeddings.word.weight";

describe("loading a checkpoint into BLIP tiny", () => {
  it("loads a complete file: every owner, momentum copy and buffer, with no diagnostics", () => {
    const all = storedTensors(1);
    const r = loadWeights(ir, write("complete.safetensors", all));
    expect(r.diagnostics).toEqual([]);
    expect([...r.tensors.keys()].sort()).toEqual([...all.keys()].sort());
    expect(differing(r.tensors, all)).toEqual([]);
  });

  it("accepts aliases for owners, and the same value under several names", () => {
    const all = storedTensors(2);
    const byAlias = new Map(all);
    byAlias.delete(WORD);
    byAlias.set("decoder.head.decoder.weight", all.get(WORD)!);
    const r = loadWeights(ir, write("alias.safetensors", byAlias));
    expect(r.diagnostics).toEqual([]);
    expect(r.tensors.get(WORD)!.data).toEqual(all.get(WORD)!.data);
    expect(r.tensors.has("decoder.head.decoder.weight")).toBe(false);
    const both = new Map(all).set(WORD_ALIAS, all.get(WORD)!).set("decoder.head.decoder.weight", all.get(WORD)!);
    expect(loadWeights(ir, write("both.safetensors", both)).diagnostics).toEqual([]);
  });

  it("loads a fine-tuned file without momentum copies or queues, filling them with warnings", () => {
    const all = storedTensors(3);
    const learned = new Map([...all].filter(([n]) => ir.params.get(n)?.emaOf === undefined && !ir.buffers.has(n)));
    const r = loadWeights(ir, write("finetuned.safetensors", learned));
    expect(codes(r)).toEqual(["VLM6208", "VLM6208"]);
    expect(r.diagnostics.every((d) => d.severity === "warning")).toBe(true);
    expect(r.diagnostics[0]!.message).toMatch(/momentum/);
    expect(r.diagnostics[1]!.message).toMatch(/image_queue/);
    const momentum = [...ir.params.values()].filter((p) => p.emaOf !== undefined && p.sharedWith === undefined);
    expect(momentum.length).toBeGreaterThan(0);
    expect(differing(r.tensors, new Map(momentum.map((p) => [p.name, all.get(ownerOf(ir, p.emaOf!))!])))).toEqual([]);
    expect(differing(r.tensors, learned)).toEqual([]);
    for (const b of ir.buffers.keys()) expect(r.tensors.has(b)).toBe(false);
  });

  it("reports missing, unexpected, mis-shaped and mis-typed tensors together, and loads nothing", () => {
    const all = storedTensors(4);
    all.delete("vision.layers.0.attn.q.weight");
    const bias = all.get("text_proj.bias")!;
    all.delete("text_proj.bias");
    all.set("text_proj.bais", bias);
    const pos = all.get("vision.pos_embed")!;
    all.set("vision.pos_embed", { ...pos, shape: [1, ...pos.shape] });
    const fc1 = all.get("vision.layers.1.mlp.fc1.weight")!;
    all.set("vision.layers.1.mlp.fc1.weight", { ...fc1, shape: [...fc1.shape].reverse() });
    all.set("vision.norm.weight", { dtype: "i32", shape: [32], data: new Int32Array(32) });
    const r = loadWeights(ir, write("broken.safetensors", all));
    expect(r.tensors.size).toBe(0);
    expect(codes(r).sort()).toEqual(["VLM6202", "VLM6202", "VLM6203", "VLM6204", "VLM6204", "VLM6205"]);
    const by = (code: string): string[] => r.diagnostics.filter((d) => d.code === code).map((d) => `${d.message} | ${d.hint ?? ""}`);
    expect(by("VLM6202").join("\n")).toMatch(/`vision\.layers\.0\.attn\.q\.weight` \(f32 \[32, 32\]\) is missing from .*broken\.safetensors/);
    expect(by("VLM6202").join("\n")).toMatch(/`text_proj\.bias`/);
    expect(by("VLM6203")[0]).toMatch(/`text_proj\.bais`.*did you mean `text_proj\.bias`\?/);
    expect(by("VLM6204").join("\n")).toMatch(/`vision\.pos_embed` has shape \[1, 17, 32\] .* the model's is \[17, 32\] \| .*squeeze/);
    expect(by("VLM6204").join("\n")).toMatch(/fc1\.weight` has shape \[32, 128\] .* \[128, 32\] \| it looks transposed/);
    expect(by("VLM6205")[0]).toMatch(/`vision\.norm\.weight` is stored as I32 .* model's is f32 \| a f32 tensor loads from F64, F32, F16, BF16/);
  });

  it("lists the first 20 of many missing tensors and counts the rest, suggesting a map", () => {
    const r = loadWeights(ir, write("foreign.safetensors", new Map([["visual.conv1.weight", storedTensors(5).get("vision.patch_embed.weight")!]])));
    const missing = r.diagnostics.filter((d) => d.code === "VLM6202");
    const learned = [...ir.params.values()].filter((p) => p.sharedWith === undefined && p.emaOf === undefined).length;
    expect(missing).toHaveLength(21);
    expect(missing[20]!.message).toContain(`and ${learned - 20} more parameters are missing`);
    expect(missing[0]!.hint).toMatch(/none of the model's \d+ learned parameters.*weight map \(--map\)/);
    expect(r.diagnostics.find((d) => d.code === "VLM6203")!.hint).toMatch(/--map/);
  });

  it("reports copies of one shared tensor that disagree", () => {
    const all = storedTensors(6);
    const other = storedTensors(7).get(WORD)!;
    all.set(WORD_ALIAS, other);
    const r = loadWeights(ir, write("conflict.safetensors", all));
    expect(r.tensors.size).toBe(0);
    expect(codes(r)).toEqual(["VLM6207"]);
    expect(r.diagnostics[0]!.message).toMatch(/`decoder\.bert\.embeddings\.word\.weight` and `encoder\.embeddings\.word\.weight` in .*conflict\.safetensors .*\(owner `encoder\.embeddings\.word\.weight`/);
  });

  it("converts stored types (F16 weights, I64 pointers) and refuses a value beyond int32", () => {
    const all = storedTensors(8);
    const r = loadWeights(ir, write("half.safetensors", all, { "vision.cls_token": "F16", "image_queue.ptr": "I64" }));
    expect(r.diagnostics).toEqual([]);
    const cls = all.get("vision.cls_token")!.data;
    expect(Math.max(...[...r.tensors.get("vision.cls_token")!.data].map((v, i) => Math.abs(v - cls[i]!)))).toBeLessThan(4e-3);
    expect([...r.tensors.get("image_queue.ptr")!.data]).toEqual([5]);
    const file = write("bigptr.safetensors", all, { "image_queue.ptr": "I64" });
    const bytes = fs.readFileSync(file);
    const header = JSON.parse(bytes.subarray(8, 8 + Number(bytes.readBigUInt64LE(0))).toString());
    bytes.writeBigInt64LE(2n ** 40n, 8 + Number(bytes.readBigUInt64LE(0)) + header["image_queue.ptr"].data_offsets[0]);
    fs.writeFileSync(file, bytes);
    const bad = loadWeights(ir, file);
    expect(codes(bad)).toEqual(["VLM6205"]);
    expect(bad.diagnostics[0]!.message).toMatch(/image_queue\.ptr.*1099511627776.*model's is i32/);
    expect(bad.tensors.size).toBe(0);
  });

  it("says when a vlmc file was written for another model, and stops at a bad file or map", () => {
    const r = loadWeights(ir, write("clip.safetensors", new Map([["logit_scale", { dtype: "f32", shape: [], data: new Float32Array([1]) }]]), {}, { "vlmc.model": "CLIP", "vlmc.variant": "b16" }));
    expect(r.diagnostics.find((d) => d.code === "VLM6202")!.hint).toMatch(/written by vlmc for model CLIP \(variant b16\), not BLIP \(variant tiny\)/i);
    expect(codes(loadWeights(ir, path.join(dir, "absent.safetensors")))).toEqual(["VLM6201"]);
    const map = path.join(dir, "bad-map.json");
    fs.writeFileSync(map, JSON.stringify({ format: "vlmc-weight-map", version: 1, rules: [{ from: "a", to: "b", tranpose: [1, 0] }] }));
    const withMap = loadWeights(ir, write("ok.safetensors", storedTensors(9)), { map });
    expect(codes(withMap)).toEqual(["VLM6206"]);
    expect(withMap.diagnostics[0]!.message).toContain(`${map} rules[0]`);
    expect(withMap.tensors.size).toBe(0);
  });
});

describe("a checkpoint in another code base's layout", () => {
  const { map } = parseWeightMap(
    JSON.stringify({
      format: "vlmc-weight-map",
      version: 1,
      description: "a BLIP-repository-like layout (fused qkv, leading 1s, a transposed projection)",
      rules: [
        { from: "visual_encoder.blocks.{i}.attn.qkv.{p}", split: 0, to: ["vision.layers.{i}.attn.q.{p}", "vision.layers.{i}.attn.k.{p}", "vision.layers.{i}.attn.v.{p}"] },
        { from: "visual_encoder.pos_embed", to: "vision.pos_embed", squeeze: [0] },
        { from: "visual_encoder.cls_token", to: "vision.cls_token", squeeze: [0, 1] },
        { from: "visual_encoder.{*rest}", to: "vision.{*rest}" },
        { from: "vision_proj_t", to: "vision_proj.weight", transpose: [1, 0] },
        { from: "text_encoder.embeddings.position_ids", ignore: true, why: "BERT's position_ids buffer" },
      ],
    }),
    "blip-like.json",
  );

  it("loads through the map, and the map's inverse rebuilds the foreign file", () => {
    const all = storedTensors(10);
    const foreign = unmapTensors(map!, all);
    expect(foreign.diagnostics).toEqual([]);
    const qkv = foreign.tensors.get("visual_encoder.blocks.1.attn.qkv.weight")!;
    expect(qkv.shape).toEqual([96, 32]);
    expect(qkv.data[32 * 32 + 5]).toBe(all.get("vision.layers.1.attn.k.weight")!.data[5]);
    expect(foreign.tensors.get("visual_encoder.pos_embed")!.shape).toEqual([1, 17, 32]);
    expect(foreign.tensors.get("vision_proj_t")!.shape).toEqual([32, 16]);
    expect(foreign.tensors.has("vision.layers.1.attn.q.weight")).toBe(false);
    foreign.tensors.set("text_encoder.embeddings.position_ids", { dtype: "i64", shape: [1, 512], data: new Int32Array(512) });
    const r = loadWeights(ir, write("foreign-layout.safetensors", foreign.tensors), { map: map! });
    expect(r.diagnostics).toEqual([]);
    expect([...r.tensors.keys()].sort()).toEqual([...all.keys()].sort());
    expect(differing(r.tensors, all)).toEqual([]);
  });

  it("without the map, names the foreign tensors as unexpected and suggests one", () => {
    const foreign = unmapTensors(map!, storedTensors(11));
    const r = loadWeights(ir, write("foreign-nomap.safetensors", foreign.tensors));
    expect(r.tensors.size).toBe(0);
    const unexpected = r.diagnostics.filter((d) => d.code === "VLM6203");
    expect(unexpected.map((d) => d.message).join("\n")).toContain("visual_encoder.blocks.0.attn.qkv.weight");
    expect(unexpected[0]!.hint).toContain("--map");
  });
});

describe("saving a model state", () => {
  it("writes owners once with the share map, and loads back into a fresh state", async () => {
    await useBackend("cpu");
    const state = ModelState.initialise(ir, 21);
    const file = path.join(dir, "state.safetensors");
    expect(saveWeights(state, file, { note: "test" })).toEqual([]);
    const again = path.join(dir, "state-again.safetensors");
    saveWeights(state, again, { note: "test" });
    expect(fs.readFileSync(file).equals(fs.readFileSync(again))).toBe(true);
    const loaded = loadWeights(ir, file);
    expect(loaded.diagnostics).toEqual([]);
    expect([...loaded.tensors.keys()].sort()).toEqual(state.names().sort());
    const fresh = ModelState.initialise(ir, 22);
    const read = (s: ModelState): Map<string, HostTensor> => new Map(s.names().map((n) => [n, s.read(n)]));
    expect(differing(read(fresh), read(state)).length).toBeGreaterThan(0);
    loadIntoState(fresh, loaded.tensors);
    expect(differing(read(fresh), read(state))).toEqual([]);
    state.dispose();
    fresh.dispose();
  });
});
