// relative_position_bias: BEiT's per-head bias table[(2h−1)(2w−1)+3, heads] gathered into
// [heads, N, N], N = h·w + 1 (class token first), at the rows compiler/ir/ops/relative-position.ts
// gives. Follows microsoft/unilm beit/modeling_finetune.py (`forward`:
// table[index.view(-1)].view(N, N, -1).permute(2, 0, 1)).
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { numberAttr, operand } from "../attrs.js";
import { relativePositionIndex } from "../../../compiler/ir/ops/relative-position.js";
import { gatherRows } from "./gather_rows.js";

export const op = "relative_position_bias";

export const kernel: Kernel = (inputs, ctx) => {
  const table = operand(inputs, 0, ctx);
  const h = numberAttr(ctx, "grid_h");
  const w = numberAttr(ctx, "grid_w");
  const n = h * w + 1;
  const index = tf.tensor2d(relativePositionIndex(h, w), [n, n], "int32");
  return tf.transpose(gatherRows(table, index), [2, 0, 1]);
};
