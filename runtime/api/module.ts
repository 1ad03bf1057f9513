// The base of every generated block class. A module knows its path in the model (the IR's
// hierarchical names: `visual.vit.layers.0.attn`), declares its parameters and buffers under it,
// and runs each forward mode in the key frame the compiler gives that call (run.ts), so that
// random ops draw what the IR runtime draws. Parameters are tf.Variables held in plain fields;
// sharing (share.ts) points an alias's field at its owner's variable, so a shared parameter is
// one object, never a copy. The root module (the model) holds the seed every initial value is
// drawn from: each value depends only on the seed and the parameter's name, as in the runtime
// (runtime/init.ts), so a generated model and `vlmc run` start from the same weights.
import type { DType, InitSpec } from "../../compiler/ir/types.js";
import { tfDtype } from "../dtypes.js";
import { initialValue } from "../init.js";
import { tf, type Tensor, type Variable } from "../tf.js";
import { currentRun } from "./run.js";

/** A stored tensor's declaration: kept so that weights files can be checked against it. */
export interface StoredTensor {
  /** Full hierarchical name (`visual.proj`). */
  readonly name: string;
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly init: InitSpec;
}

export type { InitSpec };

/**
 * A generated block class: `new Block(parent, name, config)`, with its parameters' names in
 * declaration order (a `block`-typed parameter's instances are built from positional arguments).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type BlockClass<M extends Module = Module> = (new (parent: Module, name: string, config: any) => M) & { readonly params: readonly string[] };

/**
 * `layer(width, heads, eps: eps)` where `layer` is a `block`-typed parameter: positional
 * arguments are named by the class actually given, as the elaborator binds them.
 */
export function construct<M extends Module>(cls: BlockClass<M>, parent: Module, name: string, positional: readonly unknown[], named: object = {}): M {
  if (positional.length > cls.params.length) throw new TypeError(`${cls.name} takes ${cls.params.length} arguments, ${positional.length} given`);
  const config: Record<string, unknown> = { ...named };
  positional.forEach((v, i) => (config[cls.params[i]!] = v));
  return new cls(parent, name, config);
}

/**
 * An instance of a block chosen by a `block`-typed parameter that has no default: generated
 * code can only call its default forward.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyBlock = Module & { forward(...args: any[]): Tensor };

/**
 * An instance of a block chosen by a `block`-typed parameter (`norm: block = LayerNorm`): any
 * module with the default block's methods, so RMSNorm serves where LayerNorm is the default.
 */
export type Chosen<M extends Module> = Module & { [K in keyof M as M[K] extends (...args: never[]) => unknown ? K : never]: M[K] };

/** A `fn`-typed value: an op (`ops.gelu`) or a generated spec function. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SpecFn = (...args: any[]) => Tensor;

/** The spec's `start..end`: the integers from start up to (not including) end. */
export function range(start: number, end: number): number[] {
  return Array.from({ length: Math.max(0, end - start) }, (_, i) => start + i);
}

export abstract class Module {
  readonly path: string;
  /** Local name → variable, in declaration order (an alias's entry is replaced by its owner's variable). */
  readonly params = new Map<string, Variable>();
  readonly buffers = new Map<string, Variable>();
  readonly children = new Map<string, Module>();
  readonly declared = new Map<string, StoredTensor>();
  /** Set on a momentum copy (and everything under it): the module whose parameters it tracks. */
  emaOf: Module | undefined;

  protected constructor(
    readonly parent: Module | undefined,
    readonly name: string,
    /** The block's arguments as given (a momentum copy is built again from them). */
    readonly config: object = {},
  ) {
    this.path = parent === undefined ? "" : parent.path === "" ? name : `${parent.path}.${name}`;
    parent?.children.set(name, this);
  }

  /** The model this module belongs to. */
  root(): Module {
    let m: Module = this;
    while (m.parent) m = m.parent;
    return m;
  }

  /** The seed of initial values; only the root holds one (Model overrides this). */
  get seed(): number {
    return this.parent ? this.root().seed : 0;
  }

  /** The hierarchical name of a tensor declared here. */
  nameOf(local: string): string {
    return this.path === "" ? local : `${this.path}.${local}`;
  }

  /** Declares a learned parameter with its initialiser (the spec's `param`). */
  protected param(local: string, dtype: DType, shape: readonly number[], init: InitSpec): Variable {
    return this.store(this.params, local, dtype, shape, init, true);
  }

  /** Declares a buffer: state that is not learned (queues and their pointers). */
  protected buffer(local: string, dtype: DType, shape: readonly number[], init: InitSpec): Variable {
    return this.store(this.buffers, local, dtype, shape, init, false);
  }

  private store(into: Map<string, Variable>, local: string, dtype: DType, shape: readonly number[], init: InitSpec, trainable: boolean): Variable {
    const name = this.nameOf(local);
    const host = initialValue(name, dtype, shape, init, this.seed);
    const v = tf.variable(tf.tensor(host.data, [...shape], tfDtype(dtype)), trainable, `${name}#${variableCounter++}`);
    into.set(local, v);
    this.declared.set(local, { name, dtype, shape: [...shape], init });
    return v;
  }

  /** Runs `body` as this module's forward `mode` ("" for the default forward). */
  protected call<T>(mode: string, body: () => T): T {
    // A call's intermediates are freed when it returns (its results are kept): without this,
    // a whole forward holds every intermediate until the end (1.07 GB against the IR runtime's
    // 78 MB for CLIP B/16's image tower at batch 8). Under a gradient tape tfjs keeps what the
    // backward pass needs.
    return currentRun().call(this.path, mode, () => tf.tidy(() => body() as tf.TensorContainer) as T);
  }

  /** Every module under this one (itself first), depth first in declaration order. */
  *modules(): Generator<Module> {
    yield this;
    for (const c of this.children.values()) yield* c.modules();
  }
}

/** tfjs variable names must be unique per engine; the name keeps the IR name readable in errors. */
let variableCounter = 0;

/**
 * A list of instances (`layers = [Layer(…) for i in 0..depth]`): element k is named by its
 * position in what the comprehension iterated over, so a filtered list keeps `adapters.3`.
 */
export class ModuleList<M extends Module> extends Module {
  readonly items: M[] = [];
  /** The element names, in order (positions in the iterable). */
  readonly keys: number[] = [];

  constructor(parent: Module, name: string) {
    super(parent, name);
  }

  /** Builds the list: `make(list, key, item)` for each item kept by `keep` (every item without a filter). */
  static build<T, M extends Module>(
    parent: Module,
    name: string,
    iterable: readonly T[],
    make: (list: ModuleList<M>, key: string, item: T) => M,
    keep: (item: T) => boolean = () => true,
  ): ModuleList<M> {
    const list = new ModuleList<M>(parent, name);
    iterable.forEach((item, at) => {
      if (!keep(item)) return;
      list.keys.push(at);
      list.items.push(make(list, String(at), item));
    });
    return list;
  }

  /** The element named `key` (its position in the iterable); negative keys count from the end. */
  at(key: number): M {
    const holes = this.keys.some((k, i) => k !== i);
    const i = key < 0 ? this.items.length + key : holes ? this.keys.indexOf(key) : key;
    const m = this.items[i];
    if (m === undefined) throw new RangeError(`${this.path} has no element ${key} (it has ${this.keys.join(", ")})`);
    return m;
  }

  get length(): number {
    return this.items.length;
  }

  /**
   * The spec's `layers[a:b]`: bounds are element names (positions in the iterable), negative
   * ones count from the end — as compiler/elaborate/indexing.ts slices an instance list.
   */
  slice(start = 0, end = Infinity): M[] {
    const at = (i: number): number => (i < 0 ? this.items.length + i : this.keys.filter((k) => k < i).length);
    return this.items.slice(at(start), at(end));
  }
}

/** A value read as a tensor: variables are read as they are (the tape sees them). */
export type TensorLike = Tensor | Variable;

/** The name of the preset `config` is (by identity), for checkpoints' metadata; undefined for a config of one's own. */
export function presetName(presets: Readonly<Record<string, object>>, config: object): string | undefined {
  return Object.keys(presets).find((k) => presets[k] === config);
}
