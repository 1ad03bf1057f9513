// resize_positions: a position table on an h×w patch grid resized bicubically to an H×W grid,
// the first `prefix` rows (class tokens) kept, as torch's interpolate(mode="bicubic",
// align_corners=False) does when a ViT is fine-tuned at another resolution. Bicubic is separable,
// so the grid is multiplied by the two weight matrices of compiler/ir/ops/bicubic.ts: two
// matMuls and rank-3 transposes, which tfjs differentiates on every backend.
import { tf, type Tensor } from "../../tf.js";
import type { Kernel } from "../types.js";
import { numberAttr, operand } from "../attrs.js";
import { bicubicMatrix } from "../../../compiler/ir/ops/bicubic.js";

export const op = "resize_positions";

/** a[to, from] applied to the first axis of g[from, C]. */
function along(from: number, to: number, g: Tensor): Tensor {
  return from === to ? g : tf.matMul(tf.tensor2d(bicubicMatrix(from, to), [to, from]), g);
}

export const kernel: Kernel = (inputs, ctx) => {
  const table = operand(inputs, 0, ctx);
  const [h, w, H, W, prefix] = ["grid_h", "grid_w", "to_h", "to_w", "prefix"].map((a) => numberAttr(ctx, a)) as [number, number, number, number, number];
  const lead = table.shape.slice(0, -2);
  const d = table.shape[table.rank - 1]!;
  const batch = lead.reduce((s, x) => s * x, 1);
  const flat = tf.reshape(table, [batch, prefix + h * w, d]);
  // [B, h·w, D] → [h, w·B·D]: resize rows, then [w, H·B·D]: resize columns, then back.
  const grid = tf.reshape(tf.transpose(tf.reshape(tf.slice(flat, [0, prefix, 0], [batch, h * w, d]), [batch, h, w * d]), [1, 0, 2]), [h, batch * w * d]);
  const rows = tf.reshape(along(h, H, grid), [H * batch, w, d]);
  const cols = tf.reshape(tf.transpose(rows, [1, 0, 2]), [w, H * batch * d]);
  const resized = tf.transpose(tf.reshape(along(w, W, cols), [W, H * batch, d]), [1, 0, 2]); // [H·B, W, D]
  const patches = tf.reshape(tf.transpose(tf.reshape(resized, [H, batch, W * d]), [1, 0, 2]), [batch, H * W, d]);
  const out = prefix === 0 ? patches : tf.concat([tf.slice(flat, [0, 0, 0], [batch, prefix, d]), patches], 1);
  return tf.reshape(out, [...lead, prefix + H * W, d]);
};
