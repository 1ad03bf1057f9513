// The .vlm abstract syntax tree. Nodes are readonly and tagged by `kind`; every node carries the
// span of source text it came from (character offsets into its file, end exclusive), so later
// stages can point diagnostics at it. Line/column are computed only when a message is printed.
// `Span` itself is defined with the diagnostics (a leaf every stage may import) and re-exported
// here, because every node has one.
import type { Span } from "../compiler/diagnostics/span.js";
export type { Span };

export interface Ident {
  readonly kind: "Ident";
  readonly name: string;
  readonly span: Span;
}

// ---------------------------------------------------------------- files and items

export interface SourceFile {
  readonly kind: "SourceFile";
  readonly file: string;
  readonly items: readonly Item[];
  readonly span: Span;
}

export type Item = ImportDecl | BlockDecl | FnDecl | ModelDecl;

export interface ImportDecl {
  readonly kind: "ImportDecl";
  readonly path: string;
  readonly span: Span;
}

/** A block parameter: a compile-time value (hyperparameter) given when the block is instantiated. */
export interface BlockParam {
  readonly kind: "BlockParam";
  readonly name: Ident;
  readonly type?: TypeExpr;
  readonly default?: Expr;
  readonly span: Span;
}

export interface BlockDecl {
  readonly kind: "BlockDecl";
  readonly name: Ident;
  /** Empty in a derived block, which takes its base's parameters (see `derive`). */
  readonly params: readonly BlockParam[];
  /** Empty in a derived block, which runs its base's body (see `derive`). */
  readonly body: readonly Stmt[];
  readonly derive?: BlockDerivation;
  readonly doc?: string;
  readonly span: Span;
}

/**
 * `block ScaledViT = VisionTransformer with { norm = RMSNorm(width) }`: the base block's
 * parameters, members and forwards, except that each member named in `overrides` is built by
 * the override instead, at the base member's place in the body (compiler/elaborate/derive.ts).
 * The overrides are member declarations: `name = …` or `param name: …`.
 */
export interface BlockDerivation {
  readonly kind: "BlockDerivation";
  readonly base: Ident;
  readonly overrides: readonly Stmt[];
  readonly span: Span;
}

/** A parameter-free function over tensors (losses, mask builders); it owns no parameters. */
export interface FnDecl {
  readonly kind: "FnDecl";
  readonly name: Ident;
  readonly params: readonly SigParam[];
  readonly returns?: ReturnType;
  readonly body: readonly Stmt[];
  readonly doc?: string;
  readonly span: Span;
}

export interface ModelDecl {
  readonly kind: "ModelDecl";
  readonly name: Ident;
  readonly body: readonly Stmt[];
  readonly doc?: string;
  readonly span: Span;
}

// ---------------------------------------------------------------- types

/** `f32[B, T, width]`, `i32[...]`, `f32[]` (a scalar tensor), or a compile-time type (`int`). */
export type TypeExpr = TensorTypeExpr | ScalarTypeExpr;

/** `(f32[B, D], f32[B])`: a forward's or fn's several results, returned as `return a, b`. */
export interface TupleTypeExpr {
  readonly kind: "TupleTypeExpr";
  readonly items: readonly TypeExpr[];
  readonly span: Span;
}

/** What a forward or fn declares it returns: one type, or a tuple of them. */
export type ReturnType = TypeExpr | TupleTypeExpr;

export interface TensorTypeExpr {
  readonly kind: "TensorTypeExpr";
  readonly dtype: Ident;
  readonly dims: readonly DimPattern[];
  readonly span: Span;
}

export interface ScalarTypeExpr {
  readonly kind: "ScalarTypeExpr";
  readonly name: Ident;
  readonly span: Span;
}

export type DimPattern = Expr | EllipsisExpr;

// ---------------------------------------------------------------- statements

export type Stmt =
  | HyperStmt
  | VariantStmt
  | RequireStmt
  | ParamStmt
  | AssignStmt
  | ExprStmt
  | IfStmt
  | ForStmt
  | ForwardDecl
  | ReturnStmt
  | ShareStmt
  | InputStmt
  | ObjectiveStmt
  | StageStmt
  | GroupStmt
  | MarkStmt
  | PublishedStmt;

/**
 * A declaration's mark: `frozen` (never trained, in any stage or without one) or `checkpoint`
 * (kept to match a checkpoint, so no forward need read it).
 */
export interface Mark {
  readonly kind: "frozen" | "checkpoint";
  readonly span: Span;
}

/** `frozen ** except adapters.**` in a model body: marks the parameters the patterns match. */
export interface MarkStmt {
  readonly kind: "MarkStmt";
  readonly mark: Mark;
  readonly patterns: readonly PathPattern[];
  readonly except: readonly PathPattern[];
  readonly doc?: string;
  readonly span: Span;
}

export interface HyperEntry {
  readonly kind: "HyperEntry";
  readonly name: Ident;
  readonly value: Expr;
  readonly span: Span;
}

/** `hyper width = 768, heads = 12` — a model's hyperparameters, in order. */
export interface HyperStmt {
  readonly kind: "HyperStmt";
  readonly entries: readonly HyperEntry[];
  readonly doc?: string;
  readonly span: Span;
}

/** `variant large { width = 1024, heads = 16 }` — a named set of hyperparameter overrides. */
export interface VariantStmt {
  readonly kind: "VariantStmt";
  readonly name: Ident;
  readonly entries: readonly HyperEntry[];
  readonly doc?: string;
  readonly span: Span;
}

/** `require width % heads == 0, "width must be divisible by heads"` */
export interface RequireStmt {
  readonly kind: "RequireStmt";
  readonly cond: Expr;
  readonly message?: string;
  readonly span: Span;
}

/** `param weight: f32[out, in] init normal(std: 0.02)` */
export interface ParamStmt {
  readonly kind: "ParamStmt";
  readonly name: Ident;
  readonly type: TypeExpr;
  readonly init?: Expr;
  /** `frozen param …` / `checkpoint param …`. */
  readonly mark?: Mark;
  readonly doc?: string;
  readonly span: Span;
}

/** `x = expr` or `a, b = expr`. */
export interface AssignStmt {
  readonly kind: "AssignStmt";
  readonly targets: readonly Ident[];
  readonly value: Expr;
  /** `frozen lm = …` / `checkpoint pos = …`: the instance (or list of instances) is marked. */
  readonly mark?: Mark;
  readonly doc?: string;
  readonly span: Span;
}

/** A call evaluated for its effect, e.g. `enqueue(image_queue, image_feat_m)`. */
export interface ExprStmt {
  readonly kind: "ExprStmt";
  readonly expr: Expr;
  readonly span: Span;
}

export interface IfStmt {
  readonly kind: "IfStmt";
  readonly cond: Expr;
  readonly then: readonly Stmt[];
  readonly else?: readonly Stmt[];
  readonly span: Span;
}

export interface ForStmt {
  readonly kind: "ForStmt";
  readonly variable: Ident;
  readonly iterable: Expr;
  readonly body: readonly Stmt[];
  readonly span: Span;
}

/** A signature parameter of a forward or fn: a tensor, or a compile-time value. */
export interface SigParam {
  readonly kind: "SigParam";
  readonly name: Ident;
  readonly type?: TypeExpr;
  readonly default?: Expr;
  readonly span: Span;
}

/** `forward [mode](x: f32[B, T, width]) -> f32[B, T, width] { ... }` — one mode of a block. */
export interface ForwardDecl {
  readonly kind: "ForwardDecl";
  readonly name?: Ident;
  readonly params: readonly SigParam[];
  readonly returns?: ReturnType;
  readonly body: readonly Stmt[];
  readonly doc?: string;
  readonly span: Span;
}

export interface ReturnStmt {
  readonly kind: "ReturnStmt";
  readonly value: Expr;
  readonly span: Span;
}

/** A path pattern over hierarchical parameter names: `decoder.layers[*].self_attn.**`. */
export interface PathPattern {
  readonly kind: "PathPattern";
  readonly segments: readonly PatternSegment[];
  readonly span: Span;
}

export interface PatternSegment {
  /** A literal name or index, `*` (one segment) or `**` (any number of segments). */
  readonly text: string;
  /** Written as `[3]` or `[*]` rather than `.3` / `.*` (same meaning; kept for printing). */
  readonly bracketed: boolean;
  readonly span: Span;
}

/** `share A with B except C, D` (A becomes an alias of B) or `tie A with B` (one parameter). */
export interface ShareStmt {
  readonly kind: "ShareStmt";
  readonly mode: "share" | "tie";
  readonly target: PathPattern;
  readonly source: PathPattern;
  readonly except: readonly PathPattern[];
  readonly span: Span;
}

/**
 * `input image: f32[B, 3, 224, 224] from image(mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5])` —
 * `from` names where the values come from in an image–caption dataset (compiler/ir/sources.ts).
 */
export interface InputStmt {
  readonly kind: "InputStmt";
  readonly name: Ident;
  readonly type: TypeExpr;
  readonly source?: Expr;
  readonly doc?: string;
  readonly span: Span;
}

/** `objective lm = captioning(logits, text, label_smoothing: 0.1) weight 2.0` */
export interface ObjectiveStmt {
  readonly kind: "ObjectiveStmt";
  readonly name: Ident;
  readonly value: Expr;
  readonly weight?: Expr;
  readonly doc?: string;
  readonly span: Span;
}

/** `stage text { objectives mlm  freeze ** except text_embed.** }` */
export interface StageStmt {
  readonly kind: "StageStmt";
  readonly name: Ident;
  readonly objectives: readonly Ident[];
  readonly freeze: readonly PathPattern[];
  readonly except: readonly PathPattern[];
  readonly doc?: string;
  readonly span: Span;
}

/** `group shared_attention = layers[*].attn.**` — a named parameter group for breakdowns. */
export interface GroupStmt {
  readonly kind: "GroupStmt";
  readonly name: Ident;
  readonly patterns: readonly PathPattern[];
  readonly doc?: string;
  readonly span: Span;
}

/**
 * `published params = 383e6 within 0.5e6 over vision.**, decoder.** for base` — a figure the spec
 * claims to reproduce: the learned parameters matched by the patterns (all, without `over`) must
 * come within the tolerance of the value, in every configuration or (with `for`) in the listed
 * variants. The doc comment names its source.
 */
export interface PublishedStmt {
  readonly kind: "PublishedStmt";
  readonly name: Ident;
  readonly value: Expr;
  readonly tolerance?: Expr;
  readonly patterns: readonly PathPattern[];
  /** `for B16, L14`: the claim holds for these variants only (`default`: no variant). */
  readonly variants?: readonly Ident[];
  readonly doc?: string;
  readonly span: Span;
}

// ---------------------------------------------------------------- expressions

export type Expr =
  | NumberLit
  | StringLit
  | BoolLit
  | NoneLit
  | NameExpr
  | BinaryExpr
  | UnaryExpr
  | CallExpr
  | MemberExpr
  | IndexExpr
  | ListExpr
  | TupleExpr
  | ComprehensionExpr
  | RangeExpr
  | CondExpr;

export interface NumberLit {
  readonly kind: "NumberLit";
  readonly value: number;
  /** Written without a decimal point or exponent: an integer. */
  readonly isInt: boolean;
  readonly text: string;
  readonly span: Span;
}

export interface StringLit {
  readonly kind: "StringLit";
  readonly value: string;
  readonly span: Span;
}

export interface BoolLit {
  readonly kind: "BoolLit";
  readonly value: boolean;
  readonly span: Span;
}

export interface NoneLit {
  readonly kind: "NoneLit";
  readonly span: Span;
}

export interface NameExpr {
  readonly kind: "NameExpr";
  readonly name: string;
  readonly span: Span;
}

export type BinaryOp =
  | "+"
  | "-"
  | "*"
  | "/"
  | "//"
  | "%"
  | "^"
  | "@"
  | "=="
  | "!="
  | "<"
  | "<="
  | ">"
  | ">="
  | "in"
  | "and"
  | "or";

export interface BinaryExpr {
  readonly kind: "BinaryExpr";
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

export interface UnaryExpr {
  readonly kind: "UnaryExpr";
  readonly op: "-" | "not";
  readonly operand: Expr;
  readonly span: Span;
}

export interface Arg {
  readonly kind: "Arg";
  readonly name?: Ident;
  readonly value: Expr;
  readonly span: Span;
}

export interface CallExpr {
  readonly kind: "CallExpr";
  readonly callee: Expr;
  readonly args: readonly Arg[];
  readonly span: Span;
}

export interface MemberExpr {
  readonly kind: "MemberExpr";
  readonly object: Expr;
  readonly member: Ident;
  readonly span: Span;
}

export interface SliceExpr {
  readonly kind: "SliceExpr";
  readonly start?: Expr;
  readonly end?: Expr;
  readonly span: Span;
}

export interface EllipsisExpr {
  readonly kind: "EllipsisExpr";
  readonly span: Span;
}

export type IndexItem = Expr | SliceExpr | EllipsisExpr;

/** `x[:, 0]`, `x[:, 1:]`, `layers[3]` */
export interface IndexExpr {
  readonly kind: "IndexExpr";
  readonly object: Expr;
  readonly items: readonly IndexItem[];
  readonly span: Span;
}

export interface ListExpr {
  readonly kind: "ListExpr";
  readonly items: readonly Expr[];
  readonly span: Span;
}

export interface TupleExpr {
  readonly kind: "TupleExpr";
  readonly items: readonly Expr[];
  readonly span: Span;
}

/**
 * `[Layer(width, cross: i >= 6) for i in 0..depth]`; with `if cond`, only the items for which
 * cond holds (a list of instances keeps each one's position in the iterable as its name).
 */
export interface ComprehensionExpr {
  readonly kind: "ComprehensionExpr";
  readonly element: Expr;
  readonly variable: Ident;
  readonly iterable: Expr;
  readonly filter?: Expr;
  readonly span: Span;
}

/** `a..b`, the integers a, a+1, …, b-1. */
export interface RangeExpr {
  readonly kind: "RangeExpr";
  readonly start: Expr;
  readonly end: Expr;
  readonly span: Span;
}

/** `if c then a else b` — only the chosen branch is elaborated. */
export interface CondExpr {
  readonly kind: "CondExpr";
  readonly cond: Expr;
  readonly then: Expr;
  readonly else: Expr;
  readonly span: Span;
}

export type AstNode =
  | SourceFile
  | Item
  | Stmt
  | Expr
  | TypeExpr
  | BlockParam
  | SigParam
  | HyperEntry
  | Arg
  | SliceExpr
  | EllipsisExpr
  | PathPattern
  | Ident;
