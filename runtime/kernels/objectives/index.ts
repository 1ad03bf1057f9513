// Kernels of the objectives (compiler/ir/ops/objectives.ts): losses, the random sampling that
// pretraining objectives need, and the feature queue.
import type { KernelEntry } from "../types.js";
import * as bceWithLogits from "./bce_with_logits.js";
import * as bernoulliMask from "./bernoulli_mask.js";
import * as budgetMask from "./budget_mask.js";
import * as crossEntropy from "./cross_entropy.js";
import * as enqueue from "./enqueue.js";
import * as maskTokens from "./mask_tokens.js";
import * as mse from "./mse.js";
import * as multinomial from "./multinomial.js";
import * as optimalTransport from "./optimal_transport.js";
import * as patchBlockMask from "./patch_block_mask.js";
import * as softCrossEntropy from "./soft_cross_entropy.js";

export const objectiveKernels: readonly KernelEntry[] = [
  crossEntropy,
  softCrossEntropy,
  bceWithLogits,
  mse,
  optimalTransport,
  bernoulliMask,
  budgetMask,
  maskTokens,
  patchBlockMask,
  multinomial,
  enqueue,
];
