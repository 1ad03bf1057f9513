// The root of a generated model: the class `vlmc compile --target ts` writes for a spec's `model`
// extends Model. It holds the seed every initial value is drawn from, the model-wide record of
// state the IR keeps in its parameter table — which parameter is an alias of which owner
// (share.ts), which momentum copy tracks which source and at what decay (momentum.ts) — and the
// spec's training metadata (objective weights, stages, what is frozen), so that the trainer
// (train.ts) picks the same objectives and parameters as runtime/train/stage.ts selectStage.
// Names are the IR's hierarchical names throughout, so checkpoints (weights.ts) move between a
// generated model and `vlmc run` / `vlmc train` unchanged.
import { matches, patternFromText } from "../../compiler/ir/path-patterns.js";
import { tf, type Tensor, type Variable } from "../tf.js";
import { Module } from "./module.js";
import { withRun, type RunOptions } from "./run.js";

/** What a model's forward computes: every named value and every objective's loss, in source order. */
export interface ModelOutputs<Values extends object = Record<string, Tensor>, Losses extends object = Record<string, Tensor>> {
  readonly values: Values;
  readonly losses: Losses;
}

/** A training stage of the spec: the objectives it trains and the parameter patterns it freezes. */
export interface StageSpec {
  readonly objectives: readonly string[];
  /** Parameter-name patterns in the spec's syntax (`vision.**`); a plain name is a pattern too. */
  readonly frozen: readonly string[];
  /** Patterns of names the stage's `except` keeps trainable among those `frozen` matches. */
  readonly except?: readonly string[];
}

/** A model-wide `frozen` mark: a pattern, or patterns with the names their `except` leaves out. */
export type FrozenMark = string | { readonly patterns: readonly string[]; readonly except: readonly string[] };

/** A momentum parameter and the parameter it tracks (full names), with the decay of its copy. */
export interface MomentumLink {
  readonly param: string;
  readonly source: string;
  readonly decay: number;
}

/** Where a parameter or buffer lives: its module and its local name there. */
export interface Slot {
  readonly module: Module;
  readonly local: string;
}

/** A generated model's forward is typed by its spec (`CLIPValues`, `CLIPLosses`); code over any model reads them by name. */
export abstract class Model<Inputs = Record<string, Tensor>, Values extends object = Record<string, Tensor>, Losses extends object = Record<string, Tensor>> extends Module {
  private readonly initSeed: number;
  /** Alias → owner, by full name (the IR's `sharedWith`): every alias of a group names the group's one owner. */
  readonly aliases = new Map<string, string>();
  /** Every parameter of a momentum copy and what it tracks (the IR's `emaOf`); an alias among them is not updated. */
  readonly momentumLinks: MomentumLink[] = [];

  /** The spec's model name and variant, written into checkpoints as `vlmc run` writes them. */
  abstract readonly modelName: string;
  abstract readonly variant: string | undefined;
  /** Each objective's weight, in declaration order. */
  abstract readonly objectives: Readonly<Record<string, number>>;
  abstract readonly stages: Readonly<Record<string, StageSpec>>;
  /** Parameter patterns the model declares `frozen`: never trained, in any stage. */
  abstract readonly frozenParams: readonly FrozenMark[];

  constructor(config: object, options: ModelOptions = {}) {
    super(undefined, "", config);
    this.initSeed = options.seed ?? 0;
  }

  override get seed(): number {
    return this.initSeed;
  }

  /** Computes every named value and every objective on `inputs`, in the current run. */
  abstract forward(inputs: Inputs): ModelOutputs<Values, Losses>;

  /**
   * The forward in a run of its own: eval by default; `{ training: true, seed, step }` for a
   * training pass. Intermediate tensors are freed; the values and losses returned are the caller's.
   */
  run(inputs: Inputs, opts: RunOptions = {}): ModelOutputs<Values, Losses> {
    return withRun(opts, () => tf.tidy(() => present(this.forward(inputs)) as unknown as tf.TensorContainer) as unknown as ModelOutputs<Values, Losses>);
  }

  /** Every parameter name (owners and aliases) → where it is declared, module by module. */
  paramSlots(): Map<string, Slot> {
    return this.slots("params");
  }

  bufferSlots(): Map<string, Slot> {
    return this.slots("buffers");
  }

  private slots(kind: "params" | "buffers"): Map<string, Slot> {
    const out = new Map<string, Slot>();
    for (const module of this.modules()) {
      for (const [local, decl] of module.declared) if (module[kind].has(local)) out.set(decl.name, { module, local });
    }
    return out;
  }

  /** The variable a parameter name reads (an alias reads its owner's); `owners` is namedParameters(), when at hand. */
  variableOf(name: string, owners: ReadonlyMap<string, Variable> = this.namedParameters()): Variable {
    const v = owners.get(this.aliases.get(name) ?? name) ?? this.namedBuffers().get(name);
    if (!v) throw new Error(`${this.modelName} has no parameter or buffer '${name}'`);
    return v;
  }

  /**
   * Parameter owners (learned and momentum; aliases are read through their owners) by full name,
   * in the IR's order: the order the spec declares them, which is the order their variables
   * were created in.
   */
  namedParameters(): Map<string, Variable> {
    return this.ordered(this.paramSlots(), (name) => !this.aliases.has(name), "params");
  }

  /** Buffers (feature queues and their pointers) by full name, in declaration order. */
  namedBuffers(): Map<string, Variable> {
    return this.ordered(this.bufferSlots(), () => true, "buffers");
  }

  private ordered(slots: ReadonlyMap<string, Slot>, keep: (name: string) => boolean, kind: "params" | "buffers"): Map<string, Variable> {
    const out: [string, Variable][] = [];
    for (const [name, { module, local }] of slots) if (keep(name)) out.push([name, module[kind].get(local)!]);
    // Variable ids grow as variables are created: the constructors' order is the spec's.
    out.sort((a, b) => a[1].id - b[1].id);
    return new Map(out);
  }


  /** The objectives a stage trains, in declaration order (every objective without a stage). */
  stageObjectives(stage?: string): string[] {
    const all = Object.keys(this.objectives);
    if (stage === undefined) return all;
    const wanted = this.stageSpec(stage).objectives;
    return all.filter((o) => wanted.includes(o));
  }

  /** Owners a stage freezes: what its patterns (or, without a stage, the model's `frozen`) match, an alias freezing its owner. */
  frozenOwners(stage?: string): Set<string> {
    const any = (patterns: readonly string[], name: string): boolean => patterns.some((p) => matches(patternFromText(p), name));
    const marked = (name: string): boolean => this.frozenParams.some((m) => (typeof m === "string" ? any([m], name) : any(m.patterns, name) && !any(m.except, name)));
    const spec = stage === undefined ? undefined : this.stageSpec(stage);
    const staged = (name: string): boolean => spec !== undefined && any(spec.frozen, name) && !any(spec.except ?? [], name);
    const out = new Set<string>();
    for (const name of this.paramSlots().keys()) if (marked(name) || staged(name)) out.add(this.aliases.get(name) ?? name);
    return out;
  }

  /**
   * The parameters a training step of `stage` differentiates and updates: owners that are
   * neither momentum copies nor frozen. runtime/train/stage.ts also drops owners the stage's
   * objectives never read; here such a parameter is simply given no gradient, and the
   * optimiser leaves a parameter without a gradient untouched (as torch skips a `.grad` of
   * None), so the step changes exactly the same values.
   */
  trainableParameters(stage?: string): Map<string, Variable> {
    const frozen = this.frozenOwners(stage);
    const slots = this.paramSlots();
    const out = new Map<string, Variable>();
    for (const [name, v] of this.namedParameters()) if (!frozen.has(name) && slots.get(name)!.module.emaOf === undefined) out.set(name, v);
    return out;
  }

  private stageSpec(stage: string): StageSpec {
    const s = this.stages[stage];
    if (s) return s;
    const names = Object.keys(this.stages);
    throw new Error(`${this.modelName} has no stage '${stage}'${names.length ? ` (its stages: ${names.join(", ")})` : " (it declares no stages)"}`);
  }

  /** Frees every variable of the model. */
  dispose(): void {
    for (const v of this.namedParameters().values()) v.dispose();
    for (const v of this.namedBuffers().values()) v.dispose();
  }
}

/** The outputs without the values and losses of branches this configuration does not take. */
function present<V extends object, L extends object>(out: ModelOutputs<V, L>): ModelOutputs<V, L> {
  const keep = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, t]) => t !== undefined)) as T;
  return { values: keep(out.values), losses: keep(out.losses) };
}

/** How a model is built: the seed of its initial values (as `vlmc run --seed`). */
export interface ModelOptions {
  readonly seed?: number;
}

/** Any generated model, whatever its inputs, values and losses. */
export type AnyModel = Model<unknown, object, object>;

/** The model a module belongs to; the API's model-wide operations need one at the root. */
export function modelOf(m: Module): AnyModel {
  const root = m.root();
  if (!(root instanceof Model)) throw new Error(`${m.path || "this module"} is not part of a Model (share, momentum and queue need a model at the root)`);
  return root;
}
