// The JSON form of the IR: what it keeps (attribute dims as dims, numbers JSON cannot spell,
// shared frames once, source texts on request), and what the loader says about files it cannot
// read — each a VLM6008 naming the problem, never an exception.
import { describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.js";
import { readAttr, readNumber, writeAttr, writeNumber } from "../../compiler/ir/json-codec.js";
import { IR_VERSION, loadIr, serializeIr } from "../../compiler/ir/serialize.js";
import { Dim } from "../../compiler/shapes/dim.js";
import { compileSource } from "../harness.js";

const clip = compileFile("specs/models/clip.vlm", { variant: "tiny" });
const text = serializeIr(clip.ir!, { sources: clip.front.program.sources });

/** The serialized CLIP, edited as JSON. */
function edited(edit: (json: Record<string, any>) => void): string {
  const json = JSON.parse(text) as Record<string, any>;
  edit(json);
  return JSON.stringify(json);
}

function problem(input: string): string {
  const r = loadIr(input, "clip.ir.json");
  expect(r.ir).toBeUndefined();
  expect(r.diagnostics.map((d) => d.code)).toEqual(["VLM6008"]);
  expect(r.diagnostics[0]!.hint).toBeTruthy();
  return r.diagnostics[0]!.message;
}

describe("IR JSON form", () => {
  it("starts with its format tag and version, one record per line", () => {
    const lines = text.split("\n");
    expect(lines.slice(1, 3)).toEqual([`  "format": "vlmc-ir",`, `  "version": ${IR_VERSION},`]);
    const nodeLines = lines.filter((l) => l.startsWith('    {"id":'));
    expect(nodeLines.length).toBe(clip.ir!.nodes.length);
  });

  it("keeps a Dim attribute distinct from a number, also when it is constant", () => {
    const { ir } = compileSource('model M {\n  input x: f32[B, T, 8]\n  y = x[:, 1:]\n  objective o = mean(y)\n}\n');
    const slice = ir!.nodes.find((n) => n.op === "slice")!;
    expect(slice.attrs["axis"]).toBe(1);
    const json = serializeIr(ir!);
    expect(json).toContain('"attrs":{"axis":1,"start":{"$dim":"1"},"end":{"$dim":"T"}}');
    const back = loadIr(json).ir!.nodes.find((n) => n.op === "slice")!;
    expect(back.attrs["start"]).toBeInstanceOf(Dim);
    expect((back.attrs["end"] as Dim).equals(Dim.sym("T"))).toBe(true);
    expect(back.attrs["axis"]).toBe(1);
  });

  it("spells out the numbers JSON has no literal for", () => {
    for (const n of [-0, Infinity, -Infinity, NaN, 0.1, -3]) expect(Object.is(readNumber(JSON.parse(JSON.stringify(writeNumber(n))), "x"), n)).toBe(true);
    const attr = [Dim.of(3), 3, null, "full", [Dim.sym("B"), -Infinity]];
    expect(readAttr(JSON.parse(JSON.stringify(writeAttr(attr))), "a")).toEqual(attr);
  });

  it("writes a frame shared by many nodes once, parents first", () => {
    const frames = (JSON.parse(text) as { frames: { parent: number | null }[] }).frames;
    const distinct = new Set(clip.ir!.nodes.map((n) => n.prov.frame).filter((f) => f !== undefined));
    expect(frames.length).toBeGreaterThanOrEqual(distinct.size);
    frames.forEach((f, i) => expect(f.parent === null || f.parent < i).toBe(true));
  });

  it("embeds the source texts when given, so a loaded IR renders locations", () => {
    const loaded = loadIr(text);
    expect(loaded.sources!.get("specs/models/clip.vlm")!.text).toBe(clip.front.program.sources.get("specs/models/clip.vlm")!.text);
    expect(loadIr(serializeIr(clip.ir!)).sources).toBeUndefined();
  });

  it("renames files on request, spans and all", () => {
    const renamed = serializeIr(clip.ir!, { fileName: (f) => f.replace(/^specs\/(models\/)?/, "") });
    const ir = loadIr(renamed).ir!;
    expect(ir.file).toBe("clip.vlm");
    expect(new Set(ir.nodes.map((n) => n.prov.span.file))).toContain("std/attention.vlm");
  });
});

describe("loadIr on files it cannot read", () => {
  it("says so for text that is not JSON, or JSON that is not an IR", () => {
    expect(problem("{ nodes: [")).toMatch(/^clip\.ir\.json is not a vlmc IR file: it is not JSON \(/);
    expect(problem('{"format": "onnx"}')).toBe('clip.ir.json is not a vlmc IR file: its "format" is "onnx"');
    expect(problem("[1, 2]")).toBe('clip.ir.json is not a vlmc IR file: it has no "format": "vlmc-ir"');
  });

  it("rejects versions it does not read, pointing newer files to a newer vlmc", () => {
    expect(problem(edited((j) => (j.version = IR_VERSION + 1)))).toBe(`clip.ir.json is in IR format version ${IR_VERSION + 1}, which this vlmc does not read (it reads version ${IR_VERSION})`);
    expect(loadIr(edited((j) => (j.version = IR_VERSION + 1))).diagnostics[0]!.hint).toContain("newer vlmc");
    expect(problem(edited((j) => (j.version = "1")))).toBe('clip.ir.json has no valid "version" (found "1")');
  });

  it("names missing fields by their path", () => {
    expect(problem(edited((j) => delete j.params))).toBe('clip.ir.json is malformed at $: missing field "params"');
    expect(problem(edited((j) => delete j.nodes[3].op))).toBe('clip.ir.json is malformed at nodes[3]: missing field "op"');
    expect(problem(edited((j) => (j.nodes[3].scope = 7)))).toBe("clip.ir.json is malformed at nodes[3].scope: expected a string");
  });

  it("requires dense ids in order and inputs that come before", () => {
    expect(problem(edited((j) => ([j.nodes[4], j.nodes[5]] = [j.nodes[5], j.nodes[4]])))).toBe("clip.ir.json is malformed at nodes[4].id: is 5; node ids must be 0, 1, 2, … in order");
    const reader = JSON.parse(text).nodes.findIndex((n: { inputs: number[] }) => n.inputs.length > 0) as number;
    expect(problem(edited((j) => (j.nodes[reader].inputs[0] = reader + 1)))).toBe(`clip.ir.json is malformed at nodes[${reader}].inputs[0]: node ${reader} reads node ${reader + 1}, which does not come before it`);
  });

  it("rejects unknown ops and attributes that do not fit the op", () => {
    expect(problem(edited((j) => (j.nodes[10].op = "frobnicate")))).toBe("clip.ir.json is malformed at nodes[10].op: unknown op `frobnicate`");
    const att = JSON.parse(text).nodes.findIndex((n: { op: string }) => n.op === "attention") as number;
    expect(problem(edited((j) => (j.nodes[att].attrs.heads = { $dim: "4" })))).toBe(`clip.ir.json is malformed at nodes[${att}].attrs.heads: not a valid int attribute of \`attention\``);
    expect(problem(edited((j) => (j.nodes[att].attrs.window = 3)))).toBe(`clip.ir.json is malformed at nodes[${att}].attrs.window: \`attention\` has no attribute "window"`);
    expect(problem(edited((j) => delete j.nodes[att].attrs.heads))).toBe(`clip.ir.json is malformed at nodes[${att}].attrs: missing attribute "heads" of \`attention\``);
  });

  it("re-runs every shape rule: a stated type must be what the op gives", () => {
    const att = JSON.parse(text).nodes.findIndex((n: { op: string }) => n.op === "attention") as number;
    expect(problem(edited((j) => (j.nodes[att].type.shape[2] = 65)))).toBe(`clip.ir.json is malformed at nodes[${att}].type: f32[B, 17, 65] is not what \`attention\` gives for its inputs (f32[B, 17, 64])`);
    expect(problem(edited((j) => (j.nodes[att].attrs.heads = 5)))).toMatch(new RegExp(`^clip\\.ir\\.json is malformed at nodes\\[${att}\\]: its inputs do not fit \`attention\`: `));
    expect(problem(edited((j) => (j.nodes[0].type.shape[0] = "B +")))).toBe(`clip.ir.json is malformed at nodes[0].type.shape[0]: cannot read the dimension "B +": expected a number, a name or '(' at 4, found the end`);
  });

  it("checks the loaded graph with the verifier", () => {
    const msg = problem(edited((j) => (j.params[0].init = { kind: "glorot", args: {} })));
    expect(msg).toMatch(/^clip\.ir\.json is not a well-formed graph: parameter .* unknown initialiser glorot$/);
  });
});
