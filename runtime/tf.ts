// The one place the runtime imports TensorFlow.js from. Kernels use tfjs-core's API; the
// backends are loaded by runtime/backend.ts, so the same kernels run on whichever is chosen.
// tfjs-core's Node build registers no gradients: the union package's build carries every
// gradient (and registers them with this same tfjs-core), so it is loaded here, once, for its
// side effects; without it nothing trains.
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs";

// tfjs greets Node users on first use of its cpu backend; vlmc reports its backend itself.
tf.env().set("PROD", true);

export { tf };
export type Tensor = tf.Tensor;
export type Variable = tf.Variable;
