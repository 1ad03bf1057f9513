// Shared parameters receive the sum of the gradients of all their uses (issue #7). BLIP's
// decoder aliases the encoder's cross-attention, FFN and embeddings, and its LM head is the word
// embedding itself: one tensor each, used by the unimodal encoder (ITC), the grounded encoder
// (ITM) and the decoder (LM). One SGD step with lr 1 from the same weights exposes the gradient
// as the change of each tensor, for three of blip.vlm's stages: `pretrain` (all three
// objectives), `finetune_filter` (ITC + ITM) and `finetune_captioner` (LM). Each must equal the
// torch reference's (train_blip.py, where the tied modules are shared nn.Parameters and
// autograd accumulates their uses) within 1e-4; both parts must be far from zero on every shared
// matrix, and the pretraining gradient must be their sum.
import * as path from "node:path";
import { beforeAll, expect, it } from "vitest";
import type { IrGraph } from "../../compiler/ir/types.js";
import { useBackend } from "../../runtime/backend.js";
import type { HostTensor } from "../../runtime/init.js";
import { loadWeights } from "../../runtime/weights/load.js";
import { Ledger, TOL, difference } from "./compare.js";
import { Draws } from "./tensors.js";
import { blipBatch, blipForTraining, NEGATIVES } from "./train-blip-data.js";
import { describeWithTorch, runReference, scratchFolder } from "./torch.js";
import { expectTrajectory, snapshot, stateFrom, trainVlmc, writeRun, type ParityRun } from "./train-run.js";

const MAP = "specs/maps/blip.json";
const STAGES = ["pretrain", "finetune_filter", "finetune_captioner"] as const;
/** A part of a shared gradient counts only if it is this far above the tolerance. */
const SUBSTANTIAL = 100 * TOL.float;

const oneStep = (stage: string): ParityRun => ({
  name: stage,
  stage,
  steps: 1,
  accumulate: 1,
  optimizer: { kind: "sgd", weightDecay: 0, beta1: 0, beta2: 0, eps: 0, decayAll: false },
  schedule: { kind: "constant", lr: 1, warmup: 0, steps: 1, minLr: 0 },
});

/** before − after for each learned parameter owner: the gradient, under SGD with lr 1. */
function stepOf(ir: IrGraph, before: ReadonlyMap<string, HostTensor>, after: ReadonlyMap<string, HostTensor>): Map<string, HostTensor> {
  const out = new Map<string, HostTensor>();
  for (const p of ir.params.values()) {
    if (p.sharedWith !== undefined || p.emaOf !== undefined) continue;
    const a = before.get(p.name)!;
    const b = after.get(p.name)!;
    out.set(p.name, { ...a, data: (a.data as Float32Array).map((v, i) => v - b.data[i]!) });
  }
  return out;
}

function maxAbs(t: HostTensor): number {
  let m = 0;
  for (const v of t.data) m = Math.max(m, Math.abs(v));
  return m;
}

describeWithTorch("BLIP's shared and tied parameters get the sum of their uses' gradients, as in torch", () => {
  const dir = scratchFolder("train-shared");
  const ledger = new Ledger("BLIP tiny shared gradients");
  let ir: IrGraph;
  /** Owners with aliases: the decoder's cross-attention, FFN and embeddings, and the tied LM head. */
  let shared: string[];
  const vlmc = new Map<string, Map<string, HostTensor>>();
  const torch = new Map<string, Map<string, HostTensor>>();

  beforeAll(async () => {
    ir = blipForTraining();
    shared = [...new Set([...ir.params.values()].flatMap((p) => (p.sharedWith !== undefined ? [p.sharedWith] : [])))];
    await useBackend("wasm");
    runReference("train_blip.py", ["init", dir]);
    const start = path.join(dir, "vlmc_start.safetensors");
    const batch = blipBatch(new Draws("train-shared"));
    const reports = new Map<string, ReturnType<typeof trainVlmc>>();
    for (const stage of STAGES) {
      const run = oneStep(stage);
      const state = stateFrom(ir, start, MAP);
      const before = snapshot(state);
      reports.set(stage, trainVlmc(ir, state, run, [[batch]], NEGATIVES));
      vlmc.set(stage, stepOf(ir, before, snapshot(state)));
      state.dispose();
      writeRun(dir, ir, run, [[batch]], reports.get(stage)!);
    }
    runReference("train_blip.py", ["train", dir, ...STAGES]);
    const initial = loadWeights(ir, start, { map: MAP }).tensors;
    for (const stage of STAGES) {
      torch.set(stage, stepOf(ir, initial, loadWeights(ir, path.join(dir, `${stage}.final.safetensors`), { map: MAP }).tensors));
      expectTrajectory(ledger, oneStep(stage), reports.get(stage)!, path.join(dir, `${stage}.reference.safetensors`));
    }
  });

  it("the shared owners are the decoder's cross-attention, FFN and embeddings, and the tied LM head", () => {
    expect(shared).toContain("encoder.layers.0.cross_attn.q.weight");
    expect(shared).toContain("encoder.layers.1.ffn.fc2.weight");
    const head = ir.params.get("decoder.head.decoder.weight")!;
    expect(head.sharedWith).toBe("encoder.embeddings.word.weight");
  });

  for (const stage of STAGES) {
    it(`${stage}: every shared parameter's gradient equals torch's`, () => {
      for (const name of shared) ledger.expectClose(`${stage} shared`, `${stage} ${name}`, vlmc.get(stage)!.get(name)!, torch.get(stage)!.get(name), TOL.float);
    });
  }

  it("pretraining: every other parameter's gradient equals torch's", () => {
    for (const [name, g] of vlmc.get("pretrain")!) if (!shared.includes(name)) ledger.expectClose("pretrain unshared", `pretrain ${name}`, g, torch.get("pretrain")!.get(name), TOL.float);
  });

  it("the grounded encoder and the decoder both reach every shared matrix, and pretraining gets the sum", () => {
    const filter = vlmc.get("finetune_filter")!;
    const captioner = vlmc.get("finetune_captioner")!;
    for (const name of shared.filter((n) => ir.params.get(n)!.shape.length === 2)) {
      expect(maxAbs(filter.get(name)!), `ITC + ITM gradient of ${name}`).toBeGreaterThan(SUBSTANTIAL);
      expect(maxAbs(captioner.get(name)!), `LM gradient of ${name}`).toBeGreaterThan(SUBSTANTIAL);
      const sum = { ...filter.get(name)!, data: (filter.get(name)!.data as Float32Array).map((v, i) => v + captioner.get(name)!.data[i]!) };
      const d = difference(vlmc.get("pretrain")!.get(name)!, sum);
      ledger.record("pretrain = filter + captioner", name, d.maxAbs);
      expect(d.maxAbs, `${name}: pretraining gradient vs the sum of its parts`).toBeLessThanOrEqual(TOL.float);
    }
  });
});
