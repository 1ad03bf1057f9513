// `vlmc data pack`: image–caption pairs into a pack a training run streams. Each line of the
// captions file (captions.ts) names an image, which is decoded, resized and center-cropped to
// S × S (prepare.ts, on worker threads: image-loader.ts) and stored as 8-bit RGB —
// normalisation is the model's business, done when batches are read; each caption is tokenised
// with the user's tokenizer (tokenizer.ts) into at most L ids, keeping its special tokens.
// Examples go into shards (shard-writer.ts) in file order; the manifest (manifest.ts) is written
// last.
//
// What cannot be used — a line that is not JSON, lacks a field or has an empty caption, an image
// that is missing, unreadable or not a valid JPEG/PNG — is reported with its file and line
// (VLM6303, VLM6304), counted in the manifest, and skipped (skips.ts). A pack in which nothing
// could be used is an error (VLM6305), and so is any failure to read the inputs or write the pack.
import * as fs from "node:fs";
import { availableParallelism } from "node:os";
import * as path from "node:path";
import { Diag } from "../../compiler/diagnostics/catalog.js";
import { diagnostic, type Diagnostic } from "../../compiler/diagnostics/diagnostic.js";
import { phrase, say } from "../../compiler/diagnostics/template.js";
import { ioReason } from "../weights/safetensors.js";
import { captionEntries, captionSkipped, type CaptionEntry, type CaptionPair } from "./captions.js";
import { ImageLoader } from "./image-loader.js";
import { FORMAT, MANIFEST_FILE, VERSION, writeManifest, type Manifest } from "./manifest.js";
import type { PreparedImage } from "./prepare.js";
import type { CropMode, ResizeFilter } from "./resample.js";
import { imageKey, SHARD_PATTERN, ShardWriter } from "./shard-writer.js";
import { SkipLog } from "./skips.js";
import { loadTokenizer, type CaptionTokenizer } from "./tokenizer.js";

export const DEFAULT_MAX_TOKENS = 128;
/** Default shard size: about this many bytes per shard, and at most this many examples. */
const SHARD_BYTES = 128 * 2 ** 20;
const SHARD_EXAMPLES = 4096;
/** Images being prepared at once, per worker: enough to keep every worker busy. */
const IN_FLIGHT_PER_WORKER = 4;

export interface PackOptions {
  readonly images: string;
  readonly captions: string;
  /** `wordpiece:vocab.txt`, `bpe:…` or `json:tokenizer.json` (tokenizer.ts). */
  readonly tokenizer: string;
  readonly imageSize: number;
  readonly out: string;
  readonly resize?: ResizeFilter;
  readonly crop?: CropMode;
  readonly maxTokens?: number;
  /** Examples per shard (default: about 128 MiB, at most 4096 examples). */
  readonly shardSize?: number;
  /** Threads decoding images (default: one per core; 0: all on this thread). */
  readonly workers?: number;
  /** Called about twice a second while packing. */
  readonly onProgress?: (p: PackProgress) => void;
}

export interface PackProgress {
  readonly lines: number;
  readonly examples: number;
  readonly skipped: number;
  readonly seconds: number;
}

export interface PackResult {
  /** Undefined when the pack failed (then `diagnostics` holds an error). */
  readonly manifest: Manifest | undefined;
  readonly diagnostics: Diagnostic[];
  readonly seconds: number;
}

function checkInputs(o: PackOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  const kind = (p: string): "folder" | "file" | undefined => {
    try {
      return fs.statSync(p).isDirectory() ? "folder" : "file";
    } catch {
      return undefined;
    }
  };
  const images = kind(o.images);
  if (images !== "folder") out.push(diagnostic(say(Diag.DataInput, "images", { path: o.images, problem: phrase(Diag.DataInput, images ? "isFile" : "noFolder") })));
  const captions = kind(o.captions);
  if (captions !== "file") out.push(diagnostic(say(Diag.DataInput, "captions", { path: o.captions, problem: phrase(Diag.DataInput, captions ? "isFolder" : "noFile") })));
  return out;
}

/** Creates --out, or empties it of a previous pack's manifest before any shard is overwritten. */
function prepareOut(out: string): Diagnostic[] {
  const hint = { hint: phrase(Diag.PackWrite, "outHint") };
  try {
    if (fs.existsSync(out) && !fs.statSync(out).isDirectory()) return [diagnostic(say(Diag.PackWrite, "outIsFile", { out }), undefined, hint)];
    fs.mkdirSync(out, { recursive: true });
    fs.rmSync(path.join(out, MANIFEST_FILE), { force: true });
    return [];
  } catch (e) {
    return [diagnostic(say(Diag.PackWrite, "out", { out, reason: ioReason(e) }), undefined, hint)];
  }
}

/** Each pair's image, as a promise: a file whose captions sit on adjacent lines is prepared once, a failed file never twice. */
class Images {
  private last: { file: string; result: Promise<PreparedImage> } | undefined;
  private readonly failed = new Map<string, PreparedImage>();

  constructor(private readonly loader: ImageLoader) {}

  get(file: string): Promise<PreparedImage> {
    if (this.last?.file === file) return this.last.result;
    const failure = this.failed.get(file);
    if (failure) return Promise.resolve(failure);
    const result = this.loader.load(file).then((r) => {
      if (!("pixels" in r)) this.failed.set(file, r);
      return r;
    });
    this.last = { file, result };
    return result;
  }
}

interface Packing {
  readonly o: PackOptions;
  readonly tokenizer: CaptionTokenizer;
  readonly maxTokens: number;
  readonly writer: ShardWriter;
  readonly skips: SkipLog;
  readonly text: { maxId: number; truncated: number; wordsApproximate: number };
  readonly distinct: Set<number>;
}

type Pending = { readonly entry: CaptionEntry; readonly image?: Promise<PreparedImage> };

export async function packDataset(o: PackOptions): Promise<PackResult> {
  const started = performance.now();
  const seconds = (): number => (performance.now() - started) / 1000;
  const failed = (diagnostics: Diagnostic[]): PackResult => ({ manifest: undefined, diagnostics, seconds: seconds() });
  const loaded = loadTokenizer(o.tokenizer);
  const inputs = checkInputs(o);
  if (inputs.length || !loaded.tokenizer) return failed([...inputs, ...loaded.diagnostics]);
  const tokenizer = loaded.tokenizer;
  const maxTokens = o.maxTokens ?? DEFAULT_MAX_TOKENS;
  const specials = tokenizer.info.prefix.length + tokenizer.info.suffix.length;
  if (maxTokens <= specials) {
    return failed([diagnostic(say(Diag.Usage, "maxTokens", { maxTokens, specials, least: specials + 1 }))]);
  }
  const out = prepareOut(o.out);
  if (out.length) return failed(out);
  const recipe = { size: o.imageSize, resize: o.resize ?? "bicubic", crop: o.crop ?? "center" } as const;
  const bytesPerExample = recipe.size * recipe.size * 3 + maxTokens * 8 + 12;
  const perShard = o.shardSize ?? Math.max(1, Math.min(SHARD_EXAMPLES, Math.floor(SHARD_BYTES / bytesPerExample)));
  const workers = o.workers ?? availableParallelism();
  const loader = new ImageLoader(recipe, workers);
  const images = new Images(loader);
  const p: Packing = {
    o,
    tokenizer,
    maxTokens,
    writer: new ShardWriter(o.out, recipe.size, maxTokens, perShard, tokenizer.info.pad),
    skips: new SkipLog(),
    text: { maxId: tokenizer.info.pad, truncated: 0, wordsApproximate: 0 },
    distinct: new Set<number>(),
  };
  let lines = 0;
  let lastReport = performance.now();
  const queue: Pending[] = [];
  const inFlight = Math.max(1, workers) * IN_FLIGHT_PER_WORKER;
  try {
    // Images are prepared ahead, in parallel; examples are taken in file order.
    const takeOne = async (): Promise<Diagnostic[]> => {
      const next = queue.shift()!;
      const written = await take(next, p);
      if (o.onProgress && performance.now() - lastReport > 500) {
        lastReport = performance.now();
        o.onProgress({ lines, examples: p.writer.examples, skipped: p.skips.total, seconds: seconds() });
      }
      return written;
    };
    for await (const entry of captionEntries(o.captions)) {
      lines = entry.line;
      queue.push(entry.kind === "pair" ? { entry, image: images.get(path.resolve(o.images, entry.image)) } : { entry });
      while (queue.length > inFlight) {
        const written = await takeOne();
        if (written.length) return failed(written);
      }
    }
    while (queue.length) {
      const written = await takeOne();
      if (written.length) return failed(written);
    }
  } catch (e) {
    if (!(e as NodeJS.ErrnoException)?.code) throw e;
    return failed([diagnostic(say(Diag.DataInput, "captionsRead", { path: o.captions, line: lines, reason: ioReason(e) }))]);
  } finally {
    await loader.close();
  }
  const last = p.writer.finish();
  if (last.length) return failed(last);
  const warnings = p.skips.diagnostics();
  if (p.writer.examples === 0) {
    const why = lines === 0 ? phrase(Diag.NothingPacked, "noLines") : p.skips.total === 1 ? phrase(Diag.NothingPacked, "onlySkipped") : phrase(Diag.NothingPacked, "allSkipped", { count: p.skips.total });
    return failed([...warnings, diagnostic(say(Diag.NothingPacked, "nothing", { file: o.captions, why }))]);
  }
  const manifest: Manifest = {
    format: FORMAT,
    version: VERSION,
    examples: p.writer.examples,
    images: p.distinct.size,
    image: recipe,
    text: { maxTokens, ...p.text },
    tokenizer: tokenizer.info,
    shards: p.writer.shards,
    sources: { images: path.resolve(o.images), captions: path.resolve(o.captions), lines },
    skipped: { total: p.skips.total, reasons: p.skips.reasons, first: p.skips.first },
  };
  const written = writeManifest(o.out, manifest);
  if (written.length) return failed(written);
  removeStaleShards(o.out, new Set(p.writer.shards.map((s) => s.file)));
  return { manifest, diagnostics: warnings, seconds: seconds() };
}

/** Packs one line's pair, or records why not; returns diagnostics only when the pack cannot be written. */
async function take(pending: Pending, p: Packing): Promise<Diagnostic[]> {
  const { entry } = pending;
  if (entry.kind === "problem") {
    p.skips.add(entry.reason, { line: entry.line, reason: entry.detail }, () => captionSkipped(p.o.captions, entry.line, entry.detail));
    return [];
  }
  const image = await pending.image!;
  if (!("pixels" in image)) {
    p.skips.add(image.reason, { line: entry.line, image: entry.image, reason: image.detail }, () =>
      diagnostic(say(Diag.ImageSkipped, "skipped", { file: p.o.captions, line: entry.line, image: entry.image, detail: image.detail })),
    );
    return [];
  }
  return addPair(entry, image.pixels, p);
}

function addPair(pair: CaptionPair, pixels: Uint8Array, p: Packing): Diagnostic[] {
  const encoded = p.tokenizer.encode(pair.caption, p.maxTokens);
  if (!encoded.ok) {
    p.skips.add("caption untokenizable", { line: pair.line, reason: encoded.problem }, () => captionSkipped(p.o.captions, pair.line, encoded.problem));
    return [];
  }
  const { ids, words, truncated, wordsApproximate } = encoded.caption;
  for (const id of ids) if (id > p.text.maxId) p.text.maxId = id;
  if (truncated) p.text.truncated++;
  if (wordsApproximate) p.text.wordsApproximate++;
  const key = imageKey(path.resolve(p.o.images, pair.image));
  p.distinct.add(key);
  return p.writer.add({ pixels, ids, words, imageKey: key, line: pair.line });
}

/** Shards of an earlier pack into the same folder that the new manifest does not name. */
function removeStaleShards(dir: string, keep: ReadonlySet<string>): void {
  for (const f of fs.readdirSync(dir)) if (SHARD_PATTERN.test(f) && !keep.has(f)) fs.rmSync(path.join(dir, f), { force: true });
}
