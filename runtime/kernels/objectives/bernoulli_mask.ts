// bernoulli_mask: which tokens a masked-language objective hides. Each position of x is masked
// with probability p; with `groups` (word ids shaped like x) the draw is per (row, word), so the
// pieces of a word are masked together (whole-word masking, ViLT and VLMo). Positions whose token
// id is listed in `exclude` ([CLS], [SEP], padding) are never masked, whatever their word drew.
//
// Draws come from the node's stream, one per position in row-major order whatever the tokens
// are; a word uses the draw at its first position in the row. The same (seed, step, node key)
// therefore masks the same positions, independently of evaluation order. The rows are the
// leading axes, the last axis is the sequence.
import { numberAttr, numberListAttr, operand } from "../attrs.js";
import { tf, type Tensor } from "../../tf.js";
import type { Kernel } from "../types.js";

export const op = "bernoulli_mask";

/** Positions whose value in x is one of `ids`. */
function excluded(x: Tensor, ids: readonly number[]): Tensor | undefined {
  let out: Tensor | undefined;
  for (const id of ids) {
    const hit = tf.equal(x, tf.scalar(id, x.dtype));
    out = out ? tf.logicalOr(out, hit) : hit;
  }
  return out;
}

/** Per-position draws where every position of a word carries the draw at the word's first position in its row. */
function wordDraws(draws: Float32Array, groups: Int32Array | Float32Array | Uint8Array, rowLength: number): Float32Array {
  const out = new Float32Array(draws.length);
  const first = new Map<number, number>();
  for (let row = 0; row * rowLength < draws.length; row++) {
    first.clear();
    for (let i = row * rowLength; i < (row + 1) * rowLength; i++) {
      const word = groups[i]!;
      if (!first.has(word)) first.set(word, draws[i]!);
      out[i] = first.get(word)!;
    }
  }
  return out;
}

export const kernel: Kernel = (inputs, ctx) => {
  const x = operand(inputs, 0, ctx);
  const groups = inputs[1];
  const p = numberAttr(ctx, "p");
  const rowLength = x.shape.length === 0 ? 1 : x.shape[x.shape.length - 1]!;
  let draws = ctx.random().uniform(x.size);
  if (groups) draws = wordDraws(draws, groups.dataSync() as Int32Array, rowLength);
  const picked = tf.less(tf.tensor(draws, x.shape, "float32"), p);
  const never = excluded(x, numberListAttr(ctx, "exclude"));
  return never ? tf.logicalAnd(picked, tf.logicalNot(never)) : picked;
};
