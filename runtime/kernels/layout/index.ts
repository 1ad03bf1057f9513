// Kernels of the layout ops (compiler/ir/ops/layout.ts): moving data without arithmetic.
import type { KernelEntry } from "../types.js";
import * as broadcast_to from "./broadcast_to.js";
import * as concat from "./concat.js";
import * as fill_diagonal from "./fill_diagonal.js";
import * as flatten from "./flatten.js";
import * as gather from "./gather.js";
import * as one_hot from "./one_hot.js";
import * as padding_mask from "./padding_mask.js";
import * as permute from "./permute.js";
import * as reshape from "./reshape.js";
import * as scatter from "./scatter.js";
import * as select from "./select.js";
import * as slice from "./slice.js";
import * as squeeze from "./squeeze.js";
import * as take_at from "./take_at.js";
import * as topk_indices from "./topk_indices.js";
import * as topk_values from "./topk_values.js";
import * as transpose from "./transpose.js";
import * as unsqueeze from "./unsqueeze.js";

export const layoutKernels: readonly KernelEntry[] = [
  reshape, transpose, permute, flatten, unsqueeze, squeeze, concat, slice, select,
  gather, take_at, scatter, topk_values, topk_indices, broadcast_to, one_hot, fill_diagonal, padding_mask,
];
