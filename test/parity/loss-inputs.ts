// Inputs of the losses spec (specs/losses.vlm) for the parity suite: embeddings and encoder
// states, token ids with trailing padding, and every draw the real models make — MLM and MIM
// masks, hard negatives, matching labels — given explicitly so that torch sees the same ones.
import type { HostTensor } from "../../runtime/init.js";
import { hostOf, validity, type Draws } from "./tensors.js";

const [B, D, K, T, N, WIDTH, VOCAB, VISUAL_VOCAB] = [4, 8, 6, 7, 5, 16, 24, 20];
const LENGTHS = [7, 5, 3, 6];

/** Unit rows, as a queue of normalised features holds them. */
function unitRows(d: Draws, rows: number, width: number): HostTensor {
  const t = d.normal([rows, width]);
  for (let r = 0; r < rows; r++) {
    const row = t.data.subarray(r * width, (r + 1) * width);
    const norm = Math.hypot(...row);
    for (let i = 0; i < width; i++) row[i] = row[i]! / norm;
  }
  return t;
}

/** Token ids 1..vocab-1 for the real tokens, the pad id 0 after them. */
function tokenIds(d: Draws): HostTensor {
  const ids = d.ints([B, T], 1, VOCAB);
  LENGTHS.forEach((n, b) => ids.data.fill(0, b * T + n, (b + 1) * T));
  return ids;
}

/** A random mask over the allowed positions; position 1 of the first row is always set, so no loss averages over nothing. */
function maskOver(d: Draws, shape: [number, number], allowed: (b: number, i: number) => boolean, p: number): HostTensor {
  const m = d.bools(shape, p);
  for (let b = 0; b < shape[0]; b++) {
    for (let i = 0; i < shape[1]; i++) if (!allowed(b, i)) m.data[b * shape[1] + i] = 0;
  }
  m.data[1] = 1;
  return m;
}

/** For each pair, a partner other than itself (BLIP's hard negatives never pick the positive). */
function negatives(d: Draws): HostTensor {
  return hostOf("i32", [B], Array.from({ length: B }, (_, b) => (b + d.ints([], 1, B).data[0]!) % B));
}

export function lossInputs(d: Draws): Map<string, HostTensor> {
  const imageValid = hostOf("i32", [B, N], Array.from({ length: B * N }, (_, i) => (i % N === 0 || (i >= N && i < 2 * N && i % N === N - 1) ? 0 : 1)));
  return new Map([
    ["image_emb", d.normal([B, D])],
    ["text_emb", d.normal([B, D])],
    ["image_emb_m", d.normal([B, D])],
    ["text_emb_m", d.normal([B, D])],
    ["image_queue", unitRows(d, K, D)],
    ["text_queue", unitRows(d, K, D)],
    ["text_states", d.normal([B, T, WIDTH])],
    ["teacher_states", d.normal([B, T, WIDTH])],
    ["image_states", d.normal([B, N, WIDTH])],
    ["ids", tokenIds(d)],
    ["valid", validity(LENGTHS, T)],
    ["image_valid", imageValid],
    ["mlm_mask", maskOver(d, [B, T], (b, i) => i > 0 && i < LENGTHS[b]!, 0.35)],
    ["mim_mask", maskOver(d, [B, N], (_b, i) => i > 0, 0.4)],
    ["visual_tokens", d.ints([B, N], 0, VISUAL_VOCAB)],
    ["negatives", negatives(d)],
    ["matched", hostOf("i32", [B], [1, 0, 1, 0])],
    ["alpha_t", hostOf("f32", [], [0.3])],
  ]);
}

