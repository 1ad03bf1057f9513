// Every op of the PyTorch runtime (compiler/emit/pytorch/runtime/ops.py) against its tfjs kernel.
// The cases are the op-parity suite's (test/parity/op-cases/*.ts), the ONNX test's branch and
// sampler cases (test/emit/onnx-op-cases.ts) and this file's own cases of the random ops, long
// enough to take the chunk-parallel generator of random.py. Each case runs in a run (seed 11,
// step 3, the case's training flag) and the call frame `x:forward@0`, on both sides, so random
// ops are keyed `x:forward@0/OP.0` and must draw the same: their masks and indices (dropout,
// drop_path, attention's dropout, bernoulli_mask, budget_mask, mask_tokens, patch_block_mask,
// multinomial) must be EXACTLY equal, as must every integer and bool result. Float results agree
// within 1e-5 for every op — products, reductions and IPOT's 50 iterations included, although
// BLAS and tfjs accumulate float32 sums in different orders (at these sizes the worst is ~4e-6;
// the ledger printed at the end says how close each group came).
// All cases run in ONE Python process. Every registry op (but the sources a generated model
// has as fields: input, param, buffer) must have a Python function whose inputs, attributes
// and defaults are the registry's, and at least one case here.
import { beforeAll, describe, expect, it } from "vitest";
import { OPS } from "../../compiler/ir/ops.js";
import { callKernel } from "../../runtime/api/kernel-call.js";
import { currentRun, withRun } from "../../runtime/api/run.js";
import type { HostTensor } from "../../runtime/init.js";
import { difference, Ledger, TOL } from "../parity/compare.js";
import { draws, opCase, type OpCase } from "../parity/op-cases/case.js";
import { elementwiseCases } from "../parity/op-cases/elementwise.js";
import { layoutCases } from "../parity/op-cases/layout.js";
import { linalgCases } from "../parity/op-cases/linalg.js";
import { objectiveCases } from "../parity/op-cases/objectives.js";
import { hostOf, toHost, toTensor } from "../parity/tensors.js";
import { describeWithTorch } from "../parity/torch.js";
import { backend } from "../runtime/kernels/harness.js";
import { branchCases, samplerCases } from "../emit/onnx-op-cases.js";
import { fromJson, runPython, runtimePackage, toJson, type JsonTensor } from "./harness.js";

/** Sources that generated code holds as module fields and arguments, not op calls. */
const NOT_OPS = new Set(["input", "param", "buffer"]);
const SEED = 11;
const STEP = 3;

/** Random ops on inputs long enough for random.py's vectorised generator (4096 draws and up), and their edge cases. */
function randomCases(): OpCase[] {
  const d = draws("pytorch.random");
  const train = { training: true };
  return [
    opCase("dropout.train_long", "dropout", [d.normal([6, 1000])], { ...train, attrs: { p: 0.1 } }),
    opCase("dropout.eval_identity", "dropout", [d.normal([3, 4])], { attrs: { p: 0.5 } }),
    opCase("drop_path.train_rank2", "drop_path", [d.normal([9, 3])], { ...train, attrs: { p: 0.3 } }),
    opCase("attention.dropout_train", "attention", [d.normal([2, 5, 8]), d.normal([2, 6, 8]), d.normal([2, 6, 8]), d.bools([2, 5, 6], 0.8)], {
      ...train,
      attrs: { heads: 2, dropout: 0.2 },
    }),
    opCase("bernoulli_mask.words_excluded", "bernoulli_mask", [d.ints([3, 12], 0, 9), d.ints([3, 12], 0, 4)], { attrs: { p: 0.5, exclude: [0, 1] } }),
    opCase("bernoulli_mask.long", "bernoulli_mask", [d.ints([4, 1500], 0, 30)], { attrs: { p: 0.15 } }),
    opCase("budget_mask.long", "budget_mask", [d.normal([3, 2000])], { attrs: { p: 0.75 } }),
    opCase("budget_mask.rank3", "budget_mask", [d.normal([2, 3, 20])], { attrs: { p: 0.15 } }),
    opCase("mask_tokens.long", "mask_tokens", [d.ints([4, 600], 0, 1000), d.bools([4, 600], 0.3)], { attrs: { mask_id: 3, vocab: 1000, random_min: 5 } }),
    opCase("patch_block_mask.beit_grid", "patch_block_mask", [d.normal([3, 196, 2])], { attrs: { grid_h: 14, grid_w: 14, ratio: 0.4 } }),
    opCase("multinomial.degenerate_rows", "multinomial", [hostOf("f32", [4, 3], [0, 0, 0, -1, 2, 0, 0.5, Number.NaN, 0.5, 1e-8, 0, 3])]),
    opCase("multinomial.long_rows", "multinomial", [d.uniform([16, 64], 0, 1)]),
  ];
}

const CASES: readonly OpCase[] = [...elementwiseCases(), ...layoutCases(), ...linalgCases(), ...objectiveCases(), ...branchCases(), ...samplerCases(), ...randomCases()];

/** The tfjs kernel's result, keyed as runner.py keys the Python call. */
function kernelResult(c: OpCase): HostTensor {
  const inputs = c.inputs.map((t) => t && toTensor(t));
  try {
    const out = withRun({ training: c.training, seed: SEED, step: STEP }, () => currentRun().call("x", "", () => callKernel(c.op, inputs, c.attrs)));
    const host = toHost(out);
    if (!inputs.includes(out)) out.dispose();
    return host;
  } finally {
    for (const t of inputs) t?.dispose();
  }
}

interface Signature {
  readonly inputs: readonly string[];
  readonly optional: readonly string[];
  readonly attrs: Readonly<Record<string, { readonly default: unknown } | null>>;
}

type Outcome = { readonly value: JsonTensor } | { readonly error: string };

describeWithTorch("PyTorch runtime: every op equals its tfjs kernel", () => {
  const ledger = new Ledger("PyTorch runtime ops vs the tfjs kernels");
  let python: Record<string, Outcome> = {};
  let signatures: Record<string, Signature> = {};
  const kernels = new Map<string, HostTensor | Error>();

  beforeAll(async () => {
    await backend("cpu");
    for (const c of CASES) {
      try {
        kernels.set(c.name, kernelResult(c));
      } catch (e) {
        kernels.set(c.name, e instanceof Error ? e : new Error(String(e)));
      }
    }
    const root = runtimePackage("ops");
    const cases = CASES.map((c) => ({ name: c.name, op: c.op, inputs: c.inputs.map((t) => (t ? toJson(t) : null)), attrs: c.attrs, training: c.training, seed: SEED, step: STEP }));
    python = runPython<Record<string, Outcome>>(root, "ops", cases);
    signatures = runPython<Record<string, Signature>>(root, "signatures");
  }, 600_000);

  it("has a function for every registry op, with its inputs, attributes and defaults", () => {
    const ops = [...OPS.values()].filter((op) => !NOT_OPS.has(op.name));
    expect(ops.filter((op) => !signatures[op.name]).map((op) => op.name), "ops without a Python function").toEqual([]);
    expect(Object.keys(signatures).filter((name) => !OPS.has(name) || NOT_OPS.has(name)), "Python functions that are no op").toEqual([]);
    for (const op of ops) {
      const sig = signatures[op.name]!;
      expect(sig.inputs, `${op.name}: inputs`).toEqual(op.inputs.map((i) => i.name));
      expect(sig.optional, `${op.name}: optional inputs`).toEqual(op.inputs.filter((i) => i.optional).map((i) => i.name));
      const want = Object.fromEntries(op.attrs.map((a) => [a.name, a.default === undefined ? null : { default: a.default }]));
      expect(sig.attrs, `${op.name}: attributes and defaults`).toEqual(want);
    }
  });

  it("has a case for every op", () => {
    const covered = new Set(CASES.map((c) => c.op));
    expect([...OPS.keys()].filter((op) => !covered.has(op) && !NOT_OPS.has(op))).toEqual([]);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  for (const c of CASES) {
    describe(c.op, () => {
      it(`${c.name}${c.training ? " (training)" : ""}`, () => {
        const want = kernels.get(c.name)!;
        if (want instanceof Error) throw new Error(`${c.name}: the tfjs kernel failed: ${want.message}`);
        const outcome = python[c.name];
        if (!outcome) throw new Error(`${c.name}: runner.py returned nothing`);
        if ("error" in outcome) throw new Error(`${c.name}: the Python op failed:\n${outcome.error}`);
        const got = fromJson(outcome.value);
        expect(got.dtype, `${c.name}: dtype`).toBe(want.dtype);
        expect(got.shape, `${c.name}: shape`).toEqual(want.shape);
        const exact = want.dtype !== "f32" || OPS.get(c.op)!.random === true;
        // A random op's floats (dropout's kept values) are the input times the same float32 factor: exact too.
        const tol = exact ? TOL.exact : TOL.elementwise;
        const d = difference(got, want);
        ledger.record(exact ? "exact (int, bool, random)" : c.tol === TOL.elementwise ? "elementwise ops" : "other float ops", c.name, d.maxAbs);
        expect(d.maxAbs, `${c.name}: max |torch − tfjs| = ${d.maxAbs} at element ${d.at} (torch ${got.data[d.at]}, tfjs ${want.data[d.at]}), tolerance ${tol}`).toBeLessThanOrEqual(tol);
      });
    });
  }
});
