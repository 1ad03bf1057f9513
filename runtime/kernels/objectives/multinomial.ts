// multinomial: one index per row of probs[N, C], drawn with probability proportional to the row
// (torch.multinomial(probs, 1): the weights need not sum to 1). ALBEF and BLIP draw a hard
// negative per example this way from softmaxed similarities, [B, B] (salesforce/ALBEF
// models/model_pretrain.py: `torch.multinomial(weights_t2i[b], 1)`), so the rows are read to
// the host and sampled from the node's stream. Negative or non-finite weights count as 0; a
// row without any positive weight (torch raises an error) draws uniformly.
import { operand } from "../attrs.js";
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";

export const op = "multinomial";

function weight(p: number): number {
  return Number.isFinite(p) && p > 0 ? p : 0;
}

export const kernel: Kernel = (inputs, ctx) => {
  const probs = operand(inputs, 0, ctx);
  const [rows, classes] = probs.shape as [number, number];
  const values = probs.dataSync();
  const stream = ctx.random();
  const picks = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const row = values.subarray(r * classes, (r + 1) * classes);
    let total = 0;
    for (let c = 0; c < classes; c++) total += weight(row[c]!);
    const u = stream.next();
    if (total === 0) {
      picks[r] = Math.min(classes - 1, Math.floor(u * classes));
      continue;
    }
    // The last positive class also catches a target that rounding left at or past the sum.
    const target = u * total;
    let pick = -1;
    let cumulative = 0;
    for (let c = 0; c < classes; c++) {
      const w = weight(row[c]!);
      if (w === 0) continue;
      pick = c;
      cumulative += w;
      if (cumulative > target) break;
    }
    picks[r] = pick;
  }
  return tf.tensor1d(picks, "int32");
};
