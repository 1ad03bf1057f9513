// patch_block_mask: BEiT's block-wise masking for masked image modelling, one independent mask
// per sample: bool[B, h·w], about round(ratio·h·w) patches masked in rectangles. Reproduces
// microsoft/unilm beit/masking_generator.py (`MaskingGenerator` with num_masking_patches =
// round(ratio·h·w), min_num_patches = min_block, max_num_patches = None, min_aspect = 0.3):
// blocks are added until the target is reached or ten attempts in a row add nothing. Each
// attempt draws an area in [min_block, remaining] and a log-uniform aspect ratio in
// [0.3, 1/0.3], rounds the sides, requires them strictly smaller than the grid, places the block
// uniformly, and keeps it only if it adds between 1 and `remaining` new patches. x is read only
// for its batch size; the draws come from the node's stream.
import { numberAttr, operand } from "../attrs.js";
import type { RandomStream } from "../../random.js";
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";

export const op = "patch_block_mask";

const MIN_ASPECT = 0.3;
const ATTEMPTS = 10;

interface Grid {
  readonly h: number;
  readonly w: number;
  readonly minBlock: number;
}

/** Python's random.uniform(a, b). */
function uniform(stream: RandomStream, a: number, b: number): number {
  return a + (b - a) * stream.next();
}

/** One block (BEiT's `_mask`): how many patches it newly masked, 0 after ten failed attempts. */
function addBlock(mask: Uint8Array, grid: Grid, remaining: number, stream: RandomStream): number {
  const logAspect = [Math.log(MIN_ASPECT), Math.log(1 / MIN_ASPECT)] as const;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const area = uniform(stream, grid.minBlock, remaining);
    const aspect = Math.exp(uniform(stream, logAspect[0], logAspect[1]));
    const bh = Math.round(Math.sqrt(area * aspect));
    const bw = Math.round(Math.sqrt(area / aspect));
    if (bw >= grid.w || bh >= grid.h) continue;
    const top = stream.int(0, grid.h - bh + 1);
    const left = stream.int(0, grid.w - bw + 1);
    let already = 0;
    for (let i = top; i < top + bh; i++) for (let j = left; j < left + bw; j++) already += mask[i * grid.w + j]!;
    const added = bh * bw - already;
    if (added > 0 && added <= remaining) {
      for (let i = top; i < top + bh; i++) for (let j = left; j < left + bw; j++) mask[i * grid.w + j] = 1;
      return added;
    }
  }
  return 0;
}

/** One sample's mask (BEiT's `__call__`), row-major over the h×w grid. */
export function blockMask(grid: Grid, target: number, stream: RandomStream): Uint8Array {
  const mask = new Uint8Array(grid.h * grid.w);
  let count = 0;
  while (count < target) {
    const added = addBlock(mask, grid, target - count, stream);
    if (added === 0) break;
    count += added;
  }
  return mask;
}

export const kernel: Kernel = (inputs, ctx) => {
  const x = operand(inputs, 0, ctx);
  const grid: Grid = { h: numberAttr(ctx, "grid_h"), w: numberAttr(ctx, "grid_w"), minBlock: numberAttr(ctx, "min_block") };
  const patches = grid.h * grid.w;
  const target = Math.round(numberAttr(ctx, "ratio") * patches);
  const batch = x.shape[0]!;
  const stream = ctx.random();
  const out = new Uint8Array(batch * patches);
  for (let b = 0; b < batch; b++) out.set(blockMask(grid, target, stream), b * patches);
  return tf.tensor2d(out, [batch, patches], "bool");
};
