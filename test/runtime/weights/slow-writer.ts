// Run as a child process by atomic-write.test.ts: writes FILE with COUNT tensors, pausing before
// each tensor's data, so that the parent can kill it in the middle of the write.
import { writeSafetensors } from "../../../runtime/weights/safetensors.js";

const [file, count] = process.argv.slice(2);
const pause = new Int32Array(new SharedArrayBuffer(4));
const entries = Array.from({ length: Number(count) }, (_, i) => ({
  name: `t${i}`,
  dtype: "F32" as const,
  shape: [65536],
  data: (): Float32Array => {
    Atomics.wait(pause, 0, 0, 50);
    return new Float32Array(65536).fill(i);
  },
}));
writeSafetensors(file!, entries, { writer: "slow-writer" });
