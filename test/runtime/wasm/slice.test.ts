// The WASM Slice override (runtime/wasm/slice.ts) copies only the slice, heap to heap: it must
// give exactly the stock kernel's values for every dtype, and the gradients built on slices too.
import { beforeAll, describe, expect, it } from "vitest";
import { useBackend } from "../../../runtime/backend.js";
import { tf, type Tensor } from "../../../runtime/tf.js";
import { bothWays, randomTensor } from "./reference.js";


describe("wasm slice override", () => {
  beforeAll(async () => {
    await useBackend("wasm", { threads: 1, overrides: true });
  });

  const cases: [string, number[], number[], number[]][] = [
    ["rank 1", [10], [3], [4]],
    ["rank 2, rows (contiguous)", [6, 5], [2, 0], [3, 5]],
    ["rank 2, columns (strided)", [6, 5], [1, 1], [4, 3]],
    ["rank 3, the class token of [B, T, D]", [3, 7, 4], [0, 0, 0], [3, 1, 4]],
    ["rank 3, size -1 to the end", [3, 7, 4], [1, 2, 1], [-1, -1, 2]],
    ["rank 4, heads", [2, 3, 5, 4], [0, 1, 2, 0], [2, 2, 3, 4]],
    ["rank 5", [2, 3, 2, 4, 3], [1, 0, 1, 1, 0], [1, 3, 1, 2, 2]],
    ["empty", [4, 5], [1, 2], [0, 3]],
  ];
  for (const [name, shape, begin, size] of cases) {
    it(`${name}: same values as the stock kernel`, () => {
      const x = randomTensor(shape, 1);
      const { stock, ours } = bothWays(() => tf.slice(x, begin, size));
      expect(ours).toEqual(stock);
      x.dispose();
    });
  }

  it("int32 and bool slices are the stock kernel's", () => {
    const ints = tf.tidy(() => tf.cast(tf.mul(randomTensor([4, 6, 3], 2), 100), "int32"));
    const bools = tf.tidy(() => tf.greater(randomTensor([4, 6, 3], 3), 0));
    for (const x of [ints, bools]) {
      const { stock, ours } = bothWays(() => tf.slice(x, [1, 2, 0], [2, 3, 2]));
      expect(ours).toEqual(stock);
      x.dispose();
    }
  });

  it("the gradient of concat (a slice of the incoming gradient) matches the stock kernels", () => {
    const a = randomTensor([2, 1, 4], 4);
    const b = randomTensor([2, 5, 4], 5);
    const w = randomTensor([2, 6, 4], 6);
    const loss = (x: Tensor, y: Tensor): Tensor => tf.sum(tf.mul(tf.concat([x, y], 1), w));
    const { stock, ours } = bothWays(() => tf.grads(loss)([a, b]));
    expect(ours).toEqual(stock);
    // d/dx of sum(concat · w) is w's matching part.
    expect(ours[0]).toEqual(Array.from(tf.tidy(() => tf.slice(w, [0, 0, 0], [2, 1, 4]).dataSync())));
    for (const t of [a, b, w]) t.dispose();
  });
});
