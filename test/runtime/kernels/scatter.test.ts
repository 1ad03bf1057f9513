// scatter's documented answers where torch leaves it unspecified or refuses (compiler/ir/ops/
// layout.ts): a position written twice gets the sum of its rows, a position outside [0, N)
// writes nothing, and the gradient reaches x only where nothing was written.
import { beforeAll, describe, expect, it } from "vitest";
import { backend, runKernel, tf, values } from "./harness.js";

beforeAll(async () => {
  await backend("cpu");
});

describe("scatter", () => {
  const x = (): tf.Tensor => tf.tensor([[1, 2], [3, 4], [5, 6]]).reshape([1, 3, 2]);
  it("writes rows at positions, summing repeats and skipping positions outside the axis", () => {
    const out = runKernel("scatter", [x(), tf.tensor([[2, 2, 7, -1]], [1, 4], "int32"), tf.tensor([[[10, 20], [1, 2], [99, 99], [-5, -5]]])]);
    expect(values(out)).toEqual([1, 2, 3, 4, 11, 22]);
  });
  it("sends the gradient to src at its positions and to x where nothing was written", () => {
    const index = tf.tensor([[0, 2]], [1, 2], "int32");
    const [dx, dsrc] = tf.grads((a: tf.Tensor, b: tf.Tensor) => runKernel("scatter", [a, index, b]))([x(), tf.ones([1, 2, 2])], tf.tensor([[[1, 2], [3, 4], [5, 6]]]));
    expect(values(dx!)).toEqual([0, 0, 3, 4, 0, 0]);
    expect(values(dsrc!)).toEqual([1, 2, 5, 6]);
  });
});
