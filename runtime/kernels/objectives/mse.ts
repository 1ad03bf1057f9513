// mse: torch.nn.functional.mse_loss, (a − b)² per element.
import { operand } from "../attrs.js";
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { reduceLoss } from "./reduce.js";

export const op = "mse";

export const kernel: Kernel = (inputs, ctx) => reduceLoss(tf.squaredDifference(operand(inputs, 0, ctx), operand(inputs, 1, ctx)), ctx);
