// Kernels of the source ops (compiler/ir/ops/sources.ts).
import type { KernelEntry } from "../types.js";
import * as arange from "./arange.js";
import * as block_mask from "./block_mask.js";
import * as buffer from "./buffer.js";
import * as causal_mask from "./causal_mask.js";
import * as constant from "./constant.js";
import * as dim_value from "./dim_value.js";
import * as full from "./full.js";
import * as input from "./input.js";
import * as param from "./param.js";

export const sourceKernels: readonly KernelEntry[] = [input, param, buffer, constant, dim_value, full, arange, causal_mask, block_mask];
