// `m = ema(source, decay: d)` in generated code: a momentum copy — the same block built again
// from the same arguments (compiler/elaborate/instantiate.ts momentumCopy), whose parameters
// are never trained but follow their sources after each optimiser step,
// p_m ← d·p_m + (1 − d)·p (runtime/train/update-rules.ts momentumStep, applied by train.ts).
// As runtime/state.ts initialises it, every momentum parameter starts equal to the owner of what
// it tracks (ALBEF's and BLIP's `copy_params`); one that tracks another momentum copy starts
// from its own initialiser.
import type { Variable } from "../tf.js";
import { modelOf } from "./model.js";
import { ModuleList, type BlockClass, type Module } from "./module.js";

/** Builds `name` under `parent` as a momentum copy of `source` with this decay, in (0, 1). */
export function momentum<M extends Module>(parent: Module, name: string, source: M, decay: number): M {
  const model = modelOf(parent);
  const what = `momentum copy ${parent.nameOf(name)} of ${source.path}`;
  if (!(decay > 0 && decay < 1)) throw new Error(`${what}: the decay must be between 0 and 1, not ${decay}`);
  if (source instanceof ModuleList || source.parent === undefined) throw new Error(`${what}: only a block instance can be copied, not a list or the model`);
  const Block = source.constructor as BlockClass<M>;
  const copy = new Block(parent, name, source.config);
  const sources = new Map<string, Module>();
  for (const m of source.modules()) sources.set(m.path.slice(source.path.length), m);
  for (const m of copy.modules()) m.emaOf = sources.get(m.path.slice(copy.path.length)) ?? source;
  const owners = model.namedParameters();
  for (const [full, slot] of model.paramSlots()) {
    if (slot.module !== copy && !slot.module.path.startsWith(copy.path + ".")) continue;
    const tracked = source.path + full.slice(copy.path.length);
    model.momentumLinks.push({ param: full, source: tracked, decay });
    // An alias inside the copy (a `tie` in the block) reads its owner in the copy: nothing of its own.
    if (model.aliases.has(full)) continue;
    const v: Variable = slot.module.params.get(slot.local)!;
    v.trainable = false;
    const from = model.variableOf(tracked, owners);
    if (from.trainable) v.assign(from);
  }
  return copy;
}
