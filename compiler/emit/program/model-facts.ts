// Facts about a model body that every source emitter needs in the same form: its inputs (those
// declared inside a branch exist only when the configuration takes it), the body without the
// input declarations (which name shape symbols without reading them), the parameters it marks
// `frozen` (with their `except`s), and where each shape symbol a body reads can be bound from.
import type * as A from "../../../grammar/ast.js";
import { printPattern } from "../../../grammar/printer.js";
import { walkNames } from "./program.js";

export interface ModelInputs {
  /** Every input, once, in declaration order. */
  readonly inputs: readonly A.InputStmt[];
  /** Names of inputs declared inside a branch. */
  readonly conditional: ReadonlySet<string>;
  /** The inputs as signature parameters, unconditional ones first (symbols bind from those first). */
  readonly params: readonly A.SigParam[];
}

export function modelInputs(body: readonly A.Stmt[]): ModelInputs {
  const inputs: A.InputStmt[] = [];
  const conditional = new Set<string>();
  const collect = (stmts: readonly A.Stmt[], nested: boolean): void => {
    for (const s of stmts) {
      if (s.kind === "InputStmt") {
        if (nested) conditional.add(s.name.name);
        if (!inputs.some((i) => i.name.name === s.name.name)) inputs.push(s);
      } else if (s.kind === "IfStmt") {
        collect(s.then, true);
        if (s.else) collect(s.else, true);
      }
    }
  };
  collect(body, false);
  const params: A.SigParam[] = [...inputs]
    .sort((a, b) => Number(conditional.has(a.name.name)) - Number(conditional.has(b.name.name)))
    .map((i) => ({ kind: "SigParam", name: i.name, type: i.type, span: i.span }));
  return { inputs, conditional, params };
}

/** The body without its input declarations (at any depth). */
export function withoutInputs(stmts: readonly A.Stmt[]): A.Stmt[] {
  return stmts
    .filter((s) => s.kind !== "InputStmt")
    .map((s) => (s.kind === "IfStmt" ? { ...s, then: withoutInputs(s.then), ...(s.else ? { else: withoutInputs(s.else) } : {}) } : s));
}

/** A `frozen` mark: patterns, with the names its `except` leaves out. */
export interface FrozenMark {
  readonly patterns: readonly string[];
  readonly except: readonly string[];
}

/** What the model marks `frozen`: on members (`name.**`), on params, and `frozen … except …` statements. */
export function frozenMarks(body: readonly A.Stmt[]): FrozenMark[] {
  const out: FrozenMark[] = [];
  const visit = (stmts: readonly A.Stmt[]): void => {
    for (const s of stmts) {
      if ((s.kind === "AssignStmt" || s.kind === "ParamStmt") && s.mark?.kind === "frozen") {
        const n = s.kind === "ParamStmt" ? s.name.name : s.targets[0]!.name;
        out.push({ patterns: [s.kind === "ParamStmt" ? n : `${n}.**`], except: [] });
      } else if (s.kind === "MarkStmt" && s.mark.kind === "frozen") {
        out.push({ patterns: s.patterns.map(printPattern), except: s.except.map(printPattern) });
      } else if (s.kind === "IfStmt") {
        visit(s.then);
        if (s.else) visit(s.else);
      }
    }
  };
  visit(body);
  return out;
}

/** Capitalised names a body mentions: the shape symbols it may read. */
export function mentionedSymbols(body: readonly A.Stmt[], params: readonly (A.SigParam | A.BlockParam)[]): string[] {
  const used = new Set<string>();
  walkNames([body, params.map((p) => p.default)], (name) => {
    if (/^[A-Z]/.test(name)) used.add(name);
  });
  return [...used];
}

/** The names an expression reads that `bound` says are bound, each once, in order of first use. */
export function readNames(e: A.Expr, bound: (name: string) => boolean): string[] {
  const out: string[] = [];
  walkNames(e, (name) => {
    if (bound(name) && !out.includes(name)) out.push(name);
  });
  return out;
}

/**
 * Where a shape symbol is read from: the first required tensor parameter whose declared type
 * names it as a whole dimension, and that dimension's axis (negative past a `...`).
 */
export function symbolSource(name: string, params: readonly A.SigParam[]): { param: A.SigParam; axis: number } | undefined {
  for (const p of params) {
    if (p.type?.kind !== "TensorTypeExpr" || p.default !== undefined) continue;
    const dims = p.type.dims;
    const ell = dims.findIndex((d) => d.kind === "EllipsisExpr");
    const at = dims.findIndex((d) => d.kind === "NameExpr" && d.name === name);
    if (at < 0) continue;
    return { param: p, axis: ell >= 0 && at > ell ? at - dims.length : at };
  }
  return undefined;
}
