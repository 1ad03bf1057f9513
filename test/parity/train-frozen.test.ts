// Frozen parameters (issue #7): a stage's frozen parameters are neither differentiated nor
// updated, and get no optimiser state. VLMo's `language` stage (stagewise pre-training, step 2)
// freezes everything except the text embeddings, the L-FFN with its LayerNorm, the MLM head, the
// relative-position table and the final norm: after ten AdamW steps of masked language modelling
// on distinct batches, every frozen tensor must be bit-identical and every trained one must have
// moved. Needs no torch: nothing is compared with a reference.
import { beforeAll, describe, expect, it } from "vitest";
import { bindRunDims } from "../../cli/commands/run-io.js";
import { compileFile } from "../../compiler/compile.js";
import type { IrGraph } from "../../compiler/ir/types.js";
import { useBackend } from "../../runtime/backend.js";
import type { HostTensor } from "../../runtime/init.js";
import { ModelState } from "../../runtime/state.js";
import { syntheticInputs } from "../../runtime/synthetic.js";
import { DEFAULT_OPTIMIZER } from "../../runtime/train/optimizer.js";
import { Trainer } from "../../runtime/train/trainer.js";
import { snapshot } from "./train-run.js";

const STEPS = 10;
const BATCH = 2;
/** What vlmo.vlm's `language` stage leaves trainable (`freeze ** except …`), as patterns over owner names. */
const UNFROZEN = [/^backbone\.text_embeddings\./, /^backbone\.layers\.\d+\.ln_l\./, /^backbone\.layers\.\d+\.l_ffn\./, /^mlm_head\./, /^backbone\.relative_position_bias_table$/, /^backbone\.norm\./];

function sameBits(a: HostTensor, b: HostTensor): boolean {
  const x = new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength);
  const y = new Uint8Array(b.data.buffer, b.data.byteOffset, b.data.byteLength);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

describe("VLMo tiny's language stage: frozen parameters stay bit-identical and get no optimiser state", () => {
  let ir: IrGraph;
  let trainer: Trainer;
  let before: Map<string, HostTensor>;
  let after: Map<string, HostTensor>;

  beforeAll(async () => {
    await useBackend("wasm");
    ir = compileFile("specs/models/vlmo.vlm", { variant: "tiny" }).ir!;
    const state = ModelState.initialise(ir, 0);
    trainer = new Trainer(ir, state, { stage: "language", optimizer: { ...DEFAULT_OPTIMIZER, weightDecay: 0.05 }, schedule: { kind: "constant", lr: 1e-3, warmup: 0, steps: STEPS, minLr: 0 }, accumulate: 1, seed: 0 });
    const order = new Set(trainer.selection.plan.order);
    const needed = new Set(ir.inputs.filter((i) => order.has(i.node)).map((i) => i.name));
    const dims = bindRunDims(ir, BATCH, {}, needed);
    before = snapshot(state);
    for (let step = 0; step < STEPS; step++) trainer.trainStep([syntheticInputs(ir, dims, 0, needed, step)], dims);
    after = snapshot(state);
    trainer.dispose();
    state.dispose();
  });

  it("freezes exactly what the stage declares: everything but its trainable parts", () => {
    const owners = [...ir.params.values()].filter((p) => p.sharedWith === undefined && p.emaOf === undefined).map((p) => p.name);
    for (const name of owners) expect(trainer.selection.frozen.has(name), name).toBe(!UNFROZEN.some((re) => re.test(name)));
    // The stage's objective reaches every unfrozen owner but the `checkpoint` position table
    // (kept for the released weights, read by no forward), so those are exactly what it trains.
    const read = owners.filter((name) => !ir.params.get(name)!.checkpoint);
    expect(read).not.toContain("backbone.text_embeddings.position_embeddings.weight");
    expect(new Set(trainer.selection.trainable)).toEqual(new Set(read.filter((name) => UNFROZEN.some((re) => re.test(name)))));
    expect(trainer.selection.frozen).toContain("backbone.layers.0.attn.q.weight");
  });

  it(`every frozen parameter is bit-identical after ${STEPS} steps`, () => {
    for (const name of trainer.selection.frozen) expect(sameBits(after.get(name)!, before.get(name)!), `${name} changed`).toBe(true);
  });

  it("every trained parameter moved, so the steps did train", () => {
    for (const name of trainer.selection.trainable) expect(sameBits(after.get(name)!, before.get(name)!), `${name} did not change`).toBe(false);
  });

  it("only trained parameters have optimiser state (AdamW moments and step counts)", () => {
    const trained = new Set(trainer.selection.trainable);
    expect(new Set(Object.keys(trainer.optimizer.steps()))).toEqual(trained);
    expect(new Set(trainer.optimizer.moments().keys())).toEqual(new Set([...trained].flatMap((n) => [`m.${n}`, `v.${n}`])));
    for (const [name, steps] of Object.entries(trainer.optimizer.steps())) expect(steps, `steps of ${name}`).toBe(STEPS);
  });
});
