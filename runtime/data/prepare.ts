// One image file made ready for a pack: read, decoded (decode.ts), resized and cropped to S × S
// (resample.ts). Shared by the packing thread and the decoding workers (image-loader.ts), so both
// produce the same bytes. A failure is a reason (for counting) and a detail (for the message).
import * as fs from "node:fs";
import { ioReason } from "../weights/safetensors.js";
import { decodeImage } from "./decode.js";
import { resizeAndCrop, type CropMode, type ResizeFilter } from "./resample.js";

export interface ImageRecipe {
  readonly size: number;
  readonly resize: ResizeFilter;
  readonly crop: CropMode;
}

export type PreparedImage = { readonly pixels: Uint8Array } | { readonly reason: string; readonly detail: string };

export function prepareImage(file: string, recipe: ImageRecipe): PreparedImage {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === "ENOENT";
    return { reason: missing ? "image missing" : "image unreadable", detail: missing ? "no such file" : `cannot read it: ${ioReason(e)}` };
  }
  const decoded = decodeImage(bytes);
  if ("problem" in decoded) return { reason: "image undecodable", detail: decoded.problem };
  const { width, height, rgb } = decoded.image;
  return { pixels: resizeAndCrop(rgb, width, height, recipe.size, recipe.resize, recipe.crop) };
}
