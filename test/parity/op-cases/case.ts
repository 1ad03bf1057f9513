// What one op parity case is: an op, its inputs and attributes, which inputs to differentiate
// and the tolerance; every family of ops (op-cases/*.ts) lists its cases with these helpers.
import type { AttrValue } from "../../../compiler/ir/types.js";
import type { HostTensor } from "../../../runtime/init.js";
import { TOL } from "../compare.js";
import { Draws } from "../tensors.js";

export interface OpCase {
  /** Unique; names the tensors of the case in the exchanged files. */
  readonly name: string;
  readonly op: string;
  /** undefined: an absent optional input. */
  readonly inputs: readonly (HostTensor | undefined)[];
  readonly attrs: Readonly<Record<string, AttrValue>>;
  /** Inputs whose gradient is compared (sum(out · cotangent) differentiated); default: every float input. */
  readonly grads: readonly number[];
  /** Forward and gradient tolerance. */
  readonly tol: number;
  readonly training: boolean;
  /**
   * For an op that draws random numbers: what the reference needs to redo the deterministic rest
   * from vlmc's draws (e.g. which elements dropout kept), recovered from vlmc's result.
   */
  readonly draws?: (out: HostTensor, inputs: readonly (HostTensor | undefined)[]) => HostTensor;
}

export interface CaseOptions {
  readonly attrs?: Readonly<Record<string, AttrValue>>;
  readonly grads?: readonly number[];
  readonly tol?: number;
  readonly training?: boolean;
  readonly draws?: OpCase["draws"];
}

/** A case; elementwise ops default to the elementwise tolerance, everything else to float32's. */
export function opCase(name: string, op: string, inputs: readonly (HostTensor | undefined)[], options: CaseOptions = {}): OpCase {
  const floats = inputs.flatMap((t, i) => (t && t.dtype === "f32" ? [i] : []));
  return {
    name,
    op,
    inputs,
    attrs: options.attrs ?? {},
    grads: options.grads ?? floats,
    tol: options.tol ?? TOL.float,
    training: options.training ?? false,
    ...(options.draws ? { draws: options.draws } : {}),
  };
}

/** Fresh draws for one case: values depend only on the case's name. */
export function draws(name: string): Draws {
  return new Draws(name);
}
