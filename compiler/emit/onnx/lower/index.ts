// Every op's ONNX lowering, by IR op name. Ops without one are the sources the emitter maps to
// graph inputs and initializers, and those it refuses with a diagnostic (emit.ts).
import type { Lowering } from "./context.js";
import { elementwiseLowerings } from "./elementwise.js";
import { layoutLowerings } from "./layout.js";
import { linalgLowerings } from "./linalg.js";
import { objectiveLowerings } from "./objectives.js";
import { sourceLowerings } from "./sources.js";

export const LOWERINGS: ReadonlyMap<string, Lowering> = new Map(
  Object.entries({ ...sourceLowerings, ...elementwiseLowerings, ...layoutLowerings, ...linalgLowerings, ...objectiveLowerings }),
);
