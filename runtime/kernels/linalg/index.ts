// Kernels of the products (compiler/ir/ops/linalg.ts): linear layers, matmul, patch
// convolution, embedding lookup, attention and BEiT's relative position bias.
import type { KernelEntry } from "../types.js";
import * as attention from "./attention.js";
import * as conv2d from "./conv2d.js";
import * as embedding from "./embedding.js";
import * as linear from "./linear.js";
import * as matmul from "./matmul.js";
import * as relativePositionBias from "./relative_position_bias.js";
import * as resizePositions from "./resize_positions.js";

export const linalgKernels: readonly KernelEntry[] = [linear, matmul, conv2d, embedding, attention, relativePositionBias, resizePositions];
