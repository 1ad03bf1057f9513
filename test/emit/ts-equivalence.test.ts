// Generated TypeScript against the IR runtime, for every model's tiny variant: the same spec,
// seed, weights and inputs give the same named values and losses — in eval, and in a training
// pass where dropout, masks and sampled negatives draw from the same keyed streams — and one
// training step (AdamW, momentum copies, queue writes) ends with the same parameters and
// buffers. The issue asks for 1e-6; the generated code calls the runtime's own kernels under the
// IR's node keys, so in practice the results are identical, and the figures are reported.
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bindRunDims } from "../../cli/commands/run-io.js";
import type { IrGraph } from "../../compiler/ir/types.js";
import type { AnyModel, Model, Tensor } from "../../runtime/api/index.js";
import { ModelTrainer } from "../../runtime/api/index.js";
import { useBackend } from "../../runtime/backend.js";
import type { DimBindings } from "../../runtime/dims.js";
import { toTensors } from "../../runtime/feeds.js";
import { forward } from "../../runtime/forward.js";
import type { HostTensor } from "../../runtime/init.js";
import { ModelState } from "../../runtime/state.js";
import { syntheticInputs } from "../../runtime/synthetic.js";
import { tf } from "../../runtime/tf.js";
import { DEFAULT_OPTIMIZER } from "../../runtime/train/optimizer.js";
import { Trainer } from "../../runtime/train/trainer.js";
import { compileFile } from "../../compiler/compile.js";
import { compiled, generated, importable, MODELS, REPO } from "./ts-harness.js";

const OUT = path.join(REPO, "test/output/ts-equivalence");
const TOLERANCE = 1e-6;
const SEED = 0;

type Generated = Model<Record<string, Tensor>, Record<string, Tensor>, Record<string, Tensor>>;

interface Case {
  readonly ir: IrGraph;
  readonly dims: DimBindings;
  readonly host: ReadonlyMap<string, HostTensor>;
  make(): Generated;
}

const worst: Record<string, number> = {};

function maxDiff(a: Tensor, b: Tensor): number {
  expect(b.shape).toEqual(a.shape);
  return tf.tidy(() => tf.max(tf.abs(tf.sub(tf.cast(a, "float32"), tf.cast(b, "float32")))).dataSync()[0]!);
}

function hostDiff(a: HostTensor, b: Tensor): number {
  return tf.tidy(() => maxDiff(tf.tensor(a.data, [...a.shape], b.dtype), b));
}

beforeAll(async () => {
  await useBackend("cpu");
});

afterAll(() => {
  // eslint-disable-next-line no-console
  console.log("generated vs IR runtime, worst difference:", JSON.stringify(worst));
});

async function setUp(model: string): Promise<Case> {
  const { ir } = compiled(model, "tiny");
  const file = await importable(model, "tiny", OUT);
  const mod = (await import(file)) as Record<string, unknown>;
  const Cls = mod[ir.model] as (new (config: object, options: object) => Generated) & { presets: Record<string, object> };
  const needed = new Set(ir.inputs.map((i) => i.name));
  const dims = bindRunDims(ir, 2, {}, needed);
  const host = syntheticInputs(ir, dims, SEED, needed);
  return { ir, dims, host, make: () => new Cls(Cls.presets["tiny"]!, { seed: SEED }) };
}

function compareForward(c: Case, training: boolean, step: number): number {
  const feeds = toTensors(c.ir, c.host);
  const state = ModelState.initialise(c.ir, SEED);
  const model = c.make();
  try {
    const want = forward(c.ir, state, feeds, c.dims, { outputs: [...c.ir.outputs.keys()], objectives: c.ir.objectives.map((o) => o.name), training, seed: SEED, step });
    const got = model.run(Object.fromEntries(feeds), { training, seed: SEED, step });
    expect(Object.keys(got.values).sort()).toEqual([...want.outputs.keys()].sort());
    expect(Object.keys(got.losses).sort()).toEqual([...want.losses.keys()].sort());
    let d = 0;
    for (const [name, t] of want.outputs) d = Math.max(d, maxDiff(t, got.values[name]!));
    for (const [name, t] of want.losses) d = Math.max(d, maxDiff(t, got.losses[name]!));
    return d;
  } finally {
    state.dispose();
    (model as AnyModel & { dispose(): void }).dispose();
    for (const t of feeds.values()) t.dispose();
  }
}

describe.each(MODELS)("generated %s (tiny) against the IR runtime", (name) => {
  let c: Case;
  beforeAll(async () => {
    c = await setUp(name);
  });

  it("declares the IR's parameters and buffers, with the same initial values", () => {
    const state = ModelState.initialise(c.ir, SEED);
    const model = c.make() as unknown as AnyModel;
    try {
      const owners = [...c.ir.params.values()].filter((p) => p.sharedWith === undefined).map((p) => p.name);
      const params = model.namedParameters();
      expect([...params.keys()].sort()).toEqual([...owners].sort());
      expect([...model.namedBuffers().keys()].sort()).toEqual([...c.ir.buffers.keys()].sort());
      for (const p of owners) expect(hostDiff(state.read(p), params.get(p)!), p).toBe(0);
      const aliases = [...c.ir.params.values()].filter((p) => p.sharedWith !== undefined);
      for (const a of aliases) expect(model.aliases.get(a.name), a.name).toBe(a.sharedWith);
    } finally {
      state.dispose();
      model.dispose();
    }
  });

  it("computes the same values and losses in eval", () => {
    const d = compareForward(c, false, 0);
    worst[`${name}.eval`] = d;
    expect(d).toBeLessThanOrEqual(TOLERANCE);
  });

  it("draws the same dropout masks, token masks and negatives in a training pass", () => {
    const d = compareForward(c, true, 3);
    worst[`${name}.train`] = d;
    expect(d).toBeLessThanOrEqual(TOLERANCE);
  });

  it("ends a training step with the same parameters and buffers", () => {
    const schedule = { kind: "constant", lr: 1e-3, warmup: 0, steps: 1, minLr: 0 } as const;
    const state = ModelState.initialise(c.ir, SEED);
    const trainer = new Trainer(c.ir, state, { optimizer: DEFAULT_OPTIMIZER, schedule, accumulate: 1, seed: SEED });
    const model = c.make() as unknown as AnyModel;
    const api = new ModelTrainer(model, { schedule, seed: SEED });
    const feeds = toTensors(c.ir, c.host);
    try {
      const want = trainer.trainStep([c.host], c.dims);
      const got = api.trainStep(Object.fromEntries(feeds));
      let d = 0;
      for (const [o, l] of Object.entries(want.losses)) d = Math.max(d, Math.abs(l - got.losses[o]!));
      for (const [p, v] of model.namedParameters()) d = Math.max(d, hostDiff(state.read(p), v));
      for (const [b, v] of model.namedBuffers()) d = Math.max(d, hostDiff(state.read(b), v));
      worst[`${name}.step`] = d;
      expect(d).toBeLessThanOrEqual(TOLERANCE);
      // The step moved the weights: a comparison of two untouched models would prove nothing.
      const initial = ModelState.initialise(c.ir, SEED);
      const moved = [...model.namedParameters()].filter(([p, v]) => hostDiff(initial.read(p), v) > 0).length;
      initial.dispose();
      expect(moved).toBeGreaterThan(0);
    } finally {
      trainer.dispose();
      state.dispose();
      model.dispose();
      for (const t of feeds.values()) t.dispose();
    }
  });
});

describe.each(["blip", "clip"])("generated %s (tiny): a step accumulated over two micro-batches", (name) => {
  it("ends where the IR Trainer with --accumulate 2 ends", async () => {
    const c = await setUp(name);
    const needed = new Set(c.ir.inputs.map((i) => i.name));
    const second = syntheticInputs(c.ir, c.dims, SEED + 1, needed);
    const schedule = { kind: "constant", lr: 1e-3, warmup: 0, steps: 2, minLr: 0 } as const;
    const state = ModelState.initialise(c.ir, SEED);
    const trainer = new Trainer(c.ir, state, { optimizer: DEFAULT_OPTIMIZER, schedule, accumulate: 2, seed: SEED });
    const model = c.make() as unknown as AnyModel;
    const api = new ModelTrainer(model, { schedule, seed: SEED });
    const feeds = [toTensors(c.ir, c.host), toTensors(c.ir, second)];
    try {
      let d = 0;
      for (let step = 0; step < 2; step++) {
        const want = trainer.trainStep([c.host, second], c.dims);
        const got = api.trainStep(feeds.map((f) => Object.fromEntries(f)));
        for (const [o, l] of Object.entries(want.losses)) d = Math.max(d, Math.abs(l - got.losses[o]!));
      }
      for (const [p, v] of model.namedParameters()) d = Math.max(d, hostDiff(state.read(p), v));
      for (const [b, v] of model.namedBuffers()) d = Math.max(d, hostDiff(state.read(b), v));
      worst[`${name}.accumulate2`] = d;
      expect(d).toBeLessThanOrEqual(TOLERANCE);
    } finally {
      trainer.dispose();
      state.dispose();
      model.dispose();
      for (const f of feeds) for (const t of f.values()) t.dispose();
    }
  });
});

// The language's other features, one small spec each (test/fixtures/ok): derived blocks, block
// parameters, sparse stacks, tuple returns, rotary, scatter, top-k, frozen marks, queues, …
const FIXTURES = path.join(REPO, "test/fixtures/ok");

describe.each(readdirSync(FIXTURES).filter((f) => f.endsWith(".vlm")))("generated fixture %s against the IR runtime", (file) => {
  it("computes the same values and losses in eval and in a training pass", async () => {
    const spec = path.join(FIXTURES, file);
    const dimArgs = /^#\s*vlmc-run:\s*(.*)$/m.exec(readFileSync(spec, "utf8"))?.[1] ?? "";
    const fixed = Object.fromEntries([...dimArgs.matchAll(/--dim\s+(\w+)=(\d+)/g)].map((m) => [m[1]!, Number(m[2])]));
    const { front, ir } = compileFile(spec);
    const model = front.models.find((m) => m.name.name === ir!.model)!;
    const text = (await generated({ front, ir: ir!, model }, undefined, runtimeImportFrom(OUT))).get("model.ts")!;
    const out = path.join(OUT, `fixture.${file.replace(/\.vlm$/, "")}.ts`);
    (await import("node:fs")).writeFileSync(out, text);
    const mod = (await import(out)) as Record<string, unknown>;
    const Cls = mod[ir!.model] as new (config: object, options: object) => Generated;
    const needed = new Set(ir!.inputs.map((i) => i.name));
    const dims = bindRunDims(ir!, 2, fixed, needed);
    const c: Case = { ir: ir!, dims, host: syntheticInputs(ir!, dims, SEED, needed), make: () => new Cls({}, { seed: SEED }) };
    const d = Math.max(compareForward(c, false, 0), compareForward(c, true, 2));
    worst[`fixture.${file}`] = d;
    expect(d).toBeLessThanOrEqual(TOLERANCE);
  });
});

function runtimeImportFrom(dir: string): string {
  const rel = path.relative(dir, path.join(REPO, "runtime/api/index.js")).split(path.sep).join("/");
  return rel.startsWith(".") ? rel : `./${rel}`;
}
