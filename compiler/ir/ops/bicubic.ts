// The interpolation weights of `resize_positions`: part of the op's meaning, so every backend
// builds them from here. They reproduce torch.nn.functional.interpolate(mode="bicubic",
// align_corners=False), which fine-tuning a ViT at a new resolution uses on its position table
// (timm's resample_abs_pos_embed, BEiT's interpolate_pos_embed): Keys' cubic convolution with
// a = −0.75, source coordinate (i + ½)·in/out − ½ (not clamped at 0, unlike the linear modes),
// and the four taps clamped to the edge. Bicubic is separable: resizing an h×w grid to H×W is
// A_H · grid · A_Wᵀ with the two matrices below.

/** Keys' cubic kernel with a = −0.75 (PyTorch's and ONNX Runtime's default for bicubic). */
export const CUBIC_A = -0.75;

function cubicWeights(t: number): [number, number, number, number] {
  const a = CUBIC_A;
  const near = (x: number): number => ((a + 2) * x - (a + 3)) * x * x + 1; // |x| ≤ 1
  const far = (x: number): number => ((a * x - 5 * a) * x + 8 * a) * x - 4 * a; // 1 < |x| < 2
  return [far(t + 1), near(t), near(1 - t), far(2 - t)];
}

/**
 * The [to, from] matrix that resizes one axis of `from` samples to `to` samples: row i holds
 * the weights output sample i gives each input sample (rows sum to 1).
 */
export function bicubicMatrix(from: number, to: number): Float32Array {
  const m = new Float32Array(to * from);
  const scale = from / to;
  for (let i = 0; i < to; i++) {
    const source = (i + 0.5) * scale - 0.5;
    const base = Math.floor(source);
    const w = cubicWeights(source - base);
    for (let tap = 0; tap < 4; tap++) {
      const j = Math.min(Math.max(base - 1 + tap, 0), from - 1);
      m[i * from + j] = (m[i * from + j] ?? 0) + w[tap]!;
    }
  }
  return m;
}
