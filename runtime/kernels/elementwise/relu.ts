// relu: max(x, 0); the gradient at 0 is 0, as in PyTorch.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { unary } from "./shared.js";

export const op = "relu";
export const kernel: Kernel = unary((x) => tf.relu(x));
