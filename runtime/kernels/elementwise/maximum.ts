// maximum: elementwise max(a, b), broadcasting; a tie splits the gradient equally (as PyTorch).
import type { Kernel } from "../types.js";
import { extremum } from "./extremum.js";

export const op = "maximum";
export const kernel: Kernel = extremum("max");
