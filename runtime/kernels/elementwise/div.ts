// div: a / b, broadcasting. On integer tensors it is floor division (Python's and PyTorch's `//`,
// rounding toward −∞: −7 / 2 = −4), because the IR keeps the operands' dtype; PyTorch's `/`
// on integers would promote to float instead, which a spec asks for with an explicit cast.
import { tf } from "../../tf.js";
import type { Kernel } from "../types.js";
import { binary } from "./shared.js";

export const op = "div";
// tf.div already floor-divides int32 by int32; the other cases are true division.
export const kernel: Kernel = binary((a, b) => (a.dtype === "int32" ? tf.floorDiv(a, b) : tf.div(a, b)));
