// A pack opened for reading. Opening validates the manifest (manifest.ts) and every shard's header
// against it — each file present, of the recorded size, with the tensors, dtypes and shapes the
// manifest implies — so a damaged pack is refused before training starts (VLM6307, VLM6308).
// Examples are then read row by row at their offsets in the shards (positioned reads of a few
// hundred bytes of ids and S·S·3 bytes of pixels), so a batch reads exactly its examples,
// memory holds one batch whatever the pack's size, and the shuffle can range over every example.
import * as fs from "node:fs";
import * as path from "node:path";
import { Diag } from "../../compiler/diagnostics/catalog.js";
import { diagnostic, type Diagnostic } from "../../compiler/diagnostics/diagnostic.js";
import { phrase, say } from "../../compiler/diagnostics/template.js";
import type { IrGraph } from "../../compiler/ir/types.js";
import { RunError } from "../errors.js";
import { ioReason, openSafetensors, type StEntry } from "../weights/safetensors.js";
import { DataBatches, type BatchOptions } from "./batches.js";
import { readManifest, type Manifest } from "./manifest.js";
import { SHARD_TENSORS } from "./shard-writer.js";

/** One example as stored: its pixels (S·S·3, HWC) and its token row up to its length. */
export interface StoredExample {
  readonly pixels: Uint8Array;
  readonly ids: Int32Array;
  /** Word index per token; −1 for special tokens. */
  readonly words: Int32Array;
  readonly imageKey: number;
  readonly line: number;
}

interface OpenShard {
  readonly file: string;
  readonly first: number;
  readonly examples: number;
  readonly tensors: Readonly<Record<(typeof SHARD_TENSORS)[number], StEntry>>;
}

/** Shard files kept open at once; more are closed least-recently-used first. */
const OPEN_FILES = 8;

function shardProblem(file: string, what: string): Diagnostic {
  return diagnostic(say(Diag.DataShard, "inFile", { file, problem: what }));
}

/** Opens the pack in `dir`; throws RunError (VLM6307/VLM6308) when it is missing or damaged. */
export function openDataset(dir: string): Dataset {
  const { manifest, diagnostics } = readManifest(dir);
  if (!manifest) throw new RunError(diagnostics);
  const problems: Diagnostic[] = [];
  const shards: OpenShard[] = [];
  let first = 0;
  for (const record of manifest.shards) {
    const file = path.join(dir, record.file);
    const shard = validateShard(file, record.examples, record.bytes, manifest, problems);
    if (shard) shards.push({ file, first, examples: record.examples, tensors: shard });
    first += record.examples;
  }
  if (problems.length) throw new RunError(problems);
  return new Dataset(dir, manifest, shards);
}

function validateShard(file: string, n: number, bytes: number, m: Manifest, problems: Diagnostic[]): OpenShard["tensors"] | undefined {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (e) {
    problems.push(shardProblem(file, (e as NodeJS.ErrnoException).code === "ENOENT" ? phrase(Diag.DataShard, "missing") : phrase(Diag.DataShard, "cannotRead", { reason: ioReason(e) })));
    return undefined;
  }
  if (size !== bytes) {
    problems.push(shardProblem(file, phrase(Diag.DataShard, "size", { size, bytes })));
    return undefined;
  }
  const { reader, diagnostics } = openSafetensors(file);
  if (!reader) {
    problems.push(...diagnostics.map((d) => shardProblem(file, d.message.replace(`${file}: `, ""))));
    return undefined;
  }
  const S = m.image.size;
  const L = m.text.maxTokens;
  const expected: Record<(typeof SHARD_TENSORS)[number], [string, number[]]> = {
    images: ["U8", [n, S, S, 3]],
    tokens: ["I32", [n, L]],
    lengths: ["I32", [n]],
    words: ["I32", [n, L]],
    image_keys: ["I32", [n]],
    lines: ["I32", [n]],
  };
  const found: Partial<Record<(typeof SHARD_TENSORS)[number], StEntry>> = {};
  for (const name of SHARD_TENSORS) {
    const entry = reader.entries.get(name);
    const [dtype, shape] = expected[name];
    if (!entry) problems.push(shardProblem(file, phrase(Diag.DataShard, "noTensor", { name })));
    else if (entry.dtype !== dtype || entry.shape.join() !== shape.join()) {
      problems.push(shardProblem(file, phrase(Diag.DataShard, "tensor", { name, dtype: entry.dtype, shape: entry.shape.join(", "), expectedDtype: dtype, expectedShape: shape.join(", ") })));
    } else found[name] = entry;
  }
  return Object.keys(found).length === SHARD_TENSORS.length ? (found as OpenShard["tensors"]) : undefined;
}

export class Dataset {
  private readonly files = new Map<number, number>();

  constructor(
    readonly dir: string,
    readonly manifest: Manifest,
    private readonly shards: readonly OpenShard[],
  ) {}

  get size(): number {
    return this.manifest.examples;
  }

  /** Batches for model `ir` (batches.ts); throws RunError when the pack does not fit the model. */
  batches(ir: IrGraph, options: BatchOptions): DataBatches {
    return new DataBatches(this, ir, options);
  }

  example(index: number): StoredExample {
    const { shard, row } = this.locate(index);
    const S = this.manifest.image.size;
    const L = this.manifest.text.maxTokens;
    const fd = this.fileOf(shard);
    const t = this.shards[shard]!.tensors;
    const length = this.int32s(fd, t.lengths, row, 1, 1, shard)[0]!;
    if (length < 0 || length > L) throw new RunError([shardProblem(this.shards[shard]!.file, phrase(Diag.DataShard, "tokens", { row, length, max: L }))]);
    const pixels = new Uint8Array(S * S * 3);
    this.read(fd, pixels, t.images.begin + row * pixels.length, shard);
    return {
      pixels,
      ids: this.int32s(fd, t.tokens, row, L, length, shard),
      words: this.int32s(fd, t.words, row, L, length, shard),
      imageKey: this.int32s(fd, t.image_keys, row, 1, 1, shard)[0]!,
      line: this.int32s(fd, t.lines, row, 1, 1, shard)[0]!,
    };
  }

  imageKey(index: number): number {
    const { shard, row } = this.locate(index);
    return this.int32s(this.fileOf(shard), this.shards[shard]!.tensors.image_keys, row, 1, 1, shard)[0]!;
  }

  /** Closes the shard files this dataset keeps open. */
  close(): void {
    for (const fd of this.files.values()) fs.closeSync(fd);
    this.files.clear();
  }

  private locate(index: number): { shard: number; row: number } {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) throw new Error(`example ${index} is outside the pack's ${this.size} (internal error)`);
    let lo = 0;
    let hi = this.shards.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.shards[mid]!.first <= index) lo = mid;
      else hi = mid - 1;
    }
    return { shard: lo, row: index - this.shards[lo]!.first };
  }

  private fileOf(shard: number): number {
    const open = this.files.get(shard);
    if (open !== undefined) {
      this.files.delete(shard);
      this.files.set(shard, open);
      return open;
    }
    if (this.files.size >= OPEN_FILES) {
      const [oldest, fd] = this.files.entries().next().value as [number, number];
      fs.closeSync(fd);
      this.files.delete(oldest);
    }
    try {
      const fd = fs.openSync(this.shards[shard]!.file, "r");
      this.files.set(shard, fd);
      return fd;
    } catch (e) {
      throw new RunError([shardProblem(this.shards[shard]!.file, phrase(Diag.DataShard, "cannotOpen", { reason: ioReason(e) }))]);
    }
  }

  /** `count` int32 values of row `row` of an [n, width] tensor. */
  private int32s(fd: number, entry: StEntry, row: number, width: number, count: number, shard: number): Int32Array {
    const bytes = Buffer.alloc(count * 4);
    this.read(fd, bytes, entry.begin + row * width * 4, shard);
    const out = new Int32Array(count);
    for (let i = 0; i < count; i++) out[i] = bytes.readInt32LE(i * 4);
    return out;
  }

  private read(fd: number, into: Uint8Array, position: number, shard: number): void {
    let done = 0;
    try {
      while (done < into.length) {
        const n = fs.readSync(fd, into, done, into.length - done, position + done);
        if (n === 0) throw new RunError([shardProblem(this.shards[shard]!.file, phrase(Diag.DataShard, "endedEarly"))]);
        done += n;
      }
    } catch (e) {
      if (e instanceof RunError) throw e;
      throw new RunError([shardProblem(this.shards[shard]!.file, phrase(Diag.DataShard, "cannotRead", { reason: ioReason(e) }))]);
    }
  }
}
