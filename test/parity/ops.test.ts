// Every primitive op of compiler/ir/ops.ts against PyTorch, forward and gradient (issue #6 §5).
// Each case (op-cases/*.ts) runs through its vlmc kernel (test/runtime/kernels/harness.ts) on the
// cpu and wasm backends, with tf.grads of sum(out · cotangent) for a random cotangent; all cases
// go to one tensor file, ONE Python process (ref_ops.py, plain torch per op) writes torch's
// forward and gradients back, and each case is compared: 1e-5 for elementwise ops, 1e-4 for the
// rest, exact for integer and boolean results.
import { beforeAll, expect, it } from "vitest";
import * as path from "node:path";
import { OPS } from "../../compiler/ir/ops.js";
import type { AttrValue } from "../../compiler/ir/types.js";
import { Dim } from "../../compiler/shapes/dim.js";
import type { BackendName } from "../../runtime/backend.js";
import type { HostTensor } from "../../runtime/init.js";
import { tf, type Tensor } from "../../runtime/tf.js";
import { attrsFor, backend, runKernel } from "../runtime/kernels/harness.js";
import { Ledger, TOL } from "./compare.js";
import type { OpCase } from "./op-cases/case.js";
import { elementwiseCases } from "./op-cases/elementwise.js";
import { layoutCases } from "./op-cases/layout.js";
import { linalgCases } from "./op-cases/linalg.js";
import { objectiveCases } from "./op-cases/objectives.js";
import { Draws, readTensorFile, toHost, toTensor, writeTensorFile } from "./tensors.js";
import { describeWithTorch, runReference, scratchFolder } from "./torch.js";

/** Ops with no case here, and why. */
const EXCLUDED: Readonly<Record<string, string>> = {
  input: "reads a fed tensor; nothing is computed (layers, losses and models feed every input)",
  param: "reads the model state; nothing is computed (layers, losses and models load every parameter)",
  buffer: "reads the model state; nothing is computed (BLIP's queues are read in blip.test.ts)",
  bernoulli_mask: "samples from vlmc's seeded stream, which torch's RNG cannot reproduce; MLM is compared with the mask as an input (layers.test.ts)",
  mask_tokens: "its corruption (80/10/10) samples from vlmc's stream; MLM is compared on given masks and ids (layers.test.ts)",
  patch_block_mask: "samples BEiT's block masks from vlmc's stream; MIM is compared with the mask as an input (layers.test.ts)",
  budget_mask: "samples which ⌈p·n⌉ positions of each row to mask from vlmc's seeded stream; its counts, uniformity and reproducibility are tested in test/runtime/kernels/budget-mask.test.ts",
  multinomial: "samples hard negatives from vlmc's stream; ITM is compared on given negatives (layers.test.ts) and on vlmc's own draws (blip.test.ts)",
};

const CASES: readonly OpCase[] = [...elementwiseCases(), ...layoutCases(), ...linalgCases(), ...objectiveCases()];
const BACKENDS: readonly BackendName[] = ["cpu", "wasm"];

interface VlmcResult {
  readonly out: HostTensor;
  readonly grads: ReadonlyMap<number, HostTensor>;
}

/** A case's result, or why its kernel failed (reported by that case's test alone). */
type Outcome = VlmcResult | Error;

function attempt(run: () => VlmcResult): Outcome {
  try {
    return run();
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

/** Attribute values as the reference reads them: dims become numbers. */
function plain(v: AttrValue): unknown {
  if (v instanceof Dim) return v.value;
  if (Array.isArray(v)) return v.map(plain);
  return v;
}

function runVlmc(c: OpCase, cotangent: HostTensor | undefined): VlmcResult {
  const inputs = c.inputs.map((t) => t && toTensor(t));
  const opts = { training: c.training, key: `parity/${c.name}` };
  const made: Tensor[] = [];
  try {
    const out = runKernel(c.op, inputs, c.attrs, opts);
    made.push(out);
    const outHost = toHost(out);
    const grads = new Map<number, HostTensor>();
    if (cotangent && c.grads.length > 0) {
      const f = (...xs: Tensor[]): Tensor => {
        const y = runKernel(c.op, inputs.map((t, i) => (c.grads.includes(i) ? xs[c.grads.indexOf(i)] : t)), c.attrs, opts);
        // A kernel that returns its input (dropout in eval, a cast to the same dtype) records no
        // op, and tf.grads refuses a result that is its own argument; in a model, the ops around
        // it carry the gradient. tf.clone records the identity.
        return xs.includes(y) ? tf.clone(y) : y;
      };
      const dy = toTensor(cotangent);
      const gs = tf.grads(f)(c.grads.map((i) => inputs[i]!), dy);
      made.push(dy, ...gs);
      c.grads.forEach((i, k) => grads.set(i, toHost(gs[k]!)));
    }
    return { out: outHost, grads };
  } finally {
    for (const t of [...made, ...inputs]) if (t && !t.isDisposed) t.dispose();
  }
}

describeWithTorch("every primitive op matches PyTorch (forward and gradient)", () => {
  const dir = scratchFolder("ops");
  const ledger = new Ledger("primitive ops");
  const vlmc = new Map<BackendName, Map<string, Outcome>>();
  let torch: Map<string, HostTensor>;

  beforeAll(async () => {
    // Forward on cpu first: the output shapes give the cotangents, and random ops' draws.
    await backend("cpu");
    const first = new Map(CASES.map((c) => [c.name, attempt(() => runVlmc(c, undefined))]));
    const cotangents = new Map<string, HostTensor>();
    const file = new Map<string, HostTensor>();
    const meta: unknown[] = [];
    for (const c of CASES) {
      const result = first.get(c.name)!;
      if (result instanceof Error) continue;
      const out = result.out;
      const differentiable = out.dtype === "f32" && c.grads.length > 0;
      if (differentiable) cotangents.set(c.name, new Draws(`${c.name}/cot`).normal(out.shape));
      c.inputs.forEach((t, i) => t && file.set(`${c.name}/in${i}`, t));
      if (c.draws) file.set(`${c.name}/in${c.inputs.length}`, c.draws(out, c.inputs));
      if (differentiable) file.set(`${c.name}/cot`, cotangents.get(c.name)!);
      const attrs = Object.fromEntries(Object.entries(attrsFor(c.op, c.attrs)).map(([k, v]) => [k, plain(v)]));
      meta.push({ name: c.name, op: c.op, attrs, arity: c.inputs.length + (c.draws ? 1 : 0), grads: differentiable ? c.grads : [] });
    }
    for (const name of BACKENDS) {
      await backend(name);
      vlmc.set(name, new Map(CASES.map((c) => [c.name, attempt(() => runVlmc(c, cotangents.get(c.name)))])));
    }
    const casesFile = path.join(dir, "cases.safetensors");
    const resultsFile = path.join(dir, "results.safetensors");
    writeTensorFile(casesFile, file, { cases: JSON.stringify(meta) });
    runReference("ref_ops.py", [casesFile, resultsFile]);
    torch = readTensorFile(resultsFile).tensors;
  });

  it("covers every op of the registry, or says why not", () => {
    const covered = new Set(CASES.map((c) => c.op));
    const missing = [...OPS.keys()].filter((op) => !covered.has(op) && !(op in EXCLUDED));
    expect(missing, "ops with neither a parity case nor a reason for having none").toEqual([]);
    expect(Object.keys(EXCLUDED).filter((op) => covered.has(op))).toEqual([]);
    expect(Object.keys(EXCLUDED).filter((op) => !OPS.has(op))).toEqual([]);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  for (const c of CASES) {
    it(`${c.op}: ${c.name}`, () => {
      for (const name of BACKENDS) {
        const r = vlmc.get(name)!.get(c.name)!;
        if (r instanceof Error) throw new Error(`${c.name} [${name}]: the vlmc kernel failed: ${r.message}`);
        const group = r.out.dtype === "f32" ? (c.tol === TOL.elementwise ? "elementwise forward" : "float forward") : "exact (int, bool)";
        ledger.expectClose(group, `${c.name} [${name}]`, r.out, torch.get(`${c.name}/out`), r.out.dtype === "f32" ? c.tol : TOL.exact);
        for (const [i, g] of r.grads) {
          const gGroup = c.tol === TOL.elementwise ? "elementwise gradient" : "float gradient";
          ledger.expectClose(gGroup, `${c.name} d/d input ${i} [${name}]`, g, torch.get(`${c.name}/grad${i}`), c.tol);
        }
      }
    });
  }
});
