// The names every .vlm file can use without importing: primitive ops exposed as functions,
// compile-time helpers, initialisers (only inside `init`), data sources (only inside an input's
// `from`), dtypes and scalar type names.
// Name resolution and the elaborator both read this list, so they cannot disagree.
import { OPS } from "./ir/ops.js";
import { INITIALISERS } from "./ir/init.js";
import { SOURCES } from "./ir/sources.js";

/** Registry ops that are not callable from a spec (the elaborator creates them itself). */
const INTERNAL_OPS = new Set(["input", "param", "buffer", "constant"]);

export const OP_FUNCTIONS: ReadonlySet<string> = new Set([...OPS.keys()].filter((n) => !INTERNAL_OPS.has(n)));

/** Compile-time helpers and convenience wrappers implemented by the elaborator. */
export const HELPER_FUNCTIONS: ReadonlySet<string> = new Set([
  "zeros",
  "ones",
  "min",
  "max",
  "len",
  "int",
  "float",
  "ema",
  "queue",
]);

/** Helpers that construct an instance, like a block call does (a momentum copy). */
export const INSTANCE_HELPERS: ReadonlySet<string> = new Set(["ema"]);

export const INIT_FUNCTIONS: ReadonlySet<string> = new Set(INITIALISERS.keys());

/** Builtin arguments that take an initialiser, read as an `init` clause is: `queue(…, init: unit_normal)`. */
export function takesInitialiser(builtin: string, arg: string): boolean {
  return builtin === "queue" && arg === "init";
}

export const SOURCE_FUNCTIONS: ReadonlySet<string> = new Set(SOURCES.keys());

export const SCALAR_TYPES: ReadonlySet<string> = new Set(["int", "float", "bool", "str", "fn", "block", "list", "any"]);

export function isBuiltinName(name: string): boolean {
  return OP_FUNCTIONS.has(name) || HELPER_FUNCTIONS.has(name);
}

/** Shape symbols are capitalised (B, T, N): an unbound capitalised name in a tensor type binds one. */
export function isShapeSymbolName(name: string): boolean {
  return /^[A-Z][A-Za-z0-9_]*$/.test(name);
}
