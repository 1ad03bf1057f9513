// Row lookup with a gradient every backend can compute. tf.gather's registered gradient uses
// UnsortedSegmentSum, which the WASM backend does not implement (tfjs 4.22), so training an
// embedding on WASM would fail; here the gradient is a scatter-add (ScatterNd sums rows that
// are looked up more than once), which cpu, wasm and tensorflow all provide.
import { tf, type Tensor } from "../../tf.js";

/** table[R, ...rest] looked up at integer `ids` (any shape, values in [0, R)) → [...ids.shape, ...rest]. */
export function gatherRows(table: Tensor, ids: Tensor): Tensor {
  const rest = table.shape.slice(1);
  const flat = tf.reshape(ids, [-1]);
  const lookup = tf.customGrad((...args: (Tensor | tf.GradSaveFunc)[]) => {
    const [t, save] = args as [Tensor, tf.GradSaveFunc];
    save([flat]);
    return {
      value: tf.reshape(tf.gather(t, flat), [...ids.shape, ...rest]),
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const rows = saved[0]!;
        return tf.scatterND(tf.reshape(rows, [-1, 1]), tf.reshape(dy, [rows.shape[0]!, ...rest]), t.shape);
      },
    };
  });
  return lookup(table);
}
