// The threaded WASM loader (runtime/wasm/threads.ts): the thread count it asks for (option, then
// VLMC_WASM_THREADS, then the cores), a real 2-thread pool reported by useBackend, the same
// products on 2 threads as on 1, and the fallback to one thread, with its reason, when the
// threaded binary does not start.
import { afterAll, describe, expect, it } from "vitest";
import { useBackend } from "../../../runtime/backend.js";
import { tf } from "../../../runtime/tf.js";
import { registerWasmLoader, requestedWasmThreads, wasmThreading } from "../../../runtime/wasm/threads.js";
import { expectClose, randomTensor } from "./reference.js";

function product(): Float32Array {
  return tf.tidy(() => {
    const a = randomTensor([3, 40, 64], 1);
    const b = randomTensor([48, 64], 2);
    return tf.matMul(a, b, false, true).dataSync() as Float32Array;
  });
}

function poolThreads(): number {
  return (tf.backend() as unknown as { wasm: { tfjs: { getThreadsCount(): number } } }).wasm.tfjs.getThreadsCount();
}

describe("threaded wasm loader", () => {
  afterAll(async () => {
    await useBackend("wasm", { threads: 1 });
  });

  it("asks for the option, else VLMC_WASM_THREADS, else the machine's cores", () => {
    expect(requestedWasmThreads(3, { VLMC_WASM_THREADS: "5" })).toBe(3);
    expect(requestedWasmThreads(undefined, { VLMC_WASM_THREADS: "5" })).toBe(5);
    expect(requestedWasmThreads(undefined, {})).toBeGreaterThanOrEqual(1);
    expect(() => requestedWasmThreads(undefined, { VLMC_WASM_THREADS: "two" })).toThrow(/positive integer/);
    expect(() => requestedWasmThreads(0, {})).toThrow(/positive integer/);
  });

  it("runs a 2-thread pool and useBackend reports it", async () => {
    const info = await useBackend("wasm", { threads: 2 });
    expect(info.threads).toBe(2);
    expect(poolThreads()).toBe(2);
    expect(wasmThreading()).toMatchObject({ binary: "threaded-simd", threads: 2, requested: 2 });
    expect(info.detail).toContain("threaded-simd");
    // Asking again without a count keeps the running backend and its tensors.
    const kept = tf.scalar(3);
    expect((await useBackend("wasm")).threads).toBe(2);
    expect(kept.dataSync()[0]).toBe(3);
    kept.dispose();
    const threaded = product();
    await useBackend("wasm", { threads: 1 });
    expect(poolThreads()).toBe(1);
    expectClose(threaded, product());
  });

  it("falls back to one thread, saying why, when the threaded binary does not start", async () => {
    registerWasmLoader(2, { startTimeoutMs: 0 });
    const info = await useBackend("wasm", { threads: 2 }); // already registered for 2: keeps the loader above
    expect(info.threads).toBe(1);
    expect(poolThreads()).toBe(1);
    expect(wasmThreading()).toMatchObject({ binary: "simd", threads: 1, requested: 2 });
    expect(wasmThreading()?.note).toMatch(/did not start: no answer within 0 s/);
    expect(info.detail).toMatch(/2 threads requested: the threaded WASM binary did not start/);
    expect(product().length).toBe(3 * 40 * 48);
  });
});
