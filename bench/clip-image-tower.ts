// vlmc's side of the runtime benchmark: CLIP ViT-B/16 compiled from specs/models/clip.vlm and run
// by the runtime's forward pass with only `image_features` requested, so the plan holds the image
// tower alone. Also counts the tower's FLOPs from the IR (compiler/analysis/flops.ts), which the
// benchmark uses for every implementation's GFLOP/s, since they all compute the same tower.
import { compileFile } from "../compiler/compile.js";
import { hasErrors } from "../compiler/diagnostics/diagnostic.js";
import { nodeFlops, evaluate } from "../compiler/analysis/flops.js";
import type { IrGraph } from "../compiler/ir/types.js";
import { Dim } from "../compiler/shapes/dim.js";
import { bindDims } from "../runtime/dims.js";
import { forward } from "../runtime/forward.js";
import { planFor, type Plan } from "../runtime/plan.js";
import { ModelState } from "../runtime/state.js";
import type { Tensor } from "../runtime/tf.js";

export const IMAGE_OUTPUT = "image_features";

export interface ImageTower {
  /** FLOPs of one forward at this batch size (the IR's count). */
  flops(batch: number): number;
  /** Bytes of the tower's parameters (the whole CLIP state is loaded; this is the part the tower reads). */
  readonly towerParamBytes: number;
  forward(pixels: Tensor): Tensor;
  /** The state's tensor under a parameter's full name (the generated tower computes on these too). */
  weight(name: string): Tensor;
  dispose(): void;
}

export function compileClip(variant = "B16"): IrGraph {
  const r = compileFile("specs/models/clip.vlm", { variant });
  if (!r.ir || hasErrors(r.diagnostics)) throw new Error(`specs/models/clip.vlm (${variant}) does not compile`);
  return r.ir;
}

function towerPlan(ir: IrGraph): Plan {
  const target = ir.outputs.get(IMAGE_OUTPUT);
  if (target === undefined) throw new Error(`CLIP has no output ${IMAGE_OUTPUT}`);
  return planFor(ir, [target]);
}

/** FLOPs of the image tower's forward at this batch size, as the compiler counts them. */
export function imageTowerFlops(ir: IrGraph, batch: number): number {
  const perNode = nodeFlops(ir);
  const bindings = new Map([["B", Dim.of(batch)]]);
  return towerPlan(ir).order.reduce((sum, id) => sum + (evaluate(perNode[id]!, bindings) ?? 0), 0);
}

export function vlmcImageTower(variant = "B16", seed = 1): ImageTower {
  const ir = compileClip(variant);
  const plan = towerPlan(ir);
  const state = ModelState.initialise(ir, seed);
  const towerParams = plan.order.map((id) => ir.nodes[id]!).filter((n) => n.op === "param");
  const towerParamBytes = towerParams.reduce((sum, n) => sum + state.param(String(n.attrs["name"])).size * 4, 0);
  return {
    flops: (batch) => imageTowerFlops(ir, batch),
    towerParamBytes,
    forward: (pixels) => {
      const dims = bindDims(ir, new Map([["image", pixels.shape]]));
      const r = forward(ir, state, new Map([["image", pixels]]), dims, { outputs: [IMAGE_OUTPUT], objectives: [] });
      return r.outputs.get(IMAGE_OUTPUT)!;
    },
    weight: (name) => state.param(name),
    dispose: () => state.dispose(),
  };
}
