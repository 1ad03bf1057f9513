// What a name means where generated code uses it: a local (a forward's parameter or variable, a
// constructor's configuration constant), a field of the class (`this.attn`), a shape symbol
// bound from an input's shape, a generated class or function, or a builtin. Each binding
// carries the code that reads it and its static type.
import type { SType } from "./types.js";

export interface Binding {
  readonly code: string;
  readonly type: SType;
  /** For a number declared `int` or `float` (Python's `/` needs to know which). */
  readonly numeric?: "int" | "float";
}

export class Scope {
  private readonly vars = new Map<string, Binding>();
  constructor(readonly parent: Scope | undefined) {}

  set(name: string, b: Binding): void {
    this.vars.set(name, b);
  }

  own(name: string): Binding | undefined {
    return this.vars.get(name);
  }

  lookup(name: string): Binding | undefined {
    return this.vars.get(name) ?? this.parent?.lookup(name);
  }

  child(): Scope {
    return new Scope(this);
  }
}

const RESERVED = new Set([
  "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum", "export",
  "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "new", "null", "return", "super",
  "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with", "as", "implements", "interface", "let",
  "package", "private", "protected", "public", "static", "yield", "await", "arguments", "eval", "undefined", "NaN", "Infinity",
  // What every generated file imports or declares.
  "ops", "rt", "tf", "Tensor", "Variable", "Module", "ModuleList", "Model", "Math", "Object", "Array", "Number", "String", "Error",
]);

/** A spec name as a TypeScript identifier: a reserved word gets a trailing underscore. */
export function ident(name: string): string {
  return RESERVED.has(name) ? `${name}_` : name;
}

/** Members of Module/Model that a field or method must not replace. */
const MODULE_MEMBERS = new Set([
  "path", "params", "buffers", "children", "declared", "emaOf", "parent", "name", "config", "root", "seed", "nameOf", "param",
  "buffer", "call", "modules", "constructor", "forward", "run", "objectives", "stages", "frozen", "aliases", "presets",
  "namedParameters", "namedBuffers", "trainableParameters", "items", "keys", "at", "length", "slice", "toString",
]);

/** A field name on a generated class: the spec name unless it would shadow the base class. */
export function fieldName(name: string): string {
  return MODULE_MEMBERS.has(name) || RESERVED.has(name) ? `${name}_` : name;
}

/** A forward mode's method name: `forward` for the default, the mode's name otherwise. */
export function modeMethod(mode: string): string {
  return mode === "" ? "forward" : fieldName(mode);
}
