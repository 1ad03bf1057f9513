// The PyTorch target against the tfjs runtime, for every model's tiny variant: the generated
// package, given the weights `vlmc run --seed 0` starts from (through a vlmc checkpoint) and the
// same inputs, computes every named value and loss within 1e-4 of the IR runtime — in eval, and
// in a training pass whose dropout masks, token masks and sampled negatives come from the same
// keyed random streams. One Python process runs every model.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, expect, it } from "vitest";
import { bindRunDims } from "../../cli/commands/run-io.js";
import { spanText } from "../../compiler/diagnostics/source-text.js";
import { specRelativeNames } from "../../compiler/ir/file-names.js";
import type { IrGraph } from "../../compiler/ir/types.js";
import { emitPyTorch } from "../../compiler/emit/pytorch/emit.js";
import { inputRoles } from "../../runtime/synthetic.js";
import { useBackend } from "../../runtime/backend.js";
import { toTensors } from "../../runtime/feeds.js";
import { forward } from "../../runtime/forward.js";
import type { HostTensor } from "../../runtime/init.js";
import { ModelState } from "../../runtime/state.js";
import { syntheticInputs } from "../../runtime/synthetic.js";
import type { Tensor } from "../../runtime/tf.js";
import { storageOf } from "../../runtime/weights/dtypes.js";
import { saveWeights } from "../../runtime/weights/save.js";
import { openSafetensors, writeSafetensors } from "../../runtime/weights/safetensors.js";
import { compiled, MODELS, REPO } from "../emit/ts-harness.js";
import { describeWithTorch, PYTHON } from "../parity/torch.js";

const OUT = path.join(REPO, "test/output/pytorch-parity");
const TOLERANCE = 1e-4;
const SEED = 0;
const RUNS = [
  { name: "eval", training: false, step: 0 },
  { name: "train", training: true, step: 3 },
] as const;

interface Expected {
  readonly ir: IrGraph;
  readonly runs: Map<string, Map<string, HostTensor>>;
}

const expected = new Map<string, Expected>();
const results = new Map<string, Map<string, Map<string, HostTensor>>>();
const worst: Record<string, number> = {};

function host(t: Tensor, ir: IrGraph, name: string): HostTensor {
  const id = ir.outputs.get(name);
  const dtype = id !== undefined ? ir.nodes[id]!.type.dtype : "f32";
  return { dtype, shape: t.shape, data: t.dataSync() as HostTensor["data"] };
}

function readAll(file: string, ir: IrGraph): Map<string, HostTensor> {
  const { reader, diagnostics } = openSafetensors(file);
  if (!reader) throw new Error(diagnostics.map((d) => d.message).join("; "));
  const out = new Map<string, HostTensor>();
  for (const [name, entry] of reader.entries) {
    const id = name.startsWith("loss.") ? undefined : ir.outputs.get(name);
    const want = id !== undefined ? ir.nodes[id]!.type.dtype : entry.dtype === "I32" || entry.dtype === "I64" ? "i32" : entry.dtype === "BOOL" ? "bool" : "f32";
    const r = reader.read(name, want);
    if (!r.ok) throw new Error(r.message);
    out.set(name, r.tensor);
  }
  return out;
}

function maxDiff(a: HostTensor, b: HostTensor): number {
  expect(b.shape).toEqual(a.shape);
  let d = 0;
  for (let i = 0; i < a.data.length; i++) d = Math.max(d, Math.abs(Number(a.data[i]) - Number(b.data[i])));
  return d;
}

describeWithTorch("generated PyTorch against the tfjs runtime (tiny variants)", () => {
  beforeAll(async () => {
    await useBackend("cpu");
    rmSync(OUT, { recursive: true, force: true });
    const jobs: unknown[] = [];
    for (const name of MODELS) {
      const c = compiled(name, "tiny");
      const { program } = c.front;
      const fileName = specRelativeNames(program.entry, program.stdRoot);
      const py = emitPyTorch(c.front.scopes, c.model, c.ir, { variant: "tiny", roles: inputRoles(c.ir), where: (s) => spanText(s, program.sources, fileName), specName: fileName(program.entry) });
      expect(py.problems).toEqual([]);
      const out = path.join(OUT, name);
      for (const [f, text] of py.files) {
        mkdirSync(path.dirname(path.join(out, f)), { recursive: true });
        writeFileSync(path.join(out, f), text);
      }
      const ir = c.ir;
      const needed = new Set(ir.inputs.map((i) => i.name));
      const dims = bindRunDims(ir, 2, {}, needed);
      const inputs = syntheticInputs(ir, dims, SEED, needed);
      const state = ModelState.initialise(ir, SEED);
      const weights = path.join(out, "weights.safetensors");
      expect(saveWeights(state, weights)).toEqual([]);
      const inputsFile = path.join(out, "inputs.safetensors");
      writeSafetensors(inputsFile, [...inputs].map(([n, t]) => ({ name: n, dtype: storageOf(t.dtype), shape: t.shape, data: t.data })));
      const feeds = toTensors(ir, inputs);
      const runs = new Map<string, Map<string, HostTensor>>();
      for (const r of RUNS) {
        const want = forward(ir, state, feeds, dims, { outputs: [...ir.outputs.keys()], objectives: ir.objectives.map((o) => o.name), training: r.training, seed: SEED, step: r.step });
        const m = new Map<string, HostTensor>();
        for (const [n, t] of want.outputs) m.set(n, host(t, ir, n));
        for (const [n, t] of want.losses) m.set(`loss.${n}`, { dtype: "f32", shape: [], data: t.dataSync() as Float32Array });
        runs.set(r.name, m);
      }
      state.dispose();
      expected.set(name, { ir, runs });
      jobs.push({
        out,
        package: py.package,
        model: ir.model,
        variant: "tiny",
        weights,
        inputs: inputsFile,
        runs: RUNS.map((r) => ({ training: r.training, seed: SEED, step: r.step, result: path.join(out, `result.${r.name}.safetensors`) })),
      });
    }
    const jobsFile = path.join(OUT, "jobs.json");
    writeFileSync(jobsFile, JSON.stringify(jobs));
    const r = spawnSync(PYTHON, [path.join(REPO, "test/pytorch/run_generated.py"), jobsFile], {
      env: { ...process.env, OMP_NUM_THREADS: "2", OMP_WAIT_POLICY: "PASSIVE", PYTHONDONTWRITEBYTECODE: "1" },
      encoding: "utf8",
      timeout: 300_000,
    });
    if (r.status !== 0) throw new Error(`run_generated.py failed:\n${r.stderr}`);
    for (const name of MODELS) {
      const m = new Map<string, Map<string, HostTensor>>();
      for (const run of RUNS) m.set(run.name, readAll(path.join(OUT, name, `result.${run.name}.safetensors`), expected.get(name)!.ir));
      results.set(name, m);
    }
  }, 600_000);

  for (const name of MODELS) {
    for (const run of RUNS) {
      it(`${name}: every value and loss in ${run.name} mode`, () => {
        const want = expected.get(name)!.runs.get(run.name)!;
        const got = results.get(name)!.get(run.name)!;
        expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
        let d = 0;
        for (const [n, t] of want) {
          const diff = maxDiff(t, got.get(n)!);
          expect(diff, `${n}`).toBeLessThanOrEqual(TOLERANCE);
          d = Math.max(d, diff);
        }
        worst[`${name}.${run.name}`] = d;
      });
    }
  }

  it("reports the worst differences", () => {
    // eslint-disable-next-line no-console
    console.log("generated PyTorch vs tfjs runtime, worst difference:", JSON.stringify(worst));
    expect(Object.keys(worst).length).toBe(MODELS.length * RUNS.length);
  });
});
