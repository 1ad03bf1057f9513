// What each shipped model declares its data to be: which inputs an image–caption dataset fills
// and how its images are prepared (each spec cites the official preprocessing it follows).
// Inputs that no such dataset can fill (image-only, text-only, visual tokens) have no source.
import { describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.js";
import { sourceText } from "../../compiler/ir/sources.js";

const CLIP_STATS = "mean: [0.48145466, 0.4578275, 0.40821073], std: [0.26862954, 0.26130258, 0.27577711]";
const HALF = "mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5]";

/** Input name → its source as `vlmc ir` lists it, or "-" for none. */
const EXPECTED: Record<string, Record<string, string>> = {
  "clip.vlm": { image: `image(${CLIP_STATS}, resize: "bicubic", crop: "center")`, text: "caption" },
  "albef.vlm": {
    image: `image(${CLIP_STATS}, resize: "bicubic", crop: "none")`,
    text: "caption",
    text_valid: "caption_mask",
    progress: "progress",
  },
  "blip.vlm": { image: `image(${CLIP_STATS}, resize: "bicubic", crop: "none")`, text: "caption", text_valid: "caption_mask" },
  "vilt.vlm": {
    image: `image(${HALF}, resize: "bicubic", crop: "none")`,
    false_image: `other_image(${HALF}, resize: "bicubic", crop: "none")`,
    text: "caption",
    text_valid: "caption_mask",
    text_words: "caption_words",
  },
  "vlmo.vlm": {
    image: `image(${HALF}, resize: "bicubic", crop: "none")`,
    text: "caption",
    text_valid: "caption_mask",
    text_words: "caption_words",
    image_only: "-",
    visual_tokens: "-",
    text_only: "-",
    text_only_valid: "-",
    text_only_words: "-",
  },
  "coca.vlm": { image: `image(${CLIP_STATS}, resize: "bicubic", crop: "center")`, text: "caption", text_valid: "caption_mask" },
  "beit3.vlm": {
    image: "-",
    text: "-",
    text_valid: "-",
    visual_tokens: "-",
    pair_image: `image(${HALF}, resize: "bicubic", crop: "none")`,
    pair_text: "caption",
    pair_valid: "caption_mask",
  },
};

function declared(file: string, variant: string): Record<string, string> {
  const ir = compileFile(`specs/models/${file}`, { variant }).ir!;
  return Object.fromEntries(ir.inputs.map((i) => [i.name, i.source ? sourceText(i.source) : "-"]));
}

describe("the shipped models' data sources", () => {
  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`${file} declares the official preprocessing`, () => {
      expect(declared(file, "tiny")).toEqual(expected);
    });
  }

  it("BEiT-3's fine-tuned variants take the pair's image and caption as `image` and `text`", () => {
    const image = `image(${HALF}, resize: "bicubic", crop: "none")`;
    for (const variant of ["base_captioning", "large_retrieval"]) {
      expect(declared("beit3.vlm", variant)).toEqual({ image, text: "caption", text_valid: "caption_mask" });
    }
  });
});
