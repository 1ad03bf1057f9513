// Every primitive op's ONNX lowering against its tfjs kernel, case by case: the cases of the
// PyTorch op-parity suite (test/parity/op-cases/*.ts) each become a one-op IR graph (its operands
// as graph inputs, typed by the op's shape rule), all cases of an opset go into ONE emitted graph
// and ONE ONNX Runtime session (a failing batch is rerun case by case, so each test reports its
// own failure), and each output is compared with the kernel's result on the wasm backend: 1e-5
// for elementwise ops, 1e-4 for the rest, exact for integer and boolean results (with a few
// cases of this test's own for branches of the lowerings those cases miss). Every case runs
// at the default opset (fused Attention, Gelu, RMSNormalization, reductions with axes as inputs)
// at opset 17 (attention head by head, GELU and RMSNorm spelled out, axes as attributes), and at
// opset 20, between the two.
// Ops the emitter refuses (random sampling, state changes) are checked to be refused with
// VLM6501, and every op of the registry is either covered here or listed with why not, so a new
// op without a case or a lowering fails this file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Diag } from "../../compiler/diagnostics/catalog.js";
import { phrase } from "../../compiler/diagnostics/template.js";
import type { Span } from "../../compiler/diagnostics/span.js";
import { DEFAULT_OPSET, emitOnnx, MIN_OPSET } from "../../compiler/emit/onnx/index.js";
import { GraphBuilder } from "../../compiler/ir/builder.js";
import { OPS } from "../../compiler/ir/ops.js";
import type { IrGraph } from "../../compiler/ir/types.js";
import { Dim } from "../../compiler/shapes/dim.js";
import type { HostTensor } from "../../runtime/init.js";
import { difference, TOL } from "../parity/compare.js";
import type { OpCase } from "../parity/op-cases/case.js";
import { elementwiseCases } from "../parity/op-cases/elementwise.js";
import { layoutCases } from "../parity/op-cases/layout.js";
import { linalgCases } from "../parity/op-cases/linalg.js";
import { objectiveCases } from "../parity/op-cases/objectives.js";
import { toHost, toTensor } from "../parity/tensors.js";
import { attrsFor, backend, runKernel } from "../runtime/kernels/harness.js";
import { runOnnx } from "./onnx-harness.js";
import { branchCases, samplerCases } from "./onnx-op-cases.js";

/** Ops with no case here, and why. */
const EXCLUDED: Readonly<Record<string, string>> = {
  input: "becomes a graph input: every case here feeds its operands through one",
  param: "becomes an initializer: the whole-model tests (onnx-parity, onnx-graph) read every kind of parameter",
  buffer: "becomes an initializer: BLIP's and ALBEF's queues are read in onnx-parity.test.ts",
};

/** Ops the emitter refuses, with the reason its diagnostic gives. */
const REFUSED: Readonly<Record<string, "random" | "effect">> = {
  bernoulli_mask: "random",
  budget_mask: "random",
  mask_tokens: "random",
  patch_block_mask: "random",
  multinomial: "random",
  enqueue: "effect",
};

const PARITY_CASES: readonly OpCase[] = [...elementwiseCases(), ...layoutCases(), ...linalgCases(), ...objectiveCases()];
const CASES = [...PARITY_CASES.filter((c) => !(c.op in REFUSED)), ...branchCases()];
const REFUSED_CASES = [...PARITY_CASES.filter((c) => c.op in REFUSED), ...samplerCases()];
/** 20 mixes the two: fused Gelu, but attention and RMSNorm spelled out and reductions taking axes as inputs. */
const OPSETS = [DEFAULT_OPSET, 20, MIN_OPSET];

const SPAN: Span = { file: "ops.vlm", start: 0, end: 0 };

function inputName(c: OpCase, i: number): string {
  return `${c.name}/in${i}`;
}

/** The cases as one IR graph: each case's operands are model inputs, its result a named value (the case's name). */
function graphOf(cases: readonly OpCase[]): IrGraph {
  const b = new GraphBuilder();
  const prov = { span: SPAN, frame: undefined };
  for (const c of cases) {
    const operands = c.inputs.map((t, i) => {
      if (!t) return -1;
      const name = inputName(c, i);
      const attrs = { name, dtype: t.dtype, shape: t.shape.map((d) => Dim.of(d)) };
      if (c.op === "enqueue" && i === 0) {
        // A queue is a buffer with a pointer, as the elaborator declares it.
        b.buffers.set(name, { name, dtype: t.dtype, shape: t.shape, init: { kind: "zeros", args: {} }, role: "queue", pointer: `${name}.ptr`, span: SPAN });
        b.buffers.set(`${name}.ptr`, { name: `${name}.ptr`, dtype: "i32", shape: [], init: { kind: "zeros", args: {} }, role: "pointer", span: SPAN });
        return b.add("buffer", [], attrs, prov, "", "", `buffer:${name}`).id;
      }
      const node = b.add("input", [], attrs, prov, "", "", `input:${name}`);
      b.inputs.push({ name, node: node.id, span: SPAN });
      return node.id;
    });
    // The case's name as the node's scope names its ONNX nodes after the case.
    const node = b.add(c.op, operands, attrsFor(c.op, c.attrs), prov, c.name, "", `${c.name}/${c.op}.0`);
    b.outputs.set(c.name, node.id);
  }
  return b.finish({ model: "ops", file: SPAN.file, variant: undefined, hypers: {} });
}

function noWeights(name: string): never {
  throw new Error(`the op graphs read no parameter, yet the emitter asked for '${name}'`);
}

/** The kernel's result in eval mode (what an ONNX graph computes), on the current backend. */
function kernelResult(c: OpCase): HostTensor {
  const inputs = c.inputs.map((t) => t && toTensor(t));
  try {
    const out = runKernel(c.op, inputs, c.attrs, { key: `onnx/${c.name}` });
    const host = toHost(out);
    if (!out.isDisposed) out.dispose();
    return host;
  } finally {
    for (const t of inputs) if (t && !t.isDisposed) t.dispose();
  }
}

function failure(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/** Emits the cases as one graph at `opset` and runs it; every case's output, or why the batch failed. */
async function runBatch(cases: readonly OpCase[], opset: number): Promise<Map<string, HostTensor> | Error> {
  try {
    const emitted = emitOnnx(graphOf(cases), { outputs: cases.map((c) => c.name), opset, weights: noWeights });
    if (!emitted.model) return new Error(`not emitted: ${emitted.diagnostics.map((d) => `${d.code} ${d.message}`).join("; ")}`);
    const feeds = new Map(cases.flatMap((c) => c.inputs.flatMap((t, i) => (t ? [[inputName(c, i), t] as const] : []))));
    return await runOnnx(emitted.model, feeds);
  } catch (e) {
    return failure(e);
  }
}

/** Each case's ONNX output at `opset`, or its own error: when the batch fails, every case runs alone. */
async function onnxResults(cases: readonly OpCase[], opset: number): Promise<Map<string, HostTensor | Error>> {
  const batch = await runBatch(cases, opset);
  if (!(batch instanceof Error)) return new Map(cases.map((c) => [c.name, batch.get(c.name) ?? new Error("the graph has no such output")]));
  const out = new Map<string, HostTensor | Error>();
  for (const c of cases) {
    const alone = await runBatch([c], opset);
    out.set(c.name, alone instanceof Error ? alone : alone.get(c.name)!);
  }
  return out;
}

describe("every op's ONNX lowering equals its tfjs kernel", () => {
  const kernels = new Map<string, HostTensor | Error>();
  const onnx = new Map<number, Map<string, HostTensor | Error>>();
  const worst = new Map<string, { maxAbs: number; label: string; checks: number }>();
  const record = (group: string, label: string, maxAbs: number): void => {
    const w = worst.get(group) ?? { maxAbs: -1, label, checks: 0 };
    w.checks++;
    if (maxAbs > w.maxAbs) Object.assign(w, { maxAbs, label });
    worst.set(group, w);
  };

  beforeAll(async () => {
    await backend("wasm");
    for (const c of CASES) {
      try {
        kernels.set(c.name, kernelResult(c));
      } catch (e) {
        kernels.set(c.name, failure(e));
      }
    }
    for (const opset of OPSETS) onnx.set(opset, await onnxResults(CASES, opset));
  });

  afterAll(() => {
    const rows = [...worst].map(([group, w]) => `  ${group.padEnd(32)} ${w.maxAbs.toExponential(2).padStart(9)}  over ${String(w.checks).padStart(3)} cases (worst: ${w.label})`);
    if (rows.length) console.log(`ONNX op lowerings: worst absolute error vs the wasm kernels\n${rows.join("\n")}`);
  });

  it("covers every op of the registry, or says why not", () => {
    const covered = new Set([...CASES, ...REFUSED_CASES].map((c) => c.op));
    const missing = [...OPS.keys()].filter((op) => !covered.has(op) && !(op in EXCLUDED));
    expect(missing, "ops with neither a case nor a reason for having none").toEqual([]);
    expect(Object.keys(EXCLUDED).filter((op) => covered.has(op) || !OPS.has(op))).toEqual([]);
    expect(Object.keys(REFUSED).filter((op) => !REFUSED_CASES.some((c) => c.op === op))).toEqual([]);
    const names = [...CASES, ...REFUSED_CASES].map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });

  for (const c of CASES) {
    it(`${c.op}: ${c.name}${c.training ? " (in eval mode, as every emitted graph)" : ""}`, () => {
      const want = kernels.get(c.name)!;
      if (want instanceof Error) throw new Error(`${c.name}: the tfjs kernel failed: ${want.message}`);
      const exact = want.dtype !== "f32";
      const tol = exact ? TOL.exact : c.tol;
      const group = exact ? "exact (int, bool)" : c.tol === TOL.elementwise ? "elementwise" : "float";
      for (const opset of OPSETS) {
        const got = onnx.get(opset)!.get(c.name)!;
        const label = `${c.name} [opset ${opset}]`;
        if (got instanceof Error) throw new Error(`${label}: ${got.message}`);
        expect(got.dtype, `${label}: dtype`).toBe(want.dtype);
        expect(got.shape, `${label}: shape`).toEqual(want.shape);
        const d = difference(got, want);
        record(`opset ${opset}, ${group}`, c.name, d.maxAbs);
        expect(d.maxAbs, `${label}: max |onnx − tfjs| = ${d.maxAbs} at element ${d.at} (onnx ${got.data[d.at]}, tfjs ${want.data[d.at]}), tolerance ${tol}`).toBeLessThanOrEqual(tol);
      }
    });
  }

  for (const c of REFUSED_CASES) {
    it(`${c.op}: ${c.name} is refused with VLM6501 (${REFUSED[c.op]})`, () => {
      const emitted = emitOnnx(graphOf([c]), { outputs: [c.name], weights: noWeights });
      expect(emitted.model).toBeUndefined();
      expect(emitted.diagnostics.map((d) => [d.code, d.severity])).toEqual([["VLM6501", "error"]]);
      const d = emitted.diagnostics[0]!;
      expect(d.message).toContain(`\`${c.op}\``);
      expect(d.message).toContain(phrase(Diag.OnnxUnsupported, REFUSED[c.op]!));
      expect(d.span).toEqual(SPAN);
    });
  }
});
