// Weight maps: patterns and captures, every transform forward and back (a map read in reverse
// gives the checkpoint's own layout again), and a VLM6206 naming the rule for every malformed map.
import { describe, expect, it } from "vitest";
import type { HostTensor } from "../../../runtime/init.js";
import { applyForward, mapCheckpoint, unmapTensors } from "../../../runtime/weights/map-apply.js";
import { parseWeightMap, type WeightMap } from "../../../runtime/weights/map.js";
import { compilePattern, fillPattern, matchPattern, type Pattern } from "../../../runtime/weights/pattern.js";

function mapOf(rules: unknown[]): WeightMap {
  const { map, diagnostics } = parseWeightMap(JSON.stringify({ format: "vlmc-weight-map", version: 1, description: "test", rules }), "test-map.json");
  expect(diagnostics).toEqual([]);
  return map!;
}

function tensor(shape: number[], start = 0): HostTensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return { dtype: "f32", shape, data: Float32Array.from({ length: n }, (_, i) => start + i) };
}

/** Forward through the map, checking shapes agree with the data. */
function forward(map: WeightMap, checkpoint: ReadonlyMap<string, HostTensor>): Map<string, HostTensor> {
  const { mapped, diagnostics } = mapCheckpoint(map, [...checkpoint].map(([name, t]) => ({ name, shape: t.shape })));
  expect(diagnostics).toEqual([]);
  const out = new Map<string, HostTensor>();
  for (const m of mapped) {
    const t = applyForward(m.rule, checkpoint.get(m.source)!)[m.part]!;
    expect(t.shape).toEqual(m.shape);
    out.set(m.target, t);
  }
  return out;
}

describe("patterns", () => {
  const p = (s: string): Pattern => compilePattern(s) as Pattern;
  it("captures one segment with {i} and one or more with {*rest}", () => {
    expect(matchPattern(p("blocks.{i}.attn.{w}"), "blocks.3.attn.bias")).toEqual(new Map([["i", "3"], ["w", "bias"]]));
    expect(matchPattern(p("blocks.{i}.attn"), "blocks.3.4.attn")).toBeUndefined();
    expect(matchPattern(p("{*m}.in_proj_weight"), "visual.transformer.resblocks.0.attn.in_proj_weight")).toEqual(new Map([["m", "visual.transformer.resblocks.0.attn"]]));
    expect(matchPattern(p("{*m}.in_proj_weight"), "in_proj_weight")).toBeUndefined();
    expect(matchPattern(p("a.{*m}.z.{k}"), "a.b.c.z.w")).toEqual(new Map([["m", "b.c"], ["k", "w"]]));
    expect(matchPattern(p("a.b"), "a.b.c")).toBeUndefined();
    expect(fillPattern(p("text.layers.{i}.{*rest}"), new Map([["i", "2"], ["rest", "ffn.fc1.weight"]]))).toBe("text.layers.2.ffn.fc1.weight");
  });
  it("rejects ambiguous or malformed patterns", () => {
    expect(compilePattern("{*a}.{*b}")).toMatch(/more than one/);
    expect(compilePattern("a..b")).toMatch(/empty segment/);
    expect(compilePattern("layer{i}.w")).toMatch(/whole segment/);
    expect(compilePattern("{i}.{i}")).toMatch(/twice/);
  });
});

describe("a map with renames, captures, split, transpose, squeeze, reshape and ignore", () => {
  const map = mapOf([
    { from: "visual.conv1.weight", to: "vision.patch_embed.weight" },
    { from: "visual.proj", to: "vision_proj.weight", transpose: [1, 0] },
    { from: "visual.positional_embedding", to: "vision.pos_embed", squeeze: [0] },
    { from: "visual.class_embedding", to: "vision.cls_token", squeeze: [0, 1] },
    { from: "cube", to: "cube_t", transpose: [2, 0, 1] },
    { from: "{*m}.attn.in_proj_weight", split: 0, to: ["{m}.attn.q.weight", "{m}.attn.k.weight", "{m}.attn.v.weight"] },
    { from: "{*m}.attn.in_proj_bias", split: 0, to: ["{m}.attn.q.bias", "{m}.attn.k.bias", "{m}.attn.v.bias"] },
    { from: "kv.{i}", split: 1, to: ["k.{i}", "v.{i}"], transpose: [1, 0] },
    { from: "transformer.resblocks.{i}.{*rest}", to: "text.layers.{i}.{*rest}" },
    { from: "input_resolution", ignore: true, why: "a hyperparameter, not a weight" },
  ]);
  const checkpoint = new Map<string, HostTensor>([
    ["visual.conv1.weight", tensor([4, 3, 2, 2])],
    ["visual.proj", tensor([4, 6])],
    ["visual.positional_embedding", tensor([1, 5, 4])],
    ["visual.class_embedding", tensor([1, 1, 4])],
    ["cube", tensor([2, 3, 4])],
    ["visual.transformer.resblocks.0.attn.in_proj_weight", tensor([12, 4], 100)],
    ["visual.transformer.resblocks.0.attn.in_proj_bias", tensor([12], 200)],
    ["kv.0", tensor([6, 4])],
    ["transformer.resblocks.1.mlp.c_fc.weight", tensor([8, 4])],
    ["input_resolution", tensor([])],
    ["logit_scale", tensor([])],
  ]);

  it("maps names and layouts forward", () => {
    const { ignored } = mapCheckpoint(map, [...checkpoint].map(([name, t]) => ({ name, shape: t.shape })));
    expect(ignored).toEqual(["input_resolution"]);
    const ir = forward(map, checkpoint);
    expect([...ir.keys()].sort()).toEqual(
      [
        "cube_t",
        "k.0",
        "logit_scale",
        "text.layers.1.mlp.c_fc.weight",
        "v.0",
        "vision.cls_token",
        "vision.patch_embed.weight",
        "vision.pos_embed",
        "vision_proj.weight",
        "visual.transformer.resblocks.0.attn.k.bias",
        "visual.transformer.resblocks.0.attn.k.weight",
        "visual.transformer.resblocks.0.attn.q.bias",
        "visual.transformer.resblocks.0.attn.q.weight",
        "visual.transformer.resblocks.0.attn.v.bias",
        "visual.transformer.resblocks.0.attn.v.weight",
      ].sort(),
    );
    const proj = ir.get("vision_proj.weight")!;
    expect(proj.shape).toEqual([6, 4]);
    expect(proj.data[1]).toBe(6); // [0][1] of the transpose is [1][0] of the original (4 × 6)
    expect(ir.get("vision.pos_embed")!.shape).toEqual([5, 4]);
    expect(ir.get("vision.cls_token")!.shape).toEqual([4]);
    const cube = ir.get("cube_t")!;
    expect(cube.shape).toEqual([4, 2, 3]);
    expect(cube.data[1 * 6 + 1 * 3 + 2]).toBe(1 * 12 + 2 * 4 + 1); // out[1][1][2] = in[1][2][1]
    const k = ir.get("visual.transformer.resblocks.0.attn.k.weight")!;
    expect(k.shape).toEqual([4, 4]);
    expect(k.data[0]).toBe(116);
    expect([...ir.get("visual.transformer.resblocks.0.attn.v.bias")!.data]).toEqual([208, 209, 210, 211]);
    // kv.0 is [6, 4], transposed to [4, 6], split along axis 1 into two [4, 3].
    expect(ir.get("v.0")!.shape).toEqual([4, 3]);
    expect([...ir.get("v.0")!.data.slice(0, 3)]).toEqual([12, 16, 20]);
  });

  it("maps back to the checkpoint's own names and layout", () => {
    const ir = forward(map, checkpoint);
    const { tensors, diagnostics } = unmapTensors(map, ir);
    expect(diagnostics).toEqual([]);
    const expected = new Map(checkpoint);
    expected.delete("input_resolution");
    expect([...tensors.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [name, t] of expected) {
      expect(tensors.get(name)!.shape, name).toEqual(t.shape);
      expect([...tensors.get(name)!.data], name).toEqual([...t.data]);
    }
  });

  it("undoes a reshape given the original shapes, and says so when it cannot", () => {
    const reshaping = mapOf([{ from: "pos", to: "p", reshape: [-1, 4] }]);
    const original = new Map([["pos", tensor([1, 5, 4])]]);
    const ir = forward(reshaping, original);
    expect(ir.get("p")!.shape).toEqual([5, 4]);
    const back = unmapTensors(reshaping, ir, { originalShapes: new Map([["pos", [1, 5, 4]]]) });
    expect(back.diagnostics).toEqual([]);
    expect(back.tensors.get("pos")!.shape).toEqual([1, 5, 4]);
    const blind = unmapTensors(reshaping, ir);
    expect(blind.diagnostics.map((d) => d.code)).toEqual(["VLM6206"]);
    expect(blind.diagnostics[0]!.message).toContain("rules[0]");
    expect(blind.diagnostics[0]!.hint).toContain("squeeze");
  });

  it("reports a split part missing when mapping back", () => {
    const ir = forward(map, checkpoint);
    ir.delete("visual.transformer.resblocks.0.attn.k.weight");
    const { diagnostics } = unmapTensors(map, ir);
    expect(diagnostics.map((d) => d.code)).toEqual(["VLM6202"]);
    expect(diagnostics[0]!.message).toContain("visual.transformer.resblocks.0.attn.in_proj_weight");
  });

  it("reports a checkpoint tensor a rule's transform does not fit as VLM6206 naming the rule and tensor", () => {
    const { diagnostics } = mapCheckpoint(map, [
      { name: "visual.proj", shape: [2, 3, 4] },
      { name: "visual.positional_embedding", shape: [2, 5, 4] },
      { name: "x.attn.in_proj_weight", shape: [10, 4] },
    ]);
    expect(diagnostics.map((d) => d.code)).toEqual(["VLM6206", "VLM6206", "VLM6206"]);
    expect(diagnostics[0]!.message).toMatch(/test-map\.json rules\[1\].*rank-2.*`visual\.proj`/);
    expect(diagnostics[1]!.message).toMatch(/rules\[2\].*size 1/);
    expect(diagnostics[2]!.message).toMatch(/rules\[5\].*3 equal parts/);
  });
});

describe("a copy rule", () => {
  const map = (): WeightMap => mapOf([{ from: "queue_ptr", copy: true, to: ["image_queue.ptr", "text_queue.ptr"], squeeze: [0] }]);
  it("gives every target the same values, and maps back to one tensor", () => {
    const ptr: HostTensor = { dtype: "i32", shape: [1], data: Int32Array.from([7]) };
    const out = forward(map(), new Map([["queue_ptr", ptr]]));
    expect([...out.keys()].sort()).toEqual(["image_queue.ptr", "text_queue.ptr"]);
    for (const t of out.values()) expect([t.shape, Array.from(t.data)]).toEqual([[], [7]]);
    const back = unmapTensors(map(), out);
    expect(back.diagnostics).toEqual([]);
    expect([...back.tensors].map(([k, t]) => [k, t.shape, Array.from(t.data)])).toEqual([["queue_ptr", [1], [7]]]);
  });
  it("refuses to map back copies that have come apart", () => {
    const apart = new Map<string, HostTensor>([
      ["image_queue.ptr", { dtype: "i32", shape: [], data: Int32Array.from([7]) }],
      ["text_queue.ptr", { dtype: "i32", shape: [], data: Int32Array.from([8]) }],
    ]);
    const back = unmapTensors(map(), apart);
    expect(back.diagnostics.map((d) => d.code)).toEqual(["VLM6206"]);
    expect(back.diagnostics[0]!.message).toMatch(/copies of `queue_ptr` differ/);
  });
});

describe("malformed maps", () => {
  const wrap = (rules: unknown, extra: object = {}): string => JSON.stringify({ format: "vlmc-weight-map", version: 1, rules, ...extra });
  const cases: { name: string; text: string; says: RegExp }[] = [
    { name: "not JSON", text: "{rules: []", says: /not valid JSON/ },
    { name: "not an object", text: "[]", says: /not a JSON object/ },
    { name: "wrong format", text: JSON.stringify({ format: "pytorch", version: 1, rules: [] }), says: /"format" is "pytorch"/ },
    { name: "newer version", text: JSON.stringify({ format: "vlmc-weight-map", version: 2, rules: [] }), says: /"version" is 2/ },
    { name: "no rules", text: JSON.stringify({ format: "vlmc-weight-map", version: 1 }), says: /"rules" is missing/ },
    { name: "unknown top-level key", text: wrap([], { rule: [] }), says: /unknown key "rule"/ },
    { name: "rule not an object", text: wrap(["a"]), says: /rules\[0\].*must be an object/ },
    { name: "no from", text: wrap([{ to: "a" }]), says: /rules\[0\].*"from" must be a string/ },
    { name: "misspelt key", text: wrap([{ from: "a", to: "b" }, { from: "c", to: "d", tranpose: [1, 0] }]), says: /rules\[1\].*unknown key "tranpose"/ },
    { name: "to uses an unknown capture", text: wrap([{ from: "a.{i}", to: "b.{j}" }]), says: /rules\[0\].*\{j\}, which "from" does not capture/ },
    { name: "list to without split", text: wrap([{ from: "a", to: ["b", "c"] }]), says: /needs "split" or "copy"/ },
    { name: "copy and split together", text: wrap([{ from: "a", copy: true, split: 0, to: ["b", "c"] }]), says: /either splits a tensor or copies it/ },
    { name: "copy false", text: wrap([{ from: "a", copy: false, to: ["b", "c"] }]), says: /"copy" can only be true/ },
    { name: "split with one part", text: wrap([{ from: "a", split: 0, to: ["b"] }]), says: /two or more names/ },
    { name: "negative split axis", text: wrap([{ from: "a", split: -1, to: ["b", "c"] }]), says: /"split" must be an axis/ },
    { name: "not a permutation", text: wrap([{ from: "a", to: "b", transpose: [0, 0] }]), says: /permutation/ },
    { name: "two -1 in reshape", text: wrap([{ from: "a", to: "b", reshape: [-1, -1] }]), says: /at most one -1/ },
    { name: "repeated squeeze axis", text: wrap([{ from: "a", to: "b", squeeze: [0, 0] }]), says: /distinct axes/ },
    { name: "ignore with a target", text: wrap([{ from: "a", ignore: true, to: "b" }]), says: /ignore rule cannot also have "to"/ },
    { name: "ignore false", text: wrap([{ from: "a", ignore: false }]), says: /"ignore" can only be true/ },
    { name: "bad pattern", text: wrap([{ from: "a", to: "b" }, { from: "x", to: "y" }, { from: "{*a}.{*b}", to: "c" }]), says: /rules\[2\].*more than one/ },
  ];
  for (const c of cases) {
    it(`${c.name}: VLM6206 naming the map file`, () => {
      const { map, diagnostics } = parseWeightMap(c.text, "maps/broken.json");
      expect(map).toBeUndefined();
      expect(diagnostics.length).toBeGreaterThan(0);
      for (const d of diagnostics) {
        expect(d.code).toBe("VLM6206");
        expect(d.message.startsWith("maps/broken.json")).toBe(true);
      }
      expect(diagnostics.map((d) => d.message).join("\n")).toMatch(c.says);
    });
  }

  it("reports the defects of every rule, not just the first", () => {
    const { diagnostics } = parseWeightMap(wrap([{ from: "a", to: 3 }, { from: "b", to: "c" }, { from: "d", to: "e", reshape: "x" }]), "m.json");
    expect(diagnostics.map((d) => d.message.match(/rules\[\d\]/)?.[0])).toEqual(["rules[0]", "rules[2]"]);
  });
});
