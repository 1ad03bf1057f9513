// Writing a model's state as a safetensors checkpoint, and putting loaded tensors back into one.
// The file holds what ModelState stores — every parameter owner (learned and momentum) and every
// buffer — so a share group is written once, under its owner; the metadata records the share
// map ({alias: owner}, key `vlmc.shares`) so that other readers (the PyTorch side, via
// tools/safetensors_io.py) can restore every name, plus the model, variant and format.
import type { Diagnostic } from "../../compiler/diagnostics/diagnostic.js";
import type { HostTensor } from "../init.js";
import type { ModelState } from "../state.js";
import { storageOf } from "./dtypes.js";
import { vlmcMetadata } from "./metadata.js";
import { writeSafetensors, type StWriteEntry } from "./safetensors.js";

export { CHECKPOINT_FORMAT } from "./metadata.js";

/** The `__metadata__` vlmc writes for `state`, over any extra string entries. */
export function checkpointMetadata(state: ModelState, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const shares = new Map<string, string>();
  for (const p of state.ir.params.values()) if (p.sharedWith !== undefined) shares.set(p.name, p.sharedWith);
  return vlmcMetadata(state.ir.model, state.ir.variant, shares, extra);
}

/**
 * Writes `state` to `file` atomically (safetensors.ts). Each tensor is copied off the backend
 * only when the writer reaches it, so at most one tensor is on the host at a time.
 */
export function saveWeights(state: ModelState, file: string, meta: Readonly<Record<string, string>> = {}): Diagnostic[] {
  const entries: StWriteEntry[] = state.names().map((name) => {
    const p = state.ir.params.get(name);
    const spec = p ?? state.ir.buffers.get(name)!;
    return { name, dtype: storageOf(spec.dtype), shape: spec.shape, data: () => state.read(name).data };
  });
  return writeSafetensors(file, entries, checkpointMetadata(state, meta));
}

/**
 * Assigns loaded tensors (`loadWeights`' result) to the state; unnamed tensors keep their value,
 * and tensors a partial state does not hold (the run never reads them) are skipped.
 */
export function loadIntoState(state: ModelState, tensors: ReadonlyMap<string, HostTensor>): void {
  for (const [name, t] of tensors) if (state.has(name)) state.assign(name, t);
}
