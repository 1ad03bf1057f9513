// An instance: one instantiation of a block at a hierarchical path. It owns the parameters its
// block declares, its sub-instances and its forward modes. Calling it twice reuses them.
import type { BlockDecl, ForwardDecl, Span } from "../../grammar/ast.js";
import type { TensorType } from "../ir/types.js";
import type { Env } from "./env.js";
import type { Value } from "./values.js";

export class Instance {
  readonly children: Instance[] = [];
  readonly params: string[] = [];
  readonly modes = new Map<string, ForwardDecl>();
  calls = 0;
  firstOutput: TensorType[] | undefined;
  /** The tensor arguments of its first call, in order (module interfaces for reports and diffs). */
  firstInput: TensorType[] | undefined;

  constructor(
    readonly path: string,
    /** undefined for the model root and for lists of instances. */
    readonly block: BlockDecl | undefined,
    readonly env: Env,
    readonly span: Span,
    readonly parent: Instance | undefined,
    /** The evaluated constructor arguments, to rebuild the instance for a momentum copy. */
    readonly ctorArgs: ReadonlyMap<string, Value>,
    /** Elements, when this is a list of instances made by a comprehension. */
    readonly items: Instance[] | undefined,
    readonly ema: { readonly of: Instance; readonly decay: number } | undefined,
    readonly doc: string | undefined,
  ) {}

  get isList(): boolean {
    return this.items !== undefined;
  }

  get blockName(): string {
    return this.block?.name.name ?? (this.isList ? "list" : "model");
  }

  /** The path of a member: `vision.layers` + `3` → `vision.layers.3`. */
  child(name: string): string {
    return this.path === "" ? name : `${this.path}.${name}`;
  }
}
