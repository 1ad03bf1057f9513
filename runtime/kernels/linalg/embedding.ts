// embedding: rows of table[V, D] at integer ids[...] → [..., D]; the gradient scatters into the
// table (see gather_rows.ts). Ids are in [0, V): the CLI validates user inputs and every id the
// model computes comes from the vocabulary.
import type { Kernel } from "../types.js";
import { operand } from "../attrs.js";
import { gatherRows } from "./gather_rows.js";

export const op = "embedding";

export const kernel: Kernel = (inputs, ctx) => gatherRows(operand(inputs, 1, ctx), operand(inputs, 0, ctx));
