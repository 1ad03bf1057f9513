// Transposed copies of 2-D right-hand operands, kept while their source lives. A linear layer
// multiplies by Wᵀ with W[out, in] (PyTorch's layout), and XNNPACK's fast path only takes an
// untransposed right operand; transposing W on every call costs a copy and, worse, a fresh id,
// so XNNPACK re-packs the weights every time. Cached under a stable id, the transposed weight is
// packed once and its XNNPACK operator reused until the weight changes.
//
// Entries are keyed by the source's DataId. tfjs data never changes in place (a Variable's assign
// gives it a new DataId), so an entry stays valid exactly as long as its DataId is alive in the
// backend; each lookup sweeps the entries whose source was disposed. The cache is bounded: past
// `capBytes` the least recently used entries are dropped (they are rebuilt on the next use).
import type { DataId, TensorInfo } from "@tensorflow/tfjs-core";
import type { HeapBlock, WasmHeap } from "./heap.js";

interface Entry {
  readonly block: HeapBlock;
  readonly rows: number;
  readonly cols: number;
  lastUse: number;
}

/** Default bound on cached bytes: a ViT-L's weights fit, the 4 GiB heap keeps room to work. */
export const DEFAULT_TRANSPOSED_CACHE_BYTES = 1.5 * 2 ** 30;

export class TransposedCache {
  private readonly entries = new Map<DataId, Entry>();
  private bytes = 0;
  private clock = 0;

  constructor(
    private readonly heap: WasmHeap,
    private capBytes = DEFAULT_TRANSPOSED_CACHE_BYTES,
  ) {}

  /** Bounds the cache anew (a run sizes it to the heap its model leaves free), evicting at once. */
  limit(bytes: number): void {
    this.capBytes = Math.max(0, bytes);
    this.evict(undefined);
  }

  /** Bytes held now. */
  get size(): number {
    return this.bytes;
  }

  /** b[rows, cols] transposed to [cols, rows], under an id that stays the same while b lives. */
  transposed(b: TensorInfo, rows: number, cols: number): HeapBlock {
    this.sweep();
    const hit = this.entries.get(b.dataId);
    if (hit && hit.rows === rows && hit.cols === cols) {
      hit.lastUse = ++this.clock;
      return hit.block;
    }
    if (hit) this.drop(b.dataId, hit);
    const block = this.heap.scratch(rows * cols);
    this.heap.transpose(this.heap.data(b).memoryOffset, 1, rows, cols, block.ptr);
    this.entries.set(b.dataId, { block, rows, cols, lastUse: ++this.clock });
    this.bytes += rows * cols * 4;
    this.evict(b.dataId);
    return block;
  }

  /** Frees every entry (e.g. before measuring memory, or when the backend goes away). */
  clear(): void {
    for (const [key, e] of [...this.entries]) this.drop(key, e);
  }

  private sweep(): void {
    for (const [key, e] of this.entries) if (!this.heap.backend.dataIdMap.has(key)) this.drop(key, e);
  }

  /** Drops least recently used entries past the cap; `keep` (the entry just made) stays. */
  private evict(keep: DataId | undefined): void {
    while (this.bytes > this.capBytes && this.entries.size > (keep === undefined ? 0 : 1)) {
      let oldest: [DataId, Entry] | undefined;
      for (const kv of this.entries) if (kv[0] !== keep && (!oldest || kv[1].lastUse < oldest[1].lastUse)) oldest = kv;
      if (!oldest) return;
      this.drop(oldest[0], oldest[1]);
    }
  }

  private drop(key: DataId, e: Entry): void {
    this.entries.delete(key);
    this.bytes -= e.rows * e.cols * 4;
    this.heap.free(e.block);
  }
}
