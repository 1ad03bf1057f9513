// Test material for the data pipeline, made by the tests themselves: small images encoded with
// jpeg-js and pngjs, a BERT vocab.txt, CLIP-style BPE merges, and captions files.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { encode as encodeJpeg } from "jpeg-js";
import { PNG } from "pngjs";

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `vlmc-${prefix}-`));
}

/** A smooth, distinct RGB test pattern (w × h, 3 bytes per pixel), varied by `seed`. */
export function pattern(width: number, height: number, seed: number): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      rgb[i] = (seed * 37 + (x * 255) / Math.max(width - 1, 1)) % 256;
      rgb[i + 1] = (seed * 91 + (y * 255) / Math.max(height - 1, 1)) % 256;
      rgb[i + 2] = (seed * 53 + 128 + 60 * Math.sin((x + y) / 5)) % 256;
    }
  }
  return rgb;
}

function rgba(rgb: Uint8Array, alpha = 255): Buffer {
  const out = Buffer.alloc((rgb.length / 3) * 4);
  for (let p = 0, q = 0; p < rgb.length; p += 3, q += 4) {
    out[q] = rgb[p]!;
    out[q + 1] = rgb[p + 1]!;
    out[q + 2] = rgb[p + 2]!;
    out[q + 3] = alpha;
  }
  return out;
}

export function jpegBytes(rgb: Uint8Array, width: number, height: number, quality = 95): Buffer {
  return encodeJpeg({ data: rgba(rgb), width, height }, quality).data;
}

/** colorType 2 (RGB), 6 (RGBA, half-transparent) or 0 (grey: the pattern's red channel). */
export function pngBytes(rgb: Uint8Array, width: number, height: number, colorType: 0 | 2 | 6 = 2): Buffer {
  const png = new PNG({ width, height, colorType, inputColorType: 6, inputHasAlpha: true });
  const data = rgba(rgb, colorType === 6 ? 128 : 255);
  if (colorType === 0) for (let q = 0; q < data.length; q += 4) data[q + 1] = data[q + 2] = data[q]!;
  data.copy(png.data);
  return PNG.sync.write(png, { colorType, inputColorType: 6, inputHasAlpha: true });
}

/** A BERT-style uncased vocabulary: ids are line numbers. */
export const VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a", "photo", "of", "dog", "##s", ".", "the", "cat", ",", "cafe", "on", "red", "##dish", "grass", "sits"];

export function writeVocab(dir: string, tokens: readonly string[] = VOCAB): string {
  const file = path.join(dir, "vocab.txt");
  writeFileSync(file, tokens.join("\n") + "\n");
  return file;
}

/** CLIP-style merges (a header line, then one merge per line), small enough to check by hand. */
export const MERGES = ["d o", "do g</w>", "p h", "o t", "ph ot", "phot o</w>", "o f</w>", "c a", "ca t</w>"];

export function writeMerges(dir: string, name = "merges.txt"): string {
  const file = path.join(dir, name);
  writeFileSync(file, ["#version: 0.2", ...MERGES].join("\n") + "\n");
  return file;
}

export interface ImageSpec {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly seed: number;
  readonly format: "jpeg" | "png" | "png-grey" | "png-alpha";
}

/** Writes each image under dir/images and returns its source pixels by name. */
export function writeImages(dir: string, specs: readonly ImageSpec[]): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const s of specs) {
    const rgb = pattern(s.width, s.height, s.seed);
    const file = path.join(dir, "images", s.name);
    mkdirSync(path.dirname(file), { recursive: true });
    const colorType = s.format === "png-grey" ? 0 : s.format === "png-alpha" ? 6 : 2;
    writeFileSync(file, s.format === "jpeg" ? jpegBytes(rgb, s.width, s.height) : pngBytes(rgb, s.width, s.height, colorType));
    if (s.format === "png-grey") for (let i = 0; i < rgb.length; i += 3) rgb[i + 1] = rgb[i + 2] = rgb[i]!;
    out.set(s.name, rgb);
  }
  return out;
}

export function writeCaptions(dir: string, lines: readonly (object | string)[], name = "captions.jsonl"): string {
  const file = path.join(dir, name);
  writeFileSync(file, lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n") + "\n");
  return file;
}
