// relative_position_bias: BEiT's per-head bias table[(2h−1)(2w−1)+3, heads] gathered into
// [heads, N, N], N = h·w + 1 (class token first). Patch i → patch j reads the row of their offset
// (Δrow + h − 1)·(2w − 1) + (Δcol + w − 1); the class token's row (class → patch), column
// (patch → class) and corner use the table's last three rows, in that order. Follows
// microsoft/unilm beit/modeling_finetune.py (`Attention.__init__`: relative_position_index,
// and `forward`: table[index.view(-1)].view(N, N, -1).permute(2, 0, 1)).
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { numberAttr, operand } from "../attrs.js";
import { gatherRows } from "./gather_rows.js";

export const op = "relative_position_bias";

/** BEiT's relative_position_index for an h×w grid plus a class token, flattened row-major ([N·N]). */
export function relativePositionIndex(h: number, w: number): Int32Array {
  const tableRows = (2 * h - 1) * (2 * w - 1) + 3;
  const n = h * w + 1;
  const index = new Int32Array(n * n);
  for (let i = 1; i < n; i++) {
    const [ri, ci] = [Math.floor((i - 1) / w), (i - 1) % w];
    for (let j = 1; j < n; j++) {
      const [rj, cj] = [Math.floor((j - 1) / w), (j - 1) % w];
      index[i * n + j] = (ri - rj + h - 1) * (2 * w - 1) + (ci - cj + w - 1);
    }
  }
  for (let j = 0; j < n; j++) index[j] = tableRows - 3; // class token → every position
  for (let i = 0; i < n; i++) index[i * n] = tableRows - 2; // every position → class token
  index[0] = tableRows - 1;
  return index;
}

export const kernel: Kernel = (inputs, ctx) => {
  const table = operand(inputs, 0, ctx);
  const h = numberAttr(ctx, "grid_h");
  const w = numberAttr(ctx, "grid_w");
  const n = h * w + 1;
  const index = tf.tensor2d(relativePositionIndex(h, w), [n, n], "int32");
  return tf.transpose(gatherRows(table, index), [2, 0, 1]);
};
