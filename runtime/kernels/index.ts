// The kernel registry: every op of compiler/ir/ops.ts has exactly one kernel, in its own file
// under the folder of its op family (`export const op`, `export const kernel`). A test asserts
// that the two registries match.
import { elementwiseKernels } from "./elementwise/index.js";
import { layoutKernels } from "./layout/index.js";
import { linalgKernels } from "./linalg/index.js";
import { objectiveKernels } from "./objectives/index.js";
import { sourceKernels } from "./sources/index.js";
import type { Kernel, KernelEntry } from "./types.js";

const ALL: readonly KernelEntry[] = [...sourceKernels, ...elementwiseKernels, ...layoutKernels, ...linalgKernels, ...objectiveKernels];

export const KERNELS: ReadonlyMap<string, Kernel> = new Map(ALL.map((k) => [k.op, k.kernel]));

if (KERNELS.size !== ALL.length) throw new Error("two kernels claim the same op");

export function kernelFor(op: string): Kernel {
  const k = KERNELS.get(op);
  if (!k) throw new Error(`no kernel for op '${op}' (internal error: every registry op has one)`);
  return k;
}
