// VLM63xx: data sets (runtime/data/): packing image–caption pairs, reading them back for training.
// Merged into the one `Diag` object by ../catalog.ts; see there for what `check` and `messages` mean.
import { kind } from "./kind.js";

export const data = {
  DataInput: kind("VLM6301", "cannot read the data to pack", "runtime/data/pack.ts", {
    images: { message: "--images {path}: {problem}", hint: "--images names the folder the captions file's image paths are relative to" },
    captions: { message: "--captions {path}: {problem}", hint: 'one JSON object per line: {"image": "path/in/images.jpg", "caption": "…"}' },
    captionsRead: "--captions {path}: cannot read it after line {line}: {reason}",
    isFile: "is a file, not a folder",
    noFolder: "no such folder",
    isFolder: "is a folder, not a file",
    noFile: "no such file",
  }),
  TokenizerFiles: kind("VLM6302", "unusable tokenizer files", "runtime/data/tokenizer.ts", {
    // The tokenizer readers' own words (a TokenizerProblem), with how --tokenizer is written.
    unusable: { message: "{problem}", hint: "--tokenizer takes wordpiece:vocab.txt, bpe:DIR (vocab.json + merges.txt, or openai's bpe_simple_vocab_16e6.txt.gz), or json:tokenizer.json" },
  }),
  CaptionSkipped: kind("VLM6303", "caption line skipped", "runtime/data/captions.ts", {
    skipped: "{file}:{line}: {detail}; skipped",
    more: "… and {count} more skipped for the same kind of reason (the manifest counts every reason)",
  }, "warning"),
  ImageSkipped: kind("VLM6304", "image skipped", "runtime/data/pack.ts", {
    skipped: "{file}:{line}: image {image}: {detail}; skipped",
    more: "… and {count} more skipped for the same kind of reason (the manifest counts every reason)",
  }, "warning"),
  NothingPacked: kind("VLM6305", "no example could be packed", "runtime/data/pack.ts", {
    nothing: { message: "nothing was packed from {file}: {why}", hint: "the warnings above say why each line was skipped" },
    noLines: "the captions file holds no lines",
    onlySkipped: "its only caption was skipped",
    allSkipped: "all {count} captions were skipped",
  }),
  PackWrite: kind("VLM6306", "cannot write the pack", "runtime/data/shard-writer.ts", {
    // A shard's safetensors writer said why (VLM6201's words), reported as the pack's failure.
    shard: { message: "{problem}", hint: "check the --out folder: its disk, its permissions" },
    shardSize: "{file}: {reason}",
    manifest: "cannot write {file}: {reason}",
    outIsFile: "--out {out} is a file, not a folder",
    out: "--out {out}: {reason}",
    outHint: "--out names a folder to create or to replace a pack in",
  }),
  DataManifest: kind("VLM6307", "missing or damaged data manifest", "runtime/data/manifest.ts", {
    inFile: { message: "{file}: {problem}", hint: "pack the data again with `vlmc data pack`" },
    notFolder: "is a file, not a folder made by `vlmc data pack`",
    noManifest: "no manifest: this folder holds no finished pack (was packing interrupted?)",
    noFolder: "no such folder",
    cannotRead: "cannot read it: {reason}",
    notJson: "not valid JSON ({reason})",
  }),
  DataShard: kind("VLM6308", "missing or damaged data shard", "runtime/data/dataset.ts", {
    inFile: { message: "{file}: {problem}", hint: "pack the data again with `vlmc data pack`" },
    missing: "missing: the manifest names it but it is not there",
    cannotRead: "cannot read it: {reason}",
    cannotOpen: "cannot open it: {reason}",
    size: "is {size} bytes long, but the manifest recorded {bytes}: it was truncated or replaced",
    noTensor: "has no tensor '{name}'",
    tensor: "tensor '{name}' is {dtype} [{shape}], but the manifest implies {expectedDtype} [{expectedShape}]",
    tokens: "example {row} has {length} tokens, outside [0, {max}]",
    endedEarly: "ended early: it was truncated after the pack was opened",
  }),
  DataMismatch: kind("VLM6309", "data does not fit the model", "runtime/data/fit.ts", {
    position: { message: "the data position (epoch {epoch}, example {index}) is not a position in this pack of {size} examples", hint: "resume with the pack the run started with" },
    fewerThanBatch: { message: "the pack holds {count} example{count:s}, fewer than one batch of {batch}", hint: "use --batch {count} or less, or pack more data" },
    unknownSize: { message: "the size `{dim}` of input `{name}` {shape} is not known", hint: "fix it with --dim {dim}=N" },
    batchAxis: "input `{name}` {shape} has batch axis {size}, but batches hold {batch} examples",
    channels: "input `{name}` {shape} takes {source} with {channels} channel(s); the pack holds RGB images, which give 3 channels, or 1 as grey",
    imageSize: "input `{name}` takes {height}×{width} images, but the pack holds {size}×{size}",
    squareHint: "a pack holds square images; declare a square input or crop elsewhere",
    repackHint: "pack the data again with `vlmc data pack … {flag}`",
    otherImage: { message: "input `{name}` takes another image of the data set, but the pack holds only one image", hint: "pack pairs with at least two different images" },
    captionRank: "input `{name}` {shape} takes {source}, which is [B, L]",
    vocabulary: {
      message: "input `{name}` indexes a table of {rows} rows, but the pack holds token ids up to {maxId} (a {tokenizer} vocabulary of {vocabSize})",
      hint: "use the model variant whose vocabulary matches the tokenizer, or pack with a smaller tokenizer",
    },
    progressRank: "input `{name}` {shape} takes progress, which is a scalar []",
  }),
  InputNoSource: kind("VLM6310", "model input has no data source", "runtime/data/fit.ts", {
    none: {
      message: "input `{name}` {type} declares no data source, so a data set cannot fill it",
      hint: "declare where it comes from (`from image(mean: …, std: …)`, `from caption`, `from caption_mask`, …), or train on synthetic data with --data synthetic",
    },
    unsupported: {
      message: "input `{name}` declares the data source `{source}`, which this data reader does not provide",
      hint: "the reader provides image, other_image, caption, caption_mask, caption_words and progress; or train with --data synthetic",
    },
  }),
  DataPreprocessing: kind("VLM6311", "data prepared differently from the model's declaration", "runtime/data/fit.ts", {
    prepared: "input `{name}` declares {arg}: \"{declared}\", but the pack's images were prepared with {arg} \"{packed}\"",
    truncated: "input `{name}` reads captions of up to {length} tokens, but the pack cut {captions} at {max}",
    aCaption: "a caption",
    captions: "{count} captions",
  }, "warning"),
} as const;
