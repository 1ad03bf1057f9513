// The body of the spec-level parity test (layers.test.ts): run each spec through the runtime
// on the cpu and wasm backends, differentiate every output and objective (spec-runner.ts), hand
// the same weights, inputs and cotangents to ONE Python process, and compare every value and
// every gradient with torch's within 1e-4.
import * as path from "node:path";
import { beforeAll, it } from "vitest";
import type { IrGraph } from "../../compiler/ir/types.js";
import { useBackend, type BackendName } from "../../runtime/backend.js";
import type { HostTensor } from "../../runtime/init.js";
import { Ledger, TOL } from "./compare.js";
import { compileSpec, differentiate, randomParams, type Differentiated } from "./spec-runner.js";
import { Draws, readTensorFile, writeTensorFile } from "./tensors.js";
import { runReference, scratchFolder } from "./torch.js";

export interface ParitySpec {
  /** The model's key in the exchanged files and in the reference's builders. */
  readonly key: string;
  readonly file: string;
  readonly inputs: (d: Draws) => Map<string, HostTensor>;
  /** Which ledger group a target's errors fall in (default: the target's own name). */
  readonly groupOf?: (target: string) => string;
}

const BACKENDS: readonly BackendName[] = ["cpu", "wasm"];

/** Declares the tests of one parity file: one per target, both backends, values and gradients. */
export function specParity(label: string, script: string, specs: readonly ParitySpec[]): void {
  const dir = scratchFolder(label);
  const ledger = new Ledger(label);
  const compiled = new Map<string, IrGraph>(specs.map((s) => [s.key, compileSpec(s.file)]));
  const vlmc = new Map<BackendName, Map<string, Differentiated>>();
  let torch: Map<string, HostTensor>;

  beforeAll(async () => {
    await useBackend(BACKENDS[0]!);
    const setups = specs.map((s) => {
      const ir = compiled.get(s.key)!;
      const d = new Draws(`${label}/${s.key}`);
      const params = randomParams(ir, d);
      const inputs = s.inputs(d);
      return { key: s.key, ir, params, inputs, cotangents: cotangentsFrom(ir, params, inputs, d) };
    });
    for (const name of BACKENDS) {
      await useBackend(name);
      vlmc.set(name, new Map(setups.map((x) => [x.key, differentiate(x.ir, x.params, x.inputs, x.cotangents)])));
    }
    const file = new Map<string, HostTensor>();
    for (const x of setups) {
      for (const [k, v] of x.params) file.set(`${x.key}/p/${k}`, v);
      for (const [k, v] of x.inputs) file.set(`${x.key}/x/${k}`, v);
      for (const [k, v] of x.cotangents) file.set(`${x.key}/cot/${k}`, v);
    }
    const input = path.join(dir, "in.safetensors");
    const output = path.join(dir, "out.safetensors");
    writeTensorFile(input, file, { models: JSON.stringify(specs.map((s) => s.key)) });
    runReference(script, [input, output]);
    torch = readTensorFile(output).tensors;
  });

  for (const s of specs) {
    const ir = compiled.get(s.key)!;
    const targets = [...ir.outputs.keys(), ...ir.objectives.map((o) => o.name)];
    for (const target of targets) {
      it(`${s.key}: ${target}, value and gradients`, () => {
        const group = s.groupOf?.(target) ?? target;
        for (const name of BACKENDS) {
          const r = vlmc.get(name)!.get(s.key)!;
          ledger.expectClose(`${group} value`, `${target} [${name}]`, r.values.get(target)!, torch.get(`${s.key}/y/${target}`), TOL.float);
          const prefix = `${s.key}/d/${target}/`;
          const keys = [...torch.keys()].filter((k) => k.startsWith(prefix));
          if (keys.length === 0) throw new Error(`the reference wrote no gradients for ${target}`);
          for (const key of keys) {
            const wrt = key.slice(prefix.length);
            const expected = torch.get(key)!;
            const actual = r.grads.get(`${target}/${wrt}`) ?? zerosLike(expected);
            ledger.expectClose(`${group} gradient`, `d ${target} / d ${wrt} [${name}]`, actual, expected, TOL.float);
          }
        }
      });
    }
  }
}

function zerosLike(t: HostTensor): HostTensor {
  return { dtype: t.dtype, shape: t.shape, data: new Float32Array(t.data.length) };
}

/** Random cotangents shaped like each named output (a forward pass tells the shapes). */
function cotangentsFrom(ir: IrGraph, params: ReadonlyMap<string, HostTensor>, inputs: ReadonlyMap<string, HostTensor>, d: Draws): Map<string, HostTensor> {
  const shapes = differentiate(ir, params, inputs, new Map(), { gradients: false }).values;
  return new Map([...ir.outputs.keys()].map((name) => [name, d.normal(shapes.get(name)!.shape)]));
}
