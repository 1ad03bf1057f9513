// Decoding (jpeg-js, pngjs) and resizing (resample.ts): the sizes and crop offsets torchvision's
// Resize + CenterCrop give, values on images whose resize is known exactly, and — where PIL is
// installed beside PyTorch — agreement with PIL's own antialiased resize within one level.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeImage } from "../../../runtime/data/decode.js";
import { resizeAndCrop, resizePlan } from "../../../runtime/data/resample.js";
import { jpegBytes, pattern, pngBytes, tempDir } from "./fixtures.js";

const PYTHON = "/usr/bin/python3";
const hasPil = spawnSync(PYTHON, ["-c", "import PIL"], { encoding: "utf8" }).status === 0;

function maxDiff(a: Uint8Array, b: Uint8Array): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

describe("decoding", () => {
  it("PNG in RGB, grey and RGBA comes back as the RGB that was written (alpha dropped, as PIL's convert)", () => {
    const rgb = pattern(7, 5, 3);
    for (const colorType of [2, 6] as const) {
      const got = decodeImage(pngBytes(rgb, 7, 5, colorType));
      expect("image" in got && [got.image.width, got.image.height]).toEqual([7, 5]);
      expect("image" in got && maxDiff(got.image.rgb, rgb)).toBe(0);
    }
    const grey = decodeImage(pngBytes(rgb, 7, 5, 0));
    const expected = Uint8Array.from(rgb, (_, i) => rgb[i - (i % 3)]!);
    expect("image" in grey && maxDiff(grey.image.rgb, expected)).toBe(0);
  });

  it("JPEG decodes close to what was encoded (lossy at quality 95)", () => {
    const rgb = pattern(16, 12, 1);
    const got = decodeImage(jpegBytes(rgb, 16, 12));
    expect("image" in got && [got.image.width, got.image.height]).toEqual([16, 12]);
    expect("image" in got && maxDiff(got.image.rgb, rgb)).toBeLessThanOrEqual(12);
  });

  it("a truncated JPEG, a truncated PNG, random bytes and an empty file are problems in words", () => {
    const rgb = pattern(32, 32, 2);
    const jpeg = jpegBytes(rgb, 32, 32);
    const png = pngBytes(rgb, 32, 32);
    const cases = [jpeg.subarray(0, jpeg.length / 2), png.subarray(0, png.length / 2), Buffer.from("GIF89a not really"), Buffer.alloc(0)];
    const problems = cases.map((c) => decodeImage(c)).map((r) => ("problem" in r ? r.problem : "decoded"));
    expect(problems[0]).toMatch(/^a damaged or unsupported JPEG/);
    expect(problems[1]).toMatch(/^a damaged or unsupported PNG/);
    expect(problems[2]).toBe("not a JPEG or PNG file (it starts with bytes 47 49 46 38)");
    expect(problems[3]).toBe("the file is empty");
  });
});

describe("resizing and cropping", () => {
  it("follows torchvision: shorter side to N, longer ⌊N·long/short⌋, crop offsets rounded half to even", () => {
    expect(resizePlan(640, 480, 224, "center")).toEqual({ width: 298, height: 224, left: 37, top: 0 });
    expect(resizePlan(480, 640, 224, "center")).toEqual({ width: 224, height: 298, left: 0, top: 37 });
    // (13 − 8) / 2 = 2.5 rounds to 2; (15 − 8) / 2 = 3.5 rounds to 4.
    expect(resizePlan(13, 8, 8, "center").left).toBe(2);
    expect(resizePlan(15, 8, 8, "center").left).toBe(4);
    expect(resizePlan(640, 480, 224, "none")).toEqual({ width: 224, height: 224, left: 0, top: 0 });
  });

  it("keeps a constant image constant and an image already N × N unchanged", () => {
    const flat = new Uint8Array(50 * 30 * 3).fill(77);
    expect(resizeAndCrop(flat, 50, 30, 16, "bicubic", "center").every((v) => v === 77)).toBe(true);
    const rgb = pattern(16, 16, 4);
    expect(maxDiff(resizeAndCrop(rgb, 16, 16, 16, "bicubic", "center"), rgb)).toBe(0);
  });

  it("halving averages pixel pairs (bilinear) and keeps a linear ramp linear (bicubic)", () => {
    // A horizontal ramp 0, 10, 20, …: bilinear halving of pairs gives their means, 5, 25, 45, …
    const w = 16;
    const ramp = new Uint8Array(w * w * 3);
    for (let y = 0; y < w; y++) for (let x = 0; x < w; x++) ramp.fill(x * 10, (y * w + x) * 3, (y * w + x) * 3 + 3);
    const half = resizeAndCrop(ramp, w, w, 8, "bilinear", "none");
    const row = Array.from({ length: 8 }, (_, x) => half[x * 3]!);
    expect(row.slice(1, 7)).toEqual([25, 45, 65, 85, 105, 125]);
    const cubic = resizeAndCrop(ramp, w, w, 8, "bicubic", "none");
    const inner = Array.from({ length: 6 }, (_, x) => cubic[(x + 1) * 3]!);
    expect(inner).toEqual([25, 45, 65, 85, 105, 125]);
  });

  it.skipIf(!hasPil)("agrees with PIL's antialiased resize within one level", () => {
    const dir = tempDir("pil");
    const cases = [
      { w: 37, h: 23, size: 16, filter: "bicubic", crop: "center" },
      { w: 23, h: 37, size: 16, filter: "bilinear", crop: "center" },
      { w: 64, h: 48, size: 24, filter: "bicubic", crop: "none" },
      { w: 12, h: 9, size: 20, filter: "bicubic", crop: "center" },
    ] as const;
    for (const [i, c] of cases.entries()) {
      const rgb = pattern(c.w, c.h, i + 5);
      const src = path.join(dir, `in${i}.rgb`);
      const dst = path.join(dir, `out${i}.rgb`);
      writeFileSync(src, rgb);
      const r = spawnSync(PYTHON, [path.join(import.meta.dirname, "pil_resize.py"), src, String(c.w), String(c.h), String(c.size), c.filter, c.crop, dst], { encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      const ours = resizeAndCrop(rgb, c.w, c.h, c.size, c.filter, c.crop);
      expect(maxDiff(ours, new Uint8Array(readFileSync(dst))), JSON.stringify(c)).toBeLessThanOrEqual(1);
    }
  });
});
