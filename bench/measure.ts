// Timing and memory helpers for the runtime benchmark. Implementations compared in one process
// are timed interleaved (A, B, A, B, …) so that load from other processes on a shared machine
// hits them alike; each reports the median of its runs after warm-up.
import { tf, type Tensor } from "../runtime/tf.js";

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** One forward, its result read back to the host (so the work is done) and freed. */
export function timeForward(forward: (x: Tensor) => Tensor, input: Tensor): number {
  const start = performance.now();
  const y = forward(input);
  y.dataSync();
  const ms = performance.now() - start;
  y.dispose();
  return ms;
}

/** Warm-up, then `runs` timed forwards of each implementation, interleaved. */
export function interleaved(forwards: Readonly<Record<string, (x: Tensor) => Tensor>>, input: Tensor, warmup: number, runs: number): Record<string, number[]> {
  const names = Object.keys(forwards);
  for (let i = 0; i < warmup; i++) for (const n of names) timeForward(forwards[n]!, input);
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < runs; i++) for (const n of names) times[n]!.push(timeForward(forwards[n]!, input));
  return times;
}

/** The most tensor bytes alive during one forward beyond those alive before it (tf.profile). */
export async function peakForwardBytes(forward: (x: Tensor) => Tensor, input: Tensor): Promise<number> {
  const before = tf.memory().numBytes;
  const info = await tf.profile(() => {
    const y = forward(input);
    y.dataSync();
    y.dispose();
    return [];
  });
  return info.peakBytes - before;
}

/** Size of the WASM heap now: it only grows, so this is its high-water mark. */
export function wasmHeapBytes(): number | undefined {
  const b = tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } };
  return b.wasm?.HEAPU8?.byteLength;
}

export const MB = 2 ** 20;
