// Layers and losses against torch written by hand (ref_specs.py), all in one Python process:
// attention under every mask kind (none, causal, padding, causal + padding, block, additive
// bias, cross-attention to a padded context), a pre-LN layer and a post-LN BERT layer with
// cross-attention, std's rotary position embedding, RMSNorm, SwiGLU, attention with an inner
// width heads × head_dim and no key bias, and a LLaMA-style layer of them (ref_layers.py), and the pretraining losses
// as their original code bases compute them (ref_losses.py): CLIP's ITC, ALBEF/BLIP's ITC with momentum distillation and
// queues, BLIP's ITM on given hard negatives, BERT's MLM and ALBEF's distilled MLM on a given
// mask, BLIP's captioning LM with label smoothing, BEiT's MIM on a given patch mask, ViLT's
// word-patch alignment (IPOT). Values and the gradients of every parameter and float input must
// agree within 1e-4 (issue #6 §5).
import { lossInputs } from "./loss-inputs.js";
import { specParity } from "./spec-parity.js";
import { validity, type Draws } from "./tensors.js";
import { describeWithTorch } from "./torch.js";

describeWithTorch("attention, transformer layers and pretraining losses match PyTorch", () => {
  specParity("layers and losses", "ref_specs.py", [
    {
      key: "attention",
      file: "test/parity/specs/attention.vlm",
      inputs: (d: Draws) =>
        new Map([
          ["x", d.normal([3, 6, 16])],
          ["ctx", d.normal([3, 5, 12])],
          ["valid", validity([6, 4, 1], 6)],
          ["ctx_valid", validity([5, 3, 1], 5)],
          ["bias", d.normal([4, 6, 6])],
        ]),
      groupOf: () => "attention",
    },
    {
      key: "layers",
      file: "test/parity/specs/layers.vlm",
      inputs: (d: Draws) =>
        new Map([
          ["x", d.normal([3, 6, 16])],
          ["image", d.normal([3, 5, 12])],
          ["valid", validity([6, 3, 1], 6)],
        ]),
    },
    { key: "rotary", file: "test/parity/specs/rotary.vlm", inputs: (d: Draws) => new Map([["q", d.normal([2, 7, 24])]]) },
    { key: "modern", file: "test/parity/specs/modern.vlm", inputs: (d: Draws) => new Map([["x", d.normal([3, 6, 20])]]) },
    { key: "losses", file: "test/parity/specs/losses.vlm", inputs: lossInputs, groupOf: (t) => (["text_cls", "image_cls", "pairs"].includes(t) ? "loss inputs" : t) },
  ]);
});
