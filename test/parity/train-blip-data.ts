// BLIP tiny as the training-parity tests train it (train-blip.test.ts, train-shared.test.ts),
// and their batches. The model is compiled with the reference's momentum (train_blip.py) and
// without dropout (`text_dropout`: BERT's 0.1 in the text stack), which the reference cannot
// reproduce draw for draw.
import { compileFile } from "../../compiler/compile.js";
import type { IrGraph } from "../../compiler/ir/types.js";
import { hostOf, validity, type Draws } from "./tensors.js";
import type { Batch } from "./train-run.js";

/** The values of each step the reference must take from vlmc: ITM's hard negatives. */
export const NEGATIVES = ["neg_image_idx", "neg_text_idx"] as const;

const BATCH = 8;
const IMAGE = 32;
const TEXT_LEN = 8;
/** blip_tiny.py's [CLS] and the first id after it and the specials; [DEC] (126) and [ENC] (127) stay out of captions. */
const CLS = 2;
const FIRST_WORD = 3;
const DEC = 126;

export function blipForTraining(): IrGraph {
  const { ir, diagnostics } = compileFile("specs/models/blip.vlm", { variant: "tiny", overrides: { momentum: "0.5", text_dropout: "0" } });
  if (!ir) throw new Error(`blip.vlm does not compile:\n${diagnostics.map((d) => d.message).join("\n")}`);
  return ir;
}

/** Images and [CLS]-led captions of 3 to TEXT_LEN tokens, padded with 0. */
export function blipBatch(draws: Draws): Batch {
  const lengths = Array.from({ length: BATCH }, () => draws.ints([1], 3, TEXT_LEN + 1).data[0]!);
  const text = lengths.flatMap((n) => [CLS, ...draws.ints([n - 1], FIRST_WORD, DEC).data, ...new Array<number>(TEXT_LEN - n).fill(0)]);
  return new Map([
    ["image", draws.normal([BATCH, 3, IMAGE, IMAGE])],
    ["text", hostOf("i32", [BATCH, TEXT_LEN], text)],
    ["text_valid", validity(lengths, TEXT_LEN)],
  ]);
}
