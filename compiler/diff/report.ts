// The architecture diff's report: what `diff(irA, irB)` returns and every renderer reads. It is
// also the JSON format (`vlmc diff --format json`), so it is versioned: a field is added with a
// new minor version, and any change to the meaning or shape of an existing one bumps `version`.
// docs/diff-schema.md documents every field.
//
// Sides are "a" (the old model) and "b" (the new one); deltas are b − a, percentages relative to
// a (null when a is 0). Parameter counts follow the summary's conventions: learned parameters
// with shared tensors counted once at their owner; momentum copies and queues apart.

export const DIFF_SCHEMA = "vlmc.diff";
export const DIFF_SCHEMA_VERSION = 1;

/** Where one side of the diff came from. */
export interface DiffSide {
  /** As the user wrote it: `specs/models/blip.vlm#base`, `HEAD~1:specs/models/blip.vlm`. */
  readonly label: string;
  /** The spec file (relative to the working directory), without revision. */
  readonly file: string;
  /** The git revision it was read at, or null for the working tree. */
  readonly revision: string | null;
  readonly model: string;
  readonly variant: string | null;
}

/** A number on both sides (null where the side has none). */
export interface Delta {
  readonly a: number | null;
  readonly b: number | null;
  /** b − a (null when either side is null). */
  readonly delta: number | null;
  /** 100·(b − a)/a (null when either side is null or a is 0). */
  readonly percent: number | null;
}

export type Change = "added" | "removed" | "changed";

export type HyperValue = number | boolean | string;

export interface HyperChange {
  readonly name: string;
  readonly change: Change;
  readonly a: HyperValue | null;
  readonly b: HyperValue | null;
}

export interface Totals {
  /** Distinct learned parameters. */
  readonly params: Delta;
  /** Trainable in the model's default (all objectives, nothing frozen). */
  readonly trainable: Delta;
  /** Elements saved by sharing and tying. */
  readonly shared: Delta;
  /** Momentum (EMA) copies. */
  readonly momentum: Delta;
  /** Feature queues and other buffers. */
  readonly buffers: Delta;
  /** FLOPs of everything the model computes, per sample (B = 1). */
  readonly flops: Delta;
}

/**
 * How a module of one side corresponds to the other: matched by hierarchical name
 * (`same`), recognised by structure under another name (`renamed`: same parent, another name;
 * `moved`: another parent), or present on one side only.
 */
export type ModuleStatus = "same" | "renamed" | "moved" | "added" | "removed";

export interface ModuleEntry {
  /** Path on side a / side b ("" is the model; null where the side has no such module). */
  readonly a: string | null;
  readonly b: string | null;
  readonly status: ModuleStatus;
  /** Depth in the tree of side b (side a for removed modules); the model is 0. */
  readonly depth: number;
  readonly block: { readonly a: string | null; readonly b: string | null };
  /** Learned parameters owned in the subtree. */
  readonly params: Delta;
  /** Parameters in the subtree that are aliases of ones owned elsewhere. */
  readonly shared: Delta;
  /** FLOPs per sample (B = 1) counted at every call of the subtree. */
  readonly flops: Delta;
  /** Types of the tensor arguments of the first call, comma-separated, where it was called. */
  readonly input: { readonly a: string | null; readonly b: string | null };
  /** Output type of the first call (`f32[B, 197, 768]`), where it has one. */
  readonly output: { readonly a: string | null; readonly b: string | null };
  /**
   * What differs in the module itself or below it: `block`, `params`, `flops`, `input`, `output`,
   * `shared`, `calls`, `momentum`; empty when the subtree is identical (up to a rename).
   */
  readonly changes: readonly string[];
}

/** A parameter's shape on both sides (matched through renames). */
export interface ShapeChange {
  readonly a: string;
  readonly b: string;
  readonly shape: { readonly a: string; readonly b: string };
}

/** Parameter shape changes with the same shapes on both sides, names compressed to patterns. */
export interface ShapeGroup {
  readonly params: string;
  readonly shape: { readonly a: string; readonly b: string };
  readonly count: number;
}

/** An input of the model whose declared type changed, or that exists on one side only. */
export interface InputChange {
  readonly name: string;
  readonly change: Change;
  readonly a: string | null;
  readonly b: string | null;
}

/**
 * A change in what a parameter shares: `kind` is "share" (declared with `share`) or "tie" (a tied
 * head and embedding); `owner` is the parameter it reads (null: it owns its tensor).
 */
export interface SharingChange {
  readonly change: "now shared" | "no longer shared" | "owner changed" | "kind changed";
  /** The parameter's name on side b (side a when it exists there only). */
  readonly param: string;
  readonly a: { readonly owner: string | null; readonly kind: string | null };
  readonly b: { readonly owner: string | null; readonly kind: string | null };
  /** Its elements: what the change adds to (no longer shared) or removes from the total. */
  readonly elements: number;
}

/** Sharing changes with a common shape, compressed for reading: `decoder.layers.*.crossattention.*`. */
export interface SharingGroup {
  readonly change: SharingChange["change"];
  /** `share` or `tie` on each side (null where the parameters own their tensors). */
  readonly kinds: { readonly a: string | null; readonly b: string | null };
  /** The parameters as patterns (`decoder.layers.{0..11}.cross_attn.{q,k}.weight`), comma-separated. */
  readonly params: string;
  /** The owners as a pattern. */
  readonly owners: { readonly a: string | null; readonly b: string | null };
  readonly count: number;
  /** Total elements of the group's parameters. */
  readonly elements: number;
}

export interface MomentumChange {
  /** The momentum copy's instance (side b's name, or a's when removed). */
  readonly instance: string;
  readonly change: Change;
  readonly a: { readonly of: string; readonly decay: number } | null;
  readonly b: { readonly of: string; readonly decay: number } | null;
}

export interface QueueChange {
  readonly name: string;
  readonly change: Change;
  readonly a: string | null;
  readonly b: string | null;
}

export interface Sharing {
  readonly params: readonly SharingChange[];
  readonly groups: readonly SharingGroup[];
  readonly momentum: readonly MomentumChange[];
  readonly queues: readonly QueueChange[];
}

/** An objective as the spec declares it. */
export interface ObjectiveView {
  /** The function it applies (`contrastive`, `itm_hard`, …), or "" for an expression. */
  readonly fn: string;
  /** The declaration's expression, whitespace collapsed. */
  readonly expr: string;
  readonly weight: number;
  /**
   * Constants that shape the loss, from its subgraph: mask probabilities, label smoothing,
   * temperatures, momentum mixing (`mask_tokens.p: 0.15`); sorted by name.
   */
  readonly settings: Readonly<Record<string, string>>;
}

export interface ObjectiveChange {
  readonly name: string;
  readonly change: Change;
  readonly a: ObjectiveView | null;
  readonly b: ObjectiveView | null;
  /** For `changed`: `fn`, `expr`, `weight`, `settings`. */
  readonly fields: readonly string[];
}

export interface StageView {
  readonly objectives: readonly string[];
  /** Trainable parameters in the stage. */
  readonly trainable: number;
  /** Frozen parameters as compressed patterns. */
  readonly frozen: readonly string[];
}

export interface StageChange {
  readonly name: string;
  readonly change: Change;
  readonly a: StageView | null;
  readonly b: StageView | null;
  readonly objectives: { readonly added: readonly string[]; readonly removed: readonly string[] };
  /** Parameters (patterns) frozen on one side only. */
  readonly frozen: { readonly added: readonly string[]; readonly removed: readonly string[] };
  readonly trainable: Delta;
}

export interface PublishedView {
  readonly value: number;
  readonly counted: number;
  readonly holds: boolean;
}

export interface PublishedChange {
  readonly name: string;
  /** `holds on a only`, `holds on b only`, `added`, `removed`, or `changed` (value or count). */
  readonly change: "holds on a only" | "holds on b only" | Change;
  readonly a: PublishedView | null;
  readonly b: PublishedView | null;
}

export interface DiffReport {
  readonly schema: typeof DIFF_SCHEMA;
  readonly version: typeof DIFF_SCHEMA_VERSION;
  readonly a: DiffSide;
  readonly b: DiffSide;
  /** True when nothing below differs (renders as "no differences"). */
  readonly identical: boolean;
  readonly totals: Totals;
  readonly hypers: readonly HyperChange[];
  /** Every module of both trees in b's tree order (removed ones after their old neighbours). */
  readonly modules: readonly ModuleEntry[];
  readonly shapes: { readonly inputs: readonly InputChange[]; readonly params: readonly ShapeChange[]; readonly groups: readonly ShapeGroup[] };
  readonly sharing: Sharing;
  readonly objectives: readonly ObjectiveChange[];
  readonly stages: readonly StageChange[];
  readonly published: readonly PublishedChange[];
}

/** The sections `--only` can select. */
export const DIFF_SECTIONS = ["params", "shapes", "sharing", "objectives", "stages"] as const;
export type DiffSection = (typeof DIFF_SECTIONS)[number];
