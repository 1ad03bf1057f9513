// Parameter counting. A shared tensor counts once, at its owner; aliases count zero. Momentum
// (EMA) copies and feature queues are state, not learned parameters: they are reported apart
// and not in the total. A parameter is trainable in a stage when the stage does not freeze it
// and a gradient from one of the stage's objectives reaches it. Totals are bigints: a spec may
// describe a model past 2^53 elements, and its count must still be exact.
import { getOp } from "./ops.js";
import type { IrGraph, IrParam, IrPublished, IrStage } from "./types.js";

export function numelOf(p: { shape: readonly number[] }): number {
  return p.shape.reduce((a, b) => a * b, 1);
}

/** The element count, exact at any size. */
export function exactNumel(p: { shape: readonly number[] }): bigint {
  let n = 1n;
  for (const d of p.shape) n *= BigInt(d);
  return n;
}

export function isOwner(p: IrParam): boolean {
  return p.sharedWith === undefined;
}

export function isLearned(p: IrParam): boolean {
  return p.emaOf === undefined;
}

export interface ParamTotals {
  /** Distinct learned parameters (owners, excluding momentum copies). */
  readonly total: bigint;
  /** Elements saved by sharing: what the aliases would add if they were separate. */
  readonly shared: bigint;
  /** Momentum (EMA) copies. */
  readonly momentum: bigint;
  /** Feature queues and other buffers. */
  readonly buffers: bigint;
}

export function paramTotals(ir: IrGraph): ParamTotals {
  let total = 0n;
  let shared = 0n;
  let momentum = 0n;
  for (const p of ir.params.values()) {
    const n = exactNumel(p);
    if (!isLearned(p)) {
      if (isOwner(p)) momentum += n;
    } else if (isOwner(p)) total += n;
    else shared += n;
  }
  let buffers = 0n;
  // Queue pointers are bookkeeping, not data.
  for (const b of ir.buffers.values()) if (b.role !== "pointer") buffers += exactNumel(b);
  return { total, shared, momentum, buffers };
}

/** Owner parameters a gradient from these loss nodes reaches. */
export function gradientReach(ir: IrGraph, losses: readonly number[]): Set<string> {
  const seen = new Uint8Array(ir.nodes.length);
  const out = new Set<string>();
  const stack = [...losses];
  while (stack.length) {
    const id = stack.pop()!;
    if (id < 0 || seen[id]) continue;
    seen[id] = 1;
    const n = ir.nodes[id]!;
    if (n.op === "param") {
      const p = ir.params.get(n.attrs["name"] as string);
      if (p && isLearned(p)) out.add(p.sharedWith ?? p.name);
      continue;
    }
    if (getOp(n.op).blocksGradient) continue;
    for (const i of n.inputs) if (i >= 0) stack.push(i);
  }
  return out;
}

/**
 * Owners trainable in a stage (or, without one, in the model as a whole): not frozen (by the
 * stage or the model, under any of their names) and reached by a gradient of the stage's
 * objectives. A model without objectives trains everything it has that is not frozen.
 */
export function trainableOwners(ir: IrGraph, stage: IrStage | undefined): Set<string> {
  const objectives = stage ? ir.objectives.filter((o) => stage.objectives.includes(o.name)) : ir.objectives;
  const owners = new Set<string>();
  if (ir.objectives.length === 0 && !stage) {
    for (const p of ir.params.values()) if (isOwner(p) && isLearned(p) && !p.frozen) owners.add(p.name);
    return owners;
  }
  const reached = gradientReach(
    ir,
    objectives.map((o) => o.node),
  );
  const frozenOwners = new Set((stage?.frozen ?? modelFrozen(ir)).map((f) => ir.params.get(f)?.sharedWith ?? f));
  for (const o of reached) if (!frozenOwners.has(o)) owners.add(o);
  return owners;
}

/** Parameters the model declares `frozen` (a stage's frozen list includes them too). */
export function modelFrozen(ir: IrGraph): string[] {
  return [...ir.params.values()].filter((p) => p.frozen).map((p) => p.name);
}

export function countOf(ir: IrGraph, owners: Iterable<string>): bigint {
  let n = 0n;
  for (const o of owners) {
    const p = ir.params.get(o);
    if (p) n += exactNumel(p);
  }
  return n;
}

/**
 * The count a `published` figure is compared with: the owners its patterns matched, or the
 * total. One definition, so the check that warns and the summary that shows the claim agree.
 */
export function countedFor(ir: IrGraph, p: IrPublished): bigint {
  return p.params ? countOf(ir, p.params) : paramTotals(ir).total;
}

export function publishedHolds(ir: IrGraph, p: IrPublished): boolean {
  return Math.abs(Number(countedFor(ir, p)) - p.value) <= p.tolerance;
}
