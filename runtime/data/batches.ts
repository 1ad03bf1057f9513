// Batches from a pack, for training: a BatchSource (source.ts) over a Dataset (dataset.ts).
//
// Order: each epoch visits every example once, in a permutation drawn from the (seed, epoch)
// stream (Fisher–Yates on runtime/random.ts), so the order is the same for a seed and differs
// between epochs; batches never straddle an epoch (the last examples of a permutation that do not
// fill a batch wait for the next epoch's, as with drop_last). The position {epoch, index} is all
// the state: a source built at a saved position gives exactly the batches that would have come.
//
// Values, per input (fit.ts checked them against the pack):
// - image / other_image: (x / 255 − mean) / std per channel, f32 [B, C, H, W] (C = 1: PIL's grey);
//   other_image takes, for each example, a different one drawn from the (seed, epoch, index,
//   input) stream, redrawn while it shows the same image file (a few times, then kept).
// - caption: the stored row cut to L keeping its end (suffix) tokens, padded with the pad id;
//   caption_mask: 1 on the tokens, 0 on padding; caption_words: each token's word index in the
//   row — a caption word's pieces share one, every special token and padding position is a word
//   of its own (compiler/ir/sources.ts).
// - progress: epochs so far, (epoch · steps per epoch + step in epoch) / steps per epoch.
import { Diag } from "../../compiler/diagnostics/catalog.js";
import { diagnostic, type Diagnostic } from "../../compiler/diagnostics/diagnostic.js";
import { say } from "../../compiler/diagnostics/template.js";
import type { IrGraph } from "../../compiler/ir/types.js";
import { RunError } from "../errors.js";
import { hostArray, numelOf, type HostTensor } from "../init.js";
import { RandomStream } from "../random.js";
import type { Dataset, StoredExample } from "./dataset.js";
import { fitInputs, type Filler, type FitOptions } from "./fit.js";
import type { BatchSource, DataPosition } from "./source.js";

export interface BatchOptions extends FitOptions {
  readonly seed: number;
  /** Where to start (default: the beginning of epoch 0). */
  readonly position?: DataPosition;
}

/** Draws of a different image before an example sharing its file is accepted. */
const OTHER_IMAGE_TRIES = 16;

export class DataBatches implements BatchSource {
  readonly warnings: readonly Diagnostic[];
  /** Full batches per epoch. */
  readonly stepsPerEpoch: number;
  private readonly fillers: readonly Filler[];
  private readonly batch: number;
  private readonly seed: number;
  private epoch: number;
  private index: number;
  private order: { epoch: number; permutation: Int32Array } | undefined;

  constructor(
    private readonly dataset: Dataset,
    ir: IrGraph,
    options: BatchOptions,
  ) {
    const fit = fitInputs(ir, dataset.manifest, options);
    this.fillers = fit.fillers;
    this.warnings = fit.warnings;
    this.batch = options.batch;
    this.seed = options.seed;
    this.stepsPerEpoch = Math.floor(dataset.size / options.batch);
    const at = options.position ?? { epoch: 0, index: 0 };
    if (!Number.isSafeInteger(at.epoch) || at.epoch < 0 || !Number.isSafeInteger(at.index) || at.index < 0 || at.index > dataset.size) {
      throw new RunError([
        diagnostic(say(Diag.DataMismatch, "position", { epoch: at.epoch, index: at.index, size: dataset.size })),
      ]);
    }
    this.epoch = at.epoch;
    this.index = at.index;
  }

  get position(): DataPosition {
    return { epoch: this.epoch, index: this.index };
  }

  next(): Map<string, HostTensor> {
    if (this.index + this.batch > this.dataset.size) {
      this.epoch++;
      this.index = 0;
    }
    const order = this.permutation(this.epoch);
    const picked = Array.from(order.subarray(this.index, this.index + this.batch));
    const examples = picked.map((i) => this.dataset.example(i));
    const captions = new Map<number, CaptionRows>();
    const out = new Map<string, HostTensor>();
    for (const f of this.fillers) {
      switch (f.kind) {
        case "image":
          out.set(f.name, images(f, examples));
          break;
        case "other_image":
          out.set(f.name, images(f, this.otherImages(f.name, picked, examples)));
          break;
        case "caption":
        case "caption_mask":
        case "caption_words": {
          let rows = captions.get(f.length);
          if (!rows) captions.set(f.length, (rows = captionRows(examples, f.length, this.dataset.manifest.tokenizer.suffix.length, this.dataset.manifest.tokenizer.pad)));
          const data = hostArray(f.dtype, numelOf(f.shape));
          data.set(f.kind === "caption" ? rows.ids : f.kind === "caption_mask" ? rows.mask : rows.words);
          out.set(f.name, { dtype: f.dtype, shape: f.shape, data });
          break;
        }
        case "progress": {
          const data = hostArray(f.dtype, 1);
          data[0] = this.epoch + this.index / this.batch / Math.max(1, this.stepsPerEpoch);
          out.set(f.name, { dtype: f.dtype, shape: [], data });
          break;
        }
      }
    }
    this.index += this.batch;
    return out;
  }

  /** The epoch's order of the examples: a permutation drawn from (seed, epoch). */
  private permutation(epoch: number): Int32Array {
    if (this.order?.epoch === epoch) return this.order.permutation;
    const n = this.dataset.size;
    const permutation = new Int32Array(n);
    for (let i = 0; i < n; i++) permutation[i] = i;
    const r = new RandomStream(this.seed, epoch, "data:shuffle");
    for (let i = n - 1; i > 0; i--) {
      const j = r.int(0, i + 1);
      const t = permutation[i]!;
      permutation[i] = permutation[j]!;
      permutation[j] = t;
    }
    this.order = { epoch, permutation };
    return permutation;
  }

  /** For each picked example, another one, preferably of another image file. */
  private otherImages(input: string, picked: readonly number[], examples: readonly StoredExample[]): StoredExample[] {
    const n = this.dataset.size;
    const r = new RandomStream(this.seed, this.epoch, `data:other_image:${input}:${this.index}`);
    return picked.map((self, b) => {
      let other = 0;
      for (let attempt = 0; attempt < OTHER_IMAGE_TRIES; attempt++) {
        other = r.int(0, n - 1);
        if (other >= self) other++;
        if (this.dataset.imageKey(other) !== examples[b]!.imageKey) break;
      }
      return this.dataset.example(other);
    });
  }
}

function images(f: Filler & { kind: "image" | "other_image" }, examples: readonly StoredExample[]): HostTensor {
  const [, channels, height, width] = f.shape as [number, number, number, number];
  const plane = height * width;
  const data = hostArray(f.dtype, numelOf(f.shape));
  const scale = f.std.map((s) => 1 / (255 * s));
  const shift = f.mean.map((m, c) => m / f.std[c]!);
  examples.forEach((e, b) => {
    const p = e.pixels;
    const base = b * channels * plane;
    if (channels === 1) {
      // PIL's convert("L"): ITU-R 601-2 luma in 16-bit fixed point, rounded to a byte.
      for (let i = 0; i < plane; i++) {
        const grey = (p[i * 3]! * 19595 + p[i * 3 + 1]! * 38470 + p[i * 3 + 2]! * 7471 + 0x8000) >> 16;
        data[base + i] = grey * scale[0]! - shift[0]!;
      }
      return;
    }
    for (let c = 0; c < 3; c++) {
      const s = scale[c]!;
      const t = shift[c]!;
      for (let i = 0; i < plane; i++) data[base + c * plane + i] = p[i * 3 + c]! * s - t;
    }
  });
  return { dtype: f.dtype, shape: f.shape, data };
}

interface CaptionRows {
  readonly ids: Int32Array;
  readonly mask: Int32Array;
  readonly words: Int32Array;
}

/** The batch's caption rows at length L: cut keeping the last `suffix` tokens, padded, with masks and word indices. */
function captionRows(examples: readonly StoredExample[], L: number, suffix: number, pad: number): CaptionRows {
  const ids = new Int32Array(examples.length * L).fill(pad);
  const mask = new Int32Array(examples.length * L);
  const words = new Int32Array(examples.length * L);
  examples.forEach((e, b) => {
    const n = e.ids.length;
    const tail = Math.min(suffix, L, n);
    const head = Math.min(n - tail, L - tail);
    const source = (j: number): number => (j < head ? j : n - tail + (j - head));
    const kept = head + tail;
    let word = 0;
    let lastStoredWord = -2;
    for (let j = 0; j < L; j++) {
      const at = b * L + j;
      const stored = j < kept ? e.words[source(j)]! : -1;
      if (j < kept) {
        ids[at] = e.ids[source(j)]!;
        mask[at] = 1;
      }
      if (stored >= 0 && stored === lastStoredWord) words[at] = word - 1;
      else words[at] = word++;
      lastStoredWord = stored;
    }
  });
  return { ids, mask, words };
}
