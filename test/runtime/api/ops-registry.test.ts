// runtime/api/ops.ts follows the op registry: the committed file is what tools/gen-runtime-ops.ts
// makes from the registry now (so an op added, removed or changed there fails here until it is
// regenerated), every op a generated module may call has a function and nothing else does, and
// each function hands its own op its inputs in the registry's order — a variadic input's tensors
// last — and its attribute object untouched (checked on a recording callKernel, for every op).
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { OPS } from "../../../compiler/ir/ops.js";
import * as opsModule from "../../../runtime/api/ops.js";
import { useBackend } from "../../../runtime/backend.js";
import { tf, type Tensor } from "../../../runtime/tf.js";
import { NOT_CALLED, RUNTIME_OPS_FILE, runtimeOpsSource } from "../../../tools/gen-runtime-ops.js";

const calls = vi.hoisted(() => [] as { name: string; inputs: readonly unknown[]; attrs: unknown }[]);

vi.mock("../../../runtime/api/kernel-call.js", async (original) => {
  const real = await original<typeof import("../../../runtime/api/kernel-call.js")>();
  return {
    ...real,
    callKernel: (name: string, inputs: readonly unknown[], attrs: unknown) => {
      calls.push({ name, inputs, attrs });
      return tf.scalar(0);
    },
  };
});

// vi.mock is hoisted above the imports, so ops.ts reaches the recording callKernel.
const ops = opsModule as unknown as Record<string, unknown>;

/** Exports of ops.ts that are helpers, not ops. */
const HELPERS = new Set(["index", "sl", "ALL", "ELLIPSIS", "floorDiv", "floorMod"]);

describe("runtime/api/ops.ts", () => {
  beforeAll(async () => {
    await useBackend("cpu");
  });

  it("is what tools/gen-runtime-ops.ts makes from the registry (run it after changing compiler/ir/ops)", () => {
    expect(readFileSync(RUNTIME_OPS_FILE, "utf8")).toBe(runtimeOpsSource());
  });

  it("has one function per op a generated module calls, and no other", () => {
    const wanted = [...OPS.keys()].filter((name) => !NOT_CALLED.has(name)).sort();
    const functions = Object.keys(ops).filter((k) => !HELPERS.has(k) && typeof ops[k] === "function");
    expect(functions.sort()).toEqual(wanted);
    for (const name of NOT_CALLED) expect(OPS.has(name), `${name} is a registry op`).toBe(true);
  });

  it("hands each op its inputs in the registry's order and its attributes as given", () => {
    for (const op of OPS.values()) {
      if (NOT_CALLED.has(op.name)) continue;
      const made: Tensor[] = [];
      const tensor = (): Tensor => {
        const t = tf.scalar(made.length);
        made.push(t);
        return t;
      };
      const args: unknown[] = [];
      const expected: Tensor[] = [];
      let rest: Tensor[] = [];
      for (const input of op.inputs) {
        if (input.variadic) {
          rest = [tensor(), tensor()];
          args.push(rest);
        } else {
          const t = tensor();
          expected.push(t);
          args.push(t);
        }
      }
      const attrs = Object.fromEntries(op.attrs.map((a) => [a.name, `marker of ${a.name}`]));
      if (op.attrs.length > 0) args.push(attrs);
      calls.length = 0;
      (ops[op.name] as (...a: unknown[]) => Tensor)(...args);
      expect(calls.map((c) => c.name), op.name).toEqual([op.name]);
      expect(calls[0]!.inputs, `${op.name}: inputs`).toEqual([...expected, ...rest]);
      calls[0]!.inputs.forEach((t, i) => expect(t, `${op.name}: input #${i + 1}`).toBe([...expected, ...rest][i]));
      if (op.attrs.length > 0) expect(calls[0]!.attrs, `${op.name}: attrs`).toBe(attrs);
      tf.dispose(made);
    }
  });
});
