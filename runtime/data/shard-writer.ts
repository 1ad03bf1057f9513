// Collecting packed examples into shards: fixed-size safetensors files written atomically
// (runtime/weights/safetensors.ts), each holding, for its n examples,
//   images      U8  [n, S, S, 3]  RGB pixels, resized and cropped to S × S
//   tokens      I32 [n, L]        prefix + caption tokens + suffix, then the pad id
//   lengths     I32 [n]           how many of a row's tokens are real (specials included)
//   words       I32 [n, L]        each caption token's word index in its caption; −1 for the
//                                 special tokens and the padding
//   image_keys  I32 [n]           a hash of the image file's path: equal keys, same image
//   lines       I32 [n]           the example's line in the captions file
// One shard's buffers are allocated once and reused; memory is one shard whatever the pack's size.
import * as fs from "node:fs";
import * as path from "node:path";
import { Diag } from "../../compiler/diagnostics/catalog.js";
import { diagnostic, type Diagnostic } from "../../compiler/diagnostics/diagnostic.js";
import { say } from "../../compiler/diagnostics/template.js";
import { ioReason, writeSafetensors } from "../weights/safetensors.js";
import type { ShardRecord } from "./manifest.js";

export const SHARD_TENSORS = ["images", "tokens", "lengths", "words", "image_keys", "lines"] as const;

export function shardFileName(index: number): string {
  return `shard-${String(index).padStart(5, "0")}.safetensors`;
}

export const SHARD_PATTERN = /^shard-\d{5,}\.safetensors$/;

export interface PackedExample {
  readonly pixels: Uint8Array;
  readonly ids: readonly number[];
  readonly words: readonly number[];
  readonly imageKey: number;
  readonly line: number;
}

export class ShardWriter {
  readonly shards: ShardRecord[] = [];
  private n = 0;
  private readonly images: Uint8Array;
  private readonly tokens: Int32Array;
  private readonly lengths: Int32Array;
  private readonly words: Int32Array;
  private readonly imageKeys: Int32Array;
  private readonly lines: Int32Array;

  constructor(
    private readonly dir: string,
    private readonly size: number,
    private readonly maxTokens: number,
    private readonly perShard: number,
    private readonly pad: number,
  ) {
    this.images = new Uint8Array(perShard * size * size * 3);
    this.tokens = new Int32Array(perShard * maxTokens);
    this.lengths = new Int32Array(perShard);
    this.words = new Int32Array(perShard * maxTokens);
    this.imageKeys = new Int32Array(perShard);
    this.lines = new Int32Array(perShard);
    this.reset();
  }

  get examples(): number {
    return this.shards.reduce((s, r) => s + r.examples, 0) + this.n;
  }

  /** Adds one example; writes the shard when it is full. */
  add(e: PackedExample): Diagnostic[] {
    const L = this.maxTokens;
    this.images.set(e.pixels, this.n * e.pixels.length);
    this.tokens.set(e.ids, this.n * L);
    this.words.set(e.words, this.n * L);
    this.lengths[this.n] = e.ids.length;
    this.imageKeys[this.n] = e.imageKey;
    this.lines[this.n] = e.line;
    this.n++;
    return this.n === this.perShard ? this.flush() : [];
  }

  /** Writes the last, partial shard. */
  finish(): Diagnostic[] {
    return this.n > 0 ? this.flush() : [];
  }

  private reset(): void {
    this.n = 0;
    this.tokens.fill(this.pad);
    this.words.fill(-1);
  }

  private flush(): Diagnostic[] {
    const n = this.n;
    const S = this.size;
    const L = this.maxTokens;
    const name = shardFileName(this.shards.length);
    const file = path.join(this.dir, name);
    const problems = writeSafetensors(
      file,
      [
        { name: "images", dtype: "U8", shape: [n, S, S, 3], data: this.images.subarray(0, n * S * S * 3) },
        { name: "tokens", dtype: "I32", shape: [n, L], data: this.tokens.subarray(0, n * L) },
        { name: "lengths", dtype: "I32", shape: [n], data: this.lengths.subarray(0, n) },
        { name: "words", dtype: "I32", shape: [n, L], data: this.words.subarray(0, n * L) },
        { name: "image_keys", dtype: "I32", shape: [n], data: this.imageKeys.subarray(0, n) },
        { name: "lines", dtype: "I32", shape: [n], data: this.lines.subarray(0, n) },
      ],
      { format: "vlmc-data", shard: String(this.shards.length) },
    );
    if (problems.length) return problems.map((p) => diagnostic(say(Diag.PackWrite, "shard", { problem: p.message })));
    let bytes: number;
    try {
      bytes = fs.statSync(file).size;
    } catch (e) {
      return [diagnostic(say(Diag.PackWrite, "shardSize", { file, reason: ioReason(e) }))];
    }
    this.shards.push({ file: name, examples: n, bytes });
    this.reset();
    return [];
  }
}

/** A 32-bit FNV-1a hash of a path: an image's identity without keeping every path in memory. */
export function imageKey(file: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < file.length; i++) h = Math.imul(h ^ file.charCodeAt(i), 0x01000193);
  return h | 0;
}
