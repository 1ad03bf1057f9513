// block_mask: bool[S, S] over a sequence made of segments of the given sizes; pattern[i][j] says
// whether segment i sees segment j ("full"), does not ("none"), or sees it causally ("causal",
// only on the diagonal: position p sees position q of its own segment when q ≤ p). E.g. VLMo /
// BEiT-3 image tokens bidirectional, text tokens causal and seeing every image token.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { dimsAttr } from "../attrs.js";

export const op = "block_mask";
export const kernel: Kernel = (_inputs, ctx) => {
  const sizes = dimsAttr(ctx, "sizes");
  const pattern = ctx.node.attrs["pattern"] as readonly (readonly string[])[];
  const starts = sizes.map((_, i) => sizes.slice(0, i).reduce((a, s) => a + s, 0));
  const total = sizes.reduce((a, s) => a + s, 0);
  const mask = new Uint8Array(total * total);
  sizes.forEach((rows, i) =>
    sizes.forEach((cols, j) => {
      const how = pattern[i]![j];
      if (how === "none") return;
      for (let p = 0; p < rows; p++) {
        const row = (starts[i]! + p) * total + starts[j]!;
        const seen = how === "causal" ? Math.min(p + 1, cols) : cols;
        mask.fill(1, row, row + seen);
      }
    }),
  );
  return tf.tensor(mask, [total, total], "bool");
};
