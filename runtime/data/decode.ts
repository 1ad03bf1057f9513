// Decoding an image file into 8-bit RGB with the maintained pure-JS decoders (jpeg-js, pngjs), as
// PIL's `Image.open(f).convert("RGB")` does in the reference training code: grey is replicated to
// three channels, CMYK JPEGs are converted, an alpha channel is dropped (not composited), 16-bit
// PNGs are scaled to 8 bits. The format is recognised by its signature, not its file name.
// A file that is not a complete, valid JPEG or PNG is a problem in words, never an exception.
import { decode as decodeJpeg } from "jpeg-js";
import { PNG } from "pngjs";

export interface RgbImage {
  readonly width: number;
  readonly height: number;
  /** Row-major, 3 bytes per pixel. */
  readonly rgb: Uint8Array;
}

export type DecodeResult = { readonly image: RgbImage } | { readonly problem: string };

/** Larger images are refused rather than decoded into gigabytes (the decoders' own guard). */
const MAX_MEGAPIXELS = 100;

const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);
}

export function decodeImage(bytes: Uint8Array): DecodeResult {
  if (startsWith(bytes, JPEG_SIGNATURE)) return guarded("JPEG", () => jpeg(bytes));
  if (startsWith(bytes, PNG_SIGNATURE)) return guarded("PNG", () => png(bytes));
  if (bytes.length === 0) return { problem: "the file is empty" };
  const head = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join(" ");
  return { problem: `not a JPEG or PNG file (it starts with bytes ${head})` };
}

function guarded(format: string, run: () => RgbImage): DecodeResult {
  try {
    const image = run();
    if (image.width <= 0 || image.height <= 0) return { problem: `the ${format} has no pixels (${image.width}×${image.height})` };
    return { image };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return { problem: `a damaged or unsupported ${format} (${reason.replace(/\s+/g, " ").trim() || "the decoder gave no reason"})` };
  }
}

function jpeg(bytes: Uint8Array): RgbImage {
  // Not tolerant: a truncated scan is an error (as in PIL), rather than silently grey blocks.
  const decoded = decodeJpeg(bytes, { useTArray: true, formatAsRGBA: false, tolerantDecoding: false, maxResolutionInMP: MAX_MEGAPIXELS, maxMemoryUsageInMB: 2048 });
  return { width: decoded.width, height: decoded.height, rgb: decoded.data };
}

function png(bytes: Uint8Array): RgbImage {
  const header = pngSize(bytes);
  if (header && header.width * header.height > MAX_MEGAPIXELS * 1e6) throw new Error(`${header.width}×${header.height} is more than ${MAX_MEGAPIXELS} megapixels`);
  const decoded = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const { width, height, data } = decoded;
  const rgb = new Uint8Array(width * height * 3);
  for (let p = 0, q = 0; q < rgb.length; p += 4, q += 3) {
    rgb[q] = data[p]!;
    rgb[q + 1] = data[p + 1]!;
    rgb[q + 2] = data[p + 2]!;
  }
  return { width, height, rgb };
}

/** The IHDR size, read before decoding so a huge image is refused without allocating it. */
function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (bytes.length < 24) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
