// Which table row each (query, key) pair of `relative_position_bias` reads: part of the op's
// meaning, so every backend (the tfjs kernel, the ONNX emitter) builds the index from here.
// Follows microsoft/unilm beit/modeling_finetune.py (`Attention.__init__`: relative_position_index).

/**
 * BEiT's relative_position_index for an h×w grid plus a class token, flattened row-major ([N·N],
 * N = h·w + 1). Patch i → patch j reads row (Δrow + h − 1)·(2w − 1) + (Δcol + w − 1); the class
 * token's row (class → patch), column (patch → class) and corner read the table's last three
 * rows, in that order.
 */
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
