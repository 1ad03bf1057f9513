// The reference the runtime benchmark measures vlmc against: CLIP's ViT image tower written by
// hand in plain TensorFlow.js, the way a careful tfjs user would write it — weights in tfjs's
// [in, out] layout so every projection is one untransposed 2-D product with its bias fused
// (tf.fused.matMul, as tfjs-layers' Dense does), heads split by reshape and rank-4 transposes,
// attention as batched matMuls, and each block in a tf.tidy of its own so that a block's
// intermediates are freed when it ends. The option `tidyPerBlock: false` gives the other common
// way, one tidy around the whole forward: it keeps every intermediate alive to the end — 358 MB at
// batch 1 against 46 MB (tf.profile), so 8 times that at batch 8, more than the 4 GiB WASM heap
// holds beside the weights — at no measurable difference in time at batch 1. Random weights: only
// the time matters, not the values.
//
// The architecture is openai/CLIP's VisionTransformer: a bias-free patch convolution, a class
// token, learned positions, ln_pre, pre-LN residual blocks (LayerNorm eps 1e-5, QuickGELU MLP),
// ln_post on the class token, and a bias-free projection into the joint space.
import { tf, type Tensor } from "../runtime/tf.js";

export interface VitConfig {
  readonly imageSize: number;
  readonly patch: number;
  readonly width: number;
  readonly layers: number;
  readonly heads: number;
  readonly embed: number;
}

/** CLIP ViT-B/16's image tower. */
export const CLIP_VIT_B16: VitConfig = { imageSize: 224, patch: 16, width: 768, layers: 12, heads: 12, embed: 512 };

interface Dense {
  readonly kernel: Tensor; // [in, out]
  readonly bias: Tensor; // [out]
}

interface Norm {
  readonly gamma: Tensor;
  readonly beta: Tensor;
}

interface Block {
  readonly ln1: Norm;
  readonly q: Dense;
  readonly k: Dense;
  readonly v: Dense;
  readonly out: Dense;
  readonly ln2: Norm;
  readonly fc1: Dense;
  readonly fc2: Dense;
}

export interface HandwrittenVit {
  readonly config: VitConfig;
  /** Bytes of its weights. */
  readonly paramBytes: number;
  /** pixels f32[B, 3, size, size] (NCHW, as CLIP takes them) → image features f32[B, embed]. */
  forward(pixels: Tensor): Tensor;
  dispose(): void;
}

const EPS = 1e-5;

export interface HandwrittenOptions {
  /** Free each block's intermediates when it ends (default) rather than at the end of the forward. */
  readonly tidyPerBlock?: boolean;
}

export function handwrittenVit(config: VitConfig = CLIP_VIT_B16, seed = 1, options: HandwrittenOptions = {}): HandwrittenVit {
  const tidyPerBlock = options.tidyPerBlock ?? true;
  let nextSeed = seed;
  const owned: Tensor[] = [];
  const keep = (t: Tensor): Tensor => (owned.push(t), t);
  const normal = (shape: number[], std = 0.02): Tensor => keep(tf.randomNormal(shape, 0, std, "float32", nextSeed++));
  const dense = (inDim: number, outDim: number): Dense => ({ kernel: normal([inDim, outDim]), bias: normal([outDim]) });
  const norm = (dim: number): Norm => ({ gamma: keep(tf.ones([dim])), beta: keep(tf.zeros([dim])) });

  const { width: D, heads, patch, imageSize, layers, embed } = config;
  const grid = imageSize / patch;
  const tokens = grid * grid + 1;
  const patchFilter = normal([patch, patch, 3, D]); // tf.conv2d's [h, w, in, out]
  const classToken = normal([D]);
  const positions = normal([tokens, D]);
  const lnPre = norm(D);
  const blocks: Block[] = Array.from({ length: layers }, () => ({
    ln1: norm(D),
    q: dense(D, D),
    k: dense(D, D),
    v: dense(D, D),
    out: dense(D, D),
    ln2: norm(D),
    fc1: dense(D, 4 * D),
    fc2: dense(4 * D, D),
  }));
  const lnPost = norm(D);
  const projection = normal([D, embed]);

  const layerNorm = (x: Tensor, n: Norm): Tensor => {
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, EPS))), n.gamma), n.beta);
  };
  // x[N, in] → [N, out], the bias fused into the product.
  const linear = (x: Tensor, d: Dense): Tensor => tf.fused.matMul({ a: x, b: d.kernel, bias: d.bias });
  const dh = D / heads;
  // rows[B·T, D] → [B, heads, T, dh]
  const splitHeads = (rows: Tensor, b: number): Tensor => tf.transpose(tf.reshape(rows, [b, tokens, heads, dh]), [0, 2, 1, 3]);

  const attention = (rows: Tensor, blk: Block, b: number): Tensor => {
    const q = splitHeads(linear(rows, blk.q), b);
    const k = splitHeads(linear(rows, blk.k), b);
    const v = splitHeads(linear(rows, blk.v), b);
    const probs = tf.softmax(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dh)));
    const merged = tf.reshape(tf.transpose(tf.matMul(probs, v), [0, 2, 1, 3]), [b * tokens, D]);
    return linear(merged, blk.out);
  };

  const mlp = (rows: Tensor, blk: Block): Tensor => {
    const h = linear(rows, blk.fc1);
    return linear(tf.mul(h, tf.sigmoid(tf.mul(h, 1.702))), blk.fc2);
  };

  const forward = (pixels: Tensor): Tensor =>
    tf.tidy(() => {
      const b = pixels.shape[0]!;
      const nhwc = tf.transpose(pixels, [0, 2, 3, 1]) as tf.Tensor4D;
      const patches = tf.reshape(tf.conv2d(nhwc, patchFilter as tf.Tensor4D, patch, "valid"), [b, grid * grid, D]);
      const cls = tf.broadcastTo(tf.reshape(classToken, [1, 1, D]), [b, 1, D]);
      let x = layerNorm(tf.add(tf.concat([cls, patches], 1), positions), lnPre);
      let rows = tf.reshape(x, [b * tokens, D]);
      for (const blk of blocks) {
        const previous = rows;
        const block = (): Tensor => {
          const h = tf.add(previous, attention(layerNorm(previous, blk.ln1), blk, b));
          return tf.add(h, mlp(layerNorm(h, blk.ln2), blk));
        };
        rows = tidyPerBlock ? tf.tidy(block) : block();
        if (tidyPerBlock) previous.dispose();
      }
      x = tf.reshape(rows, [b, tokens, D]);
      const cls0 = tf.reshape(tf.slice(x, [0, 0, 0], [b, 1, D]), [b, D]);
      return tf.matMul(layerNorm(cls0, lnPost), projection);
    });

  return {
    config,
    paramBytes: owned.reduce((sum, t) => sum + t.size * 4, 0),
    forward,
    dispose: () => {
      for (const t of owned) t.dispose();
    },
  };
}
