// The PyTorch runtime's key frames (compiler/emit/pytorch/runtime/run.py) against
// runtime/api/run.ts: one script of module calls (repeated calls of one module count up
// `@k`, the model's own modes are `model:MODE@k`), nested spec-function frames (`/f@k`),
// dropout at p = 0 (no node, no key), numbers given for tensors (a `constant` key, not the
// op's), and random ops after them, run on both sides; every random result and every probed
// key must be equal, and a run in eval mode must leave dropout the identity.
import { beforeAll, expect, it } from "vitest";
import { ops } from "../../runtime/api/index.js";
import { currentRun, fnCall, withRun } from "../../runtime/api/run.js";
import type { HostTensor } from "../../runtime/init.js";
import type { Tensor } from "../../runtime/tf.js";
import { draws } from "../parity/op-cases/case.js";
import { toHost, toTensor } from "../parity/tensors.js";
import { describeWithTorch } from "../parity/torch.js";
import { backend } from "../runtime/kernels/harness.js";
import { fromJson, runPython, runtimePackage, toJson, type JsonTensor } from "./harness.js";

const SEED = 5;
const STEP = 2;
const d = draws("pytorch.run");
const X = d.normal([4, 6]);
const IDS = d.ints([3, 7], 0, 10);

/** runner.py's run_script, on the tfjs runtime's API. */
function script(): Record<string, HostTensor | string> {
  const x = toTensor(X);
  const ids = toTensor(IDS);
  const got: Record<string, HostTensor | string> = {};
  const keep = (t: Tensor): HostTensor => toHost(t);
  withRun({ training: true, seed: SEED, step: STEP }, () => {
    const run = currentRun();
    run.call("enc", "", () => {
      got["a"] = keep(ops.dropout(x, { p: 0.5 }));
      ops.dropout(x, { p: 0 });
      fnCall("f", () => {
        got["b"] = keep(ops.dropout(ops.add(x, 2.0), { p: 0.5 }));
        fnCall("g", () => {
          got["c"] = keep(ops.bernoulli_mask(ids, undefined, { p: 0.4 }));
        });
      });
      fnCall("f", () => {
        got["d"] = keep(ops.dropout(x, { p: 0.25 }));
      });
      got["e"] = keep(ops.dropout(x, { p: 0.5 }));
      got["key1"] = run.nextKey("probe");
    });
    run.call("enc", "", () => {
      got["f"] = keep(ops.dropout(x, { p: 0.5 }));
    });
    run.call("", "itm", () => {
      got["g"] = keep(ops.mask_tokens(ids, ops.gt(ids, 3), { mask_id: 1, vocab: 10 }));
      got["key2"] = run.nextKey("probe");
    });
    got["key3"] = run.nextKey("probe");
  });
  withRun({ training: false, seed: SEED, step: STEP }, () => {
    currentRun().call("enc", "", () => {
      got["h"] = keep(ops.dropout(x, { p: 0.5 }));
      got["key4"] = currentRun().nextKey("probe");
    });
  });
  return got;
}

describeWithTorch("PyTorch runtime: key frames equal runtime/api/run.ts", () => {
  let python: Record<string, JsonTensor | string> = {};
  let tfjs: Record<string, HostTensor | string> = {};
  beforeAll(async () => {
    await backend("cpu");
    tfjs = script();
    python = runPython(runtimePackage("run"), "run", { seed: SEED, step: STEP, x: toJson(X), ids: toJson(IDS) });
  }, 300_000);

  it("probes the same keys", () => {
    const keys = ["key1", "key2", "key3", "key4"];
    expect(keys.map((k) => python[k])).toEqual(keys.map((k) => tfjs[k]));
    expect(tfjs["key1"]).toBe("enc:forward@0/probe.0");
    expect(tfjs["key2"]).toBe("model:itm@0/probe.0");
  });

  it("draws the same in every frame", () => {
    for (const name of ["a", "b", "c", "d", "e", "f", "g", "h"]) {
      const want = tfjs[name] as HostTensor;
      const got = fromJson(python[name] as JsonTensor);
      expect(got.dtype, name).toBe(want.dtype);
      expect(got.shape, name).toEqual(want.shape);
      expect(Array.from(got.data), name).toEqual(Array.from(want.data));
    }
    // Different frames and ordinals draw different masks, and eval leaves x as it is.
    expect(Array.from((tfjs["a"] as HostTensor).data)).not.toEqual(Array.from((tfjs["f"] as HostTensor).data));
    expect(Array.from((tfjs["a"] as HostTensor).data)).not.toEqual(Array.from((tfjs["e"] as HostTensor).data));
    expect(Array.from((tfjs["h"] as HostTensor).data)).toEqual(Array.from(X.data));
  });
});
