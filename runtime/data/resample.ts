// Resizing as the reference preprocessing does it: torchvision's `Resize(N)` (shorter side to N,
// the longer to ⌊N·long/short⌋) then `CenterCrop(N)` (offsets rounded half to even, as Python's
// round), on PIL images — so the resampler follows PIL's antialiased separable one
// (libImaging/Resample.c): for a shrink by s the filter is stretched by s, every output pixel
// weighs the input pixels its stretched filter covers, weights normalised to sum 1; the
// horizontal pass runs first and its result is rounded to 8 bits, then the vertical pass. PIL
// computes with 22-bit fixed-point weights and this with doubles, so values may differ by one.
// Only the output pixels inside the crop are computed.

export type ResizeFilter = "bicubic" | "bilinear";
export type CropMode = "center" | "none";

export const RESIZE_FILTERS: readonly ResizeFilter[] = ["bicubic", "bilinear"];
export const CROP_MODES: readonly CropMode[] = ["center", "none"];

interface Kernel {
  readonly support: number;
  weight(x: number): number;
}

/** PIL's kernels: Keys' cubic with a = −0.5 (support 2) and the triangle (support 1). */
const KERNELS: Readonly<Record<ResizeFilter, Kernel>> = {
  bicubic: {
    support: 2,
    weight(x) {
      const a = -0.5;
      const t = Math.abs(x);
      if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
      if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
      return 0;
    },
  },
  bilinear: {
    support: 1,
    weight(x) {
      const t = Math.abs(x);
      return t < 1 ? 1 - t : 0;
    },
  },
};

/** For output pixels [from, from + count) of a resize inSize → outSize: the first input pixel each reads, and its weights. */
interface Taps {
  readonly first: Int32Array;
  readonly length: Int32Array;
  readonly width: number;
  readonly weights: Float64Array;
}

function taps(inSize: number, outSize: number, from: number, count: number, kernel: Kernel): Taps {
  const scale = inSize / outSize;
  const stretch = Math.max(scale, 1);
  const support = kernel.support * stretch;
  const width = Math.ceil(support) * 2 + 1;
  const first = new Int32Array(count);
  const length = new Int32Array(count);
  const weights = new Float64Array(count * width);
  for (let o = 0; o < count; o++) {
    const center = (from + o + 0.5) * scale;
    const lo = Math.max(Math.trunc(center - support + 0.5), 0);
    const hi = Math.min(Math.trunc(center + support + 0.5), inSize);
    let total = 0;
    for (let k = 0; k < hi - lo; k++) {
      const w = kernel.weight((k + lo - center + 0.5) / stretch);
      weights[o * width + k] = w;
      total += w;
    }
    if (total !== 0) for (let k = 0; k < hi - lo; k++) weights[o * width + k]! /= total;
    first[o] = lo;
    length[o] = hi - lo;
  }
  return { first, length, width, weights };
}

function toByte(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : Math.floor(v + 0.5);
}

/** Python's round(): halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The resized size before cropping, and the crop's offsets (torchvision's Resize + CenterCrop). */
export function resizePlan(width: number, height: number, size: number, crop: CropMode): { width: number; height: number; left: number; top: number } {
  if (crop === "none") return { width: size, height: size, left: 0, top: 0 };
  const w = width <= height ? size : Math.trunc((size * width) / height);
  const h = width <= height ? Math.trunc((size * height) / width) : size;
  return { width: w, height: h, left: roundHalfEven((w - size) / 2), top: roundHalfEven((h - size) / 2) };
}

/** `rgb` (width × height, 3 bytes per pixel) resized and cropped to size × size. */
export function resizeAndCrop(rgb: Uint8Array, width: number, height: number, size: number, filter: ResizeFilter, crop: CropMode): Uint8Array {
  const plan = resizePlan(width, height, size, crop);
  const kernel = KERNELS[filter];
  const cols = taps(width, plan.width, plan.left, size, kernel);
  const rows = taps(height, plan.height, plan.top, size, kernel);
  // The horizontal pass covers only the input rows the vertical pass will read.
  const rowFrom = rows.first[0]!;
  const rowTo = rows.first[size - 1]! + rows.length[size - 1]!;
  const mid = width === plan.width ? copyColumns(rgb, width, rowFrom, rowTo, plan.left, size) : horizontal(rgb, width, rowFrom, rowTo, cols, size);
  if (height === plan.height) return mid.subarray((plan.top - rowFrom) * size * 3, (plan.top - rowFrom + size) * size * 3).slice();
  return vertical(mid, rowFrom, rows, size);
}

function copyColumns(rgb: Uint8Array, width: number, rowFrom: number, rowTo: number, left: number, size: number): Uint8Array {
  const out = new Uint8Array((rowTo - rowFrom) * size * 3);
  for (let y = rowFrom; y < rowTo; y++) out.set(rgb.subarray((y * width + left) * 3, (y * width + left + size) * 3), (y - rowFrom) * size * 3);
  return out;
}

function horizontal(rgb: Uint8Array, width: number, rowFrom: number, rowTo: number, cols: Taps, size: number): Uint8Array {
  const out = new Uint8Array((rowTo - rowFrom) * size * 3);
  const { first, length, width: tapWidth, weights } = cols;
  for (let y = rowFrom; y < rowTo; y++) {
    const inRow = y * width * 3;
    const outRow = (y - rowFrom) * size * 3;
    for (let x = 0; x < size; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      const w0 = x * tapWidth;
      let p = inRow + first[x]! * 3;
      for (let k = 0; k < length[x]!; k++, p += 3) {
        const w = weights[w0 + k]!;
        r += rgb[p]! * w;
        g += rgb[p + 1]! * w;
        b += rgb[p + 2]! * w;
      }
      out[outRow + x * 3] = toByte(r);
      out[outRow + x * 3 + 1] = toByte(g);
      out[outRow + x * 3 + 2] = toByte(b);
    }
  }
  return out;
}

function vertical(mid: Uint8Array, rowFrom: number, rows: Taps, size: number): Uint8Array {
  const out = new Uint8Array(size * size * 3);
  const stride = size * 3;
  const { first, length, width: tapWidth, weights } = rows;
  for (let y = 0; y < size; y++) {
    const w0 = y * tapWidth;
    const base = (first[y]! - rowFrom) * stride;
    for (let i = 0; i < stride; i++) {
      let v = 0;
      for (let k = 0, p = base + i; k < length[y]!; k++, p += stride) v += mid[p]! * weights[w0 + k]!;
      out[y * stride + i] = toByte(v);
    }
  }
  return out;
}
